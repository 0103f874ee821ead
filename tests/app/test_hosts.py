"""Which Host names the server answers: loopback only with auth off (a page whose name
rebinds to 127.0.0.1 must not reach the API), ``TILEWIRE_ALLOWED_HOSTS`` when set."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import websockets
from starlette.types import Message, Receive, Scope, Send

from app.auth import Role, mint_token
from app.crypto import generate_key
from app.hosts import HostGuard, host_of
from app.settings import SettingsError, load_settings
from tests.support.server import serve

CREATE = """mutation { createApp(input: {name: "rebound", integrationType: "qbittorrent",
  integrationConfig: {url: "http://127.0.0.1:9", credentials: {username: "a", password: "b"}}})
  { __typename } }"""
SECRET = "h" * 40


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "TILEWIRE_DATA_DIR": str(tmp_path),
        "INTEGRATION_ENCRYPTION_KEY": generate_key(),
        "TILEWIRE_ENV": "development",
        **extra,
    }


async def post(
    url: str, host: str, query: str = "{ __typename }", token: str | None = None
) -> httpx.Response:
    headers = {"Host": host}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        return await http.post("/graphql", json={"query": query}, headers=headers)


async def ws_handshake(url: str, host: str, token: str | None = None) -> str:
    """Open graphql-transport-ws to the server at ``url`` with the given Host header; the
    type of the server's answer to connection_init ("connection_ack")."""
    port = urlsplit(url).port
    params = {"Authorization": f"Bearer {token}"} if token else {}
    async with websockets.connect(
        f"ws://{host}/graphql",
        host="127.0.0.1",
        port=port,
        proxy=None,
        subprotocols=[websockets.Subprotocol("graphql-transport-ws")],
        open_timeout=5,
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": params}))
        answer: str = json.loads(await ws.recv(decode=True))["type"]
        return answer


async def ws_refused(url: str, host: str) -> websockets.InvalidStatus:
    with pytest.raises(websockets.InvalidStatus) as refused:
        await ws_handshake(url, host)
    return refused.value


async def test_auth_off_serves_loopback_names_only(tmp_path: Path) -> None:
    with serve(env_for(tmp_path), tmp_path / "server.log") as server:
        port = urlsplit(server.url).port
        for _ in range(3):
            refused = await post(server.url, "attacker.example", CREATE)
            assert refused.status_code == 400
            assert refused.headers["content-type"].startswith("text/plain")
            assert "loopback names" in refused.text and "TILEWIRE_ALLOWED_HOSTS" in refused.text
        for host in ("attacker.example:80", "127.0.0.1.attacker.example", "localhost.evil"):
            assert (await post(server.url, host)).status_code == 400, host
        denied = await ws_refused(server.url, f"attacker.example:{port}")
        assert denied.response.status_code == 400
        assert b"loopback names" in denied.response.body

        for host in (
            f"localhost:{port}",
            "LocalHost",
            f"127.0.0.1:{port}",
            "127.0.0.2",
            f"[::1]:{port}",
            "[::1]",
            "dashboard.localhost",
        ):
            answered = await post(server.url, host)
            assert answered.status_code == 200, (host, answered.text)
            assert answered.json() == {"data": {"__typename": "Query"}}
        assert await ws_handshake(server.url, f"localhost:{port}") == "connection_ack"
        assert await ws_handshake(server.url, f"[::1]:{port}") == "connection_ack"

        # container health checks call these by address: answered whatever the Host
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            for path in ("/healthz", "/readyz"):
                checked = await http.get(path, headers={"Host": "172.17.0.2:8000"})
                assert checked.status_code == 200, path
            apps = await http.post("/graphql", json={"query": "{ apps { name } }"})
        assert apps.json() == {"data": {"apps": []}}, "the refused mutation must not have run"
    log = server.log()
    refusals = [line for line in log.splitlines() if "Host 'attacker.example'" in line]
    assert len(refusals) == 1, refusals  # once per name, however often and on whatever port
    assert "Traceback" not in log


async def test_allowed_hosts_are_enforced_with_auth_on(tmp_path: Path) -> None:
    env = env_for(
        tmp_path,
        JWT_SECRET=SECRET,
        TILEWIRE_ALLOWED_HOSTS=" Dash.Example.com, *.home.arpa ,[fd00::5]",
    )
    admin = mint_token(SECRET, Role.ADMIN)
    with serve(env, tmp_path / "server.log") as server:
        for host in ("dash.example.com", "DASH.EXAMPLE.COM:443", "tiles.home.arpa", "[fd00::5]"):
            answered = await post(server.url, host, token=admin)
            assert answered.status_code == 200, (host, answered.text)
        for host in ("attacker.example", "home.arpa", "localhost", "127.0.0.1", "[::1]"):
            refused = await post(server.url, host, token=admin)
            assert refused.status_code == 400, host
            assert "TILEWIRE_ALLOWED_HOSTS" in refused.text
        assert await ws_handshake(server.url, "tiles.home.arpa", admin) == "connection_ack"
        denied = await ws_refused(server.url, "attacker.example")
        assert denied.response.status_code == 400
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            assert (await http.get("/healthz", headers={"Host": "10.0.0.7"})).status_code == 200
    assert "Traceback" not in server.log()
    assert admin not in server.log()


async def test_auth_on_without_a_list_answers_any_host(tmp_path: Path) -> None:
    admin = mint_token(SECRET, Role.ADMIN)
    with serve(env_for(tmp_path, JWT_SECRET=SECRET), tmp_path / "server.log") as server:
        answered = await post(server.url, "tilewire.example.net", token=admin)
        assert answered.status_code == 200, answered.text
        assert await ws_handshake(server.url, "tilewire.example.net", admin) == "connection_ack"


@pytest.mark.parametrize(
    "value",
    ["https://dash.example.com", "dash.example.com:8443", "*example.com", "a.*.com", "dash/x"],
)
def test_malformed_allowed_hosts_are_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("TILEWIRE_ALLOWED_HOSTS", value)
    with pytest.raises(SettingsError, match="TILEWIRE_ALLOWED_HOSTS"):
        load_settings()


async def test_websocket_refusal_without_the_denial_response_extension() -> None:
    """Servers that cannot answer a handshake with a response get a close before accept
    (which they send as 403); the application behind is never called."""

    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        raise AssertionError("a refused Host reached the application")

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "websocket",
        "path": "/graphql",
        "headers": [(b"host", b"attacker.example")],
        "extensions": {},
    }
    await HostGuard(application, allowed=None)(scope, receive, send)
    assert [message["type"] for message in sent] == ["websocket.close"]


@pytest.mark.parametrize(
    ("header", "host"),
    [
        ("LocalHost:8000", "localhost"),
        ("localhost.", "localhost"),
        ("[::1]:8000", "[::1]"),
        ("[0:0::1]", "[::1]"),
        ("127.0.0.1:65535", "127.0.0.1"),
        ("::1", None),  # IPv6 without brackets
        ("[zz::1]", None),
        ("a:b:c", None),
        ("host name", None),
        ("example.com:port", None),
        ("", None),
        (None, None),
    ],
)
def test_host_header_parsing(header: str | None, host: str | None) -> None:
    assert host_of(header) == host
