"""NUT integration against a fake upsd on loopback that answers with lines recorded from upsd
2.8.0 (NUT's network protocol, docs/net-protocol.txt)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode, IntegrationError
from integrations.nut import integration
from integrations.nut.client import DEFAULT_PORT, MAX_LIST, NutClient
from integrations.nut.definition import NutUps
from tests.integrations.upstream import fixture, secret_check

ID = "nut"
PASSWORD = "fixture-password"
assert_no_secret = secret_check(PASSWORD)

Answer = str | Callable[[asyncio.StreamWriter], Any]


def recorded(name: str) -> str:
    body: str = fixture(ID, name)["response"]["body"]
    return body


class FakeUpsd:
    """upsd's rules over the recorded answers: VER, LIST UPS, LIST VAR <ups> (ERR UNKNOWN-UPS for
    another name), USERNAME/PASSWORD always OK and LOGIN checking the password (ERR
    ACCESS-DENIED), LOGOUT. ``answers`` replaces the answer to a command."""

    def __init__(self, answers: dict[str, Answer] | None = None) -> None:
        self.answers = answers or {}
        self.received: list[str] = []
        self.server: asyncio.Server | None = None
        self.port = 0

    async def __aenter__(self) -> FakeUpsd:
        self.server = await asyncio.start_server(self.serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.server.wait_closed(), 1)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        password = None
        try:
            while line := (await reader.readline()).decode().rstrip("\n"):
                self.received.append(line)
                answer = self.answers.get(line.split(" ")[0]) or self.answers.get(line)
                if answer is None:
                    if line.startswith("PASSWORD "):
                        password = line.removeprefix("PASSWORD ")
                    answer = self.answer(line, password)
                if callable(answer):
                    await answer(writer)
                    return
                writer.write(answer.encode())
                await writer.drain()
                if line == "LOGOUT":
                    break
        finally:
            writer.close()

    def answer(self, line: str, password: str | None) -> str:
        if line == "VER":
            return recorded("ver")
        if line == "LIST UPS":
            return recorded("list_ups")
        if line == "LIST VAR dummy":
            return recorded("list_var")
        if line.startswith("LIST VAR "):
            return recorded("unknown_ups")
        if line.startswith(("USERNAME ", "PASSWORD ")):
            return "OK\n"
        if line == "LOGIN dummy":
            ok = password == f'"{PASSWORD}"'
            return recorded("login_ok") if ok else recorded("access_denied")
        if line == "LOGOUT":
            return "OK Goodbye\n"
        return "ERR UNKNOWN-COMMAND\n"


@pytest.fixture
async def upsd() -> AsyncIterator[FakeUpsd]:
    async with FakeUpsd() as fake:
        yield fake


def config(url: str, password: str | None = None, **extra: Any) -> dict[str, Any]:
    creds: dict[str, Any] = {"type": "none"}
    if password is not None:
        creds = {"type": "usernamePassword", "username": "admin", "password": password}
    return {"url": url, "credentials": creds, "timeout": 2, "extra": extra}


@contextlib.asynccontextmanager
async def client_for(
    url: str, password: str | None = None, **extra: Any
) -> AsyncIterator[NutClient]:
    client = integration.create_client(
        integration.config_model.model_validate(config(url, password, **extra))
    )
    try:
        yield client
    finally:
        await client.aclose()


async def failure(url: str, endpoint: str | None = None, **kwargs: Any) -> IntegrationError:
    async with client_for(url, **kwargs) as client:
        return await failure_of(client, endpoint)


async def failure_of(client: NutClient, endpoint: str | None) -> IntegrationError:
    call = (
        integration.test_connection(client)
        if endpoint is None
        else integration.fetch_data(client, endpoint)
    )
    with pytest.raises(IntegrationError) as caught:
        await call
    return caught.value


async def test_connection_says_the_version_and_the_ups(upsd: FakeUpsd) -> None:
    async with client_for(upsd.url) as client:
        info = await integration.test_connection(client)
    assert info.version == "2.8.0"
    assert info.details == {"ups": "dummy", "upses": "1"}
    assert upsd.received[:2] == ["VER", "LIST UPS"]
    assert not any(line.startswith(("USERNAME", "PASSWORD")) for line in upsd.received)


async def test_connection_with_credentials_logs_in(upsd: FakeUpsd) -> None:
    async with client_for(upsd.url, PASSWORD) as client:
        info = await integration.test_connection(client)
    assert info.details["login"] == "accepted"
    assert upsd.received[2:5] == ['USERNAME "admin"', f'PASSWORD "{PASSWORD}"', "LOGIN dummy"]


async def test_a_wrong_password_is_unauthorized_without_it(upsd: FakeUpsd) -> None:
    error = await failure(upsd.url, password="wrong-password")
    assert error.code is ErrorCode.UNAUTHORIZED
    assert "refused the username or password" in error.message
    assert_no_secret(error, "wrong-password")


async def test_a_password_is_quoted_and_escaped(upsd: FakeUpsd) -> None:
    await failure(upsd.url, password='a"b\\c')
    assert 'PASSWORD "a\\"b\\\\c"' in upsd.received


async def test_the_ups_endpoint_reads_every_value(upsd: FakeUpsd) -> None:
    async with client_for(upsd.url) as client:
        ups = await integration.fetch_data(client, "ups")
    assert ups == NutUps(
        name="dummy",
        description="Tilewire test UPS",
        model="Dummy 1500",
        manufacturer="Tilewire",
        status="OL CHRG",
        status_text="Online, Charging",
        flags=["OL", "CHRG"],
        online=True,
        on_battery=False,
        low_battery=False,
        replace_battery=False,
        battery_charge=87.0,
        battery_runtime_seconds=1520,
        load=23.0,
        input_voltage=231.4,
        output_voltage=230.0,
        alarm=None,
        ups_count=1,
    )
    assert upsd.received[:2] == ["LIST UPS", "LIST VAR dummy"]


@pytest.mark.parametrize(
    ("status", "text", "on_battery", "low"),
    [
        ("OB DISCHRG", "On battery, Discharging", True, False),
        ("OB LB", "On battery, Low battery", True, True),
        ("OL RB", "Online, Replace battery", False, False),
        ("OL WEIRD", "Online, WEIRD", False, False),
    ],
)
async def test_status_flags_are_decoded(
    status: str, text: str, on_battery: bool, low: bool
) -> None:
    listing = recorded("list_var").replace('ups.status "OL CHRG"', f'ups.status "{status}"')
    async with FakeUpsd({"LIST VAR dummy": listing}) as fake, client_for(fake.url) as client:
        ups = await integration.fetch_data(client, "ups")
    assert isinstance(ups, NutUps)
    assert (ups.status_text, ups.on_battery, ups.low_battery) == (text, on_battery, low)
    assert ups.online is ("OL" in status)


async def test_missing_values_are_none() -> None:
    listing = 'BEGIN LIST VAR dummy\nVAR dummy ups.status "OL"\nEND LIST VAR dummy\n'
    async with FakeUpsd({"LIST VAR dummy": listing}) as fake, client_for(fake.url) as client:
        ups = await integration.fetch_data(client, "ups")
    assert isinstance(ups, NutUps)
    assert (ups.battery_charge, ups.battery_runtime_seconds, ups.model) == (None, None, None)


async def test_a_ups_the_server_does_not_serve_is_not_found(upsd: FakeUpsd) -> None:
    error = await failure(upsd.url, "ups", ups="garage")
    assert error.code is ErrorCode.NOT_FOUND
    assert "no UPS named 'garage' (it serves: dummy)" in error.message


async def test_unknown_ups_from_upsd_is_not_found() -> None:
    listing = 'BEGIN LIST UPS\nUPS gone "removed meanwhile"\nEND LIST UPS\n'
    async with FakeUpsd({"LIST UPS": listing}) as fake:
        error = await failure(fake.url, "ups")
    assert error.code is ErrorCode.NOT_FOUND  # ERR UNKNOWN-UPS


def test_a_ups_name_that_is_not_one_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config("http://ups.test", ups="a b\nc"))
    assert "ups" in str(caught.value)


async def test_https_is_invalid_config() -> None:
    error = await failure("https://127.0.0.1:3493")
    assert error.code is ErrorCode.INVALID_CONFIG
    assert error.message.startswith("url:")


async def test_the_port_defaults_to_3493() -> None:
    async with client_for("http://ups.test") as client:
        assert client.target == ("ups.test", DEFAULT_PORT)


async def test_a_web_server_at_the_url_is_invalid_response() -> None:
    http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
    async with FakeUpsd({"VER": http, "LIST": http}) as fake:
        error = await failure(fake.url)
    assert error.code is ErrorCode.INVALID_RESPONSE
    assert "is this NUT's port?" in error.message


async def endless_line(writer: asyncio.StreamWriter) -> None:
    for _ in range(100):  # 100 KiB without a line break: more than MAX_LINE
        writer.write(b"x" * 1024)
        await writer.drain()


async def endless_list(writer: asyncio.StreamWriter) -> None:
    writer.write(b"BEGIN LIST VAR dummy\n")
    for n in range(MAX_LIST + 10):
        writer.write(f'VAR dummy x.{n} "1"\n'.encode())
    await writer.drain()


async def silent(writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(10)


async def hang_up(writer: asyncio.StreamWriter) -> None:
    writer.close()


@pytest.mark.parametrize(
    ("command", "behaviour", "code"),
    [
        ("VER", endless_line, ErrorCode.RESPONSE_TOO_LARGE),
        ("LIST VAR dummy", endless_list, ErrorCode.RESPONSE_TOO_LARGE),
        ("VER", silent, ErrorCode.TIMEOUT),
        ("VER", hang_up, ErrorCode.INVALID_RESPONSE),
    ],
    ids=["endless-line", "endless-list", "silent", "hang-up"],
)
async def test_answers_are_bounded(command: str, behaviour: Answer, code: ErrorCode) -> None:
    async with FakeUpsd({command: behaviour}) as fake:
        endpoint = "ups" if command.startswith("LIST") else None
        async with client_for(fake.url) as client:
            client.config = client.config.model_copy(update={"timeout": 0.5})
            error = await failure_of(client, endpoint)
    assert error.code is code, error


async def test_data_stale_is_an_upstream_error() -> None:
    async with FakeUpsd({"LIST VAR dummy": "ERR DATA-STALE\n"}) as fake:
        error = await failure(fake.url, "ups")
    assert error.code is ErrorCode.UPSTREAM_ERROR
    assert "no fresh data" in error.message
