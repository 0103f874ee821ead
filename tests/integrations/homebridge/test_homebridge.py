"""Homebridge integration against fixtures transcribed from the Homebridge UI
(homebridge-config-ui-x) API documentation, 4.x and 5.x."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.capabilities import SystemResources
from integrations.errors import ErrorCode, IntegrationError
from integrations.homebridge import integration
from integrations.homebridge.client import HomebridgeClient
from integrations.homebridge.definition import HomebridgeStatus
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    MemorySessions,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "homebridge"
PASSWORD = "homebridge-password"
BASE = "http://homebridge.test:8581"
LOGIN = ("POST", "/api/auth/login")
NOAUTH = ("POST", "/api/auth/noauth")
STATE = ("GET", "/api/status/homebridge")
VERSION = ("GET", "/api/status/homebridge-version")
NODE = ("GET", "/api/status/nodejs")
PLUGINS = ("GET", "/api/plugins")
CPU = ("GET", "/api/status/cpu")
RAM = ("GET", "/api/status/ram")
UPTIME = ("GET", "/api/status/uptime")
SETTINGS = ("GET", "/api/auth/settings")
API = {
    STATE: "status_homebridge",
    VERSION: "homebridge_version",
    NODE: "nodejs",
    PLUGINS: "plugins",
    CPU: "cpu",
    RAM: "ram",
    UPTIME: "uptime",
    SETTINGS: "auth_settings",
}
UI = "homebridge-config-ui-x"
LOGIN_CREDS = {"type": "usernamePassword", "username": "admin", "password": PASSWORD}


def config(credentials: dict[str, Any] | None = None, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": credentials or LOGIN_CREDS}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(PASSWORD)


class FakeHomebridge:
    """The UI's session rules over the documented answers: a login (or, with auth 'none', the
    noauth call) hands out a fresh token, every API route answers 401 without a valid one, and
    a restart of the UI forgets every token (a new secret)."""

    def __init__(
        self, routes: dict[tuple[str, str], Any] | None = None, *, auth: str = "form"
    ) -> None:
        self.auth = auth
        self.issued: list[str] = []
        self.valid: set[str] = set()
        self.upstream = FakeUpstream(
            ID,
            {LOGIN: self.login, NOAUTH: self.noauth, **API, **(routes or {})},
            refuse=self.refuse,
            open_routes=(LOGIN, NOAUTH),
        )

    def token(self, name: str) -> httpx.Response:
        token = f"jwt-{len(self.issued) + 1}"
        self.issued.append(token)
        self.valid.add(token)
        data = fixture(ID, name)
        data["response"]["body"]["access_token"] = token
        return response_of(data)

    def login(self, request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        if sent != {"username": "admin", "password": PASSWORD}:
            return response_of(fixture(ID, "auth_login_wrong_password"))
        return self.token("auth_login")

    def noauth(self, request: httpx.Request) -> httpx.Response:
        if self.auth != "none":
            return response_of(fixture(ID, "auth_noauth_refused"))
        return self.token("auth_noauth")

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        header = request.headers.get("authorization", "")
        if header.removeprefix("Bearer ") not in self.valid:
            return response_of(fixture(ID, "unauthorized"))
        return None

    def restart(self) -> None:
        self.valid.clear()

    @property
    def logins(self) -> int:
        return self.upstream.calls[LOGIN] + self.upstream.calls[NOAUTH]


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "homebridge"
    assert integration.default_port == 8581
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    status, system = integration.endpoints["status"], integration.endpoints["system"]
    assert (status.payload, status.ttl, status.min_refresh) == (HomebridgeStatus, 60.0, 15.0)
    assert (system.payload, system.ttl, system.min_refresh) == (SystemResources, 10.0, 5.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., HomebridgeClient]) -> None:
    fake = FakeHomebridge()
    info = await integration.test_connection(make_client(fake.upstream))

    env = body("auth_settings")["env"]
    assert info == ServiceInfo(
        version=body("homebridge_version")["installedVersion"],
        details={
            "status": body("status_homebridge")["status"],
            "uiVersion": env["packageVersion"],
            "nodeVersion": env["nodeVersion"],
            "instance": env["homebridgeInstanceName"],
        },
    )
    assert info.version == "1.8.4"
    assert fake.logins == 1
    login = next(r for r in fake.upstream.requests if r.url.path == LOGIN[1])
    assert json.loads(login.content) == {"username": "admin", "password": PASSWORD}
    for request in fake.upstream.requests:
        if request.url.path != LOGIN[1]:
            assert request.headers["authorization"] == "Bearer jwt-1"


async def test_status(make_client: Callable[..., HomebridgeClient]) -> None:
    fake = FakeHomebridge()
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    homebridge, node, plugins = body("homebridge_version"), body("nodejs"), body("plugins")
    ui = next(p for p in plugins if p["name"] == UI)
    others = [p for p in plugins if p["name"] != UI]
    assert isinstance(status, HomebridgeStatus)
    assert status.status == body("status_homebridge")["status"] == "up"
    assert (status.homebridge_version, status.homebridge_latest, status.homebridge_update) == (
        homebridge["installedVersion"],
        homebridge["latestVersion"],
        homebridge["updateAvailable"],
    )
    assert (status.ui_version, status.ui_latest, status.ui_update) == (
        ui["installedVersion"],
        ui["latestVersion"],
        ui["updateAvailable"],
    )
    assert (status.node_version, status.node_latest, status.node_update) == (
        node["currentVersion"],
        node["latestVersion"],
        node["updateAvailable"],
    )
    assert status.plugins == len(others) == 4
    assert status.plugin_updates == sum(p["updateAvailable"] for p in others) == 2
    assert status.updates_available == 2 + 1 + 1  # plugins, Homebridge, the UI
    assert fake.logins == 1


async def test_system(make_client: Callable[..., HomebridgeClient]) -> None:
    fake = FakeHomebridge()
    system = await integration.fetch_data(make_client(fake.upstream), "system")

    mem = body("ram")["mem"]
    used = mem["total"] - mem["available"]  # as the UI's own memory widget counts it
    assert isinstance(system, SystemResources)
    assert system.cpu_percent == round(body("cpu")["currentLoad"], 2) == 12.35
    assert (system.memory_used, system.memory_total) == (used, mem["total"])
    assert system.memory_percent == round(used / mem["total"] * 100, 2) == 36.33
    assert system.uptime_seconds == int(body("uptime")["time"]["uptime"]) == 864123
    assert system.disks == []


async def test_system_without_server_metrics(make_client: Callable[..., HomebridgeClient]) -> None:
    fake = FakeHomebridge({CPU: "cpu_metrics_off", RAM: "ram_metrics_off"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "system")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert "Server Metrics Monitoring" in caught.value.message


async def test_authentication_none(make_client: Callable[..., HomebridgeClient]) -> None:
    fake = FakeHomebridge(auth="none")
    client = make_client(fake.upstream, credentials={"type": "none"})
    info = await integration.test_connection(client)
    status = await integration.fetch_data(client, "status")

    assert info.version == body("homebridge_version")["installedVersion"]
    assert status.status == "up"
    assert fake.upstream.calls[NOAUTH] == 1
    assert fake.upstream.calls[LOGIN] == 0


# --- sessions -----------------------------------------------------------------------------------


async def test_token_reused_across_fetches(make_client: Callable[..., HomebridgeClient]) -> None:
    fake = FakeHomebridge()
    client = make_client(fake.upstream)
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "status"),
        integration.fetch_data(client, "system"),
    )
    await integration.fetch_data(client, "system")
    assert fake.logins == 1


async def test_expired_token_logs_in_again_once(
    make_client: Callable[..., HomebridgeClient],
) -> None:
    fake = FakeHomebridge()
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "system")
    fake.restart()  # the token expired (or the UI restarted with a new secret)

    system = await integration.fetch_data(client, "system")

    assert system.memory_total == body("ram")["mem"]["total"]
    assert fake.logins == 2
    tried, retried = [r for r in fake.upstream.requests if r.url.path == CPU[1]][1:]
    assert tried.headers["authorization"] == "Bearer jwt-1"
    assert retried.headers["authorization"] == "Bearer jwt-2"


async def test_401_right_after_login_is_unauthorized(
    make_client: Callable[..., HomebridgeClient],
) -> None:
    fake = FakeHomebridge({CPU: response_of(fixture(ID, "unauthorized"))})
    client = make_client(fake.upstream)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "system")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert fake.logins == 2  # the first login and exactly one renewal
    assert_no_secret(caught.value)

    with pytest.raises(IntegrationError):
        await integration.fetch_data(client, "system")
    assert fake.logins == 3  # one renewal per fetch, never a loop


async def test_token_is_shared_between_processes(
    make_client: Callable[..., HomebridgeClient],
) -> None:
    fake = FakeHomebridge()
    store = MemorySessions()
    first = make_client(fake.upstream)
    first.share_sessions(store, "app-1")
    await integration.fetch_data(first, "system")
    assert store.data["app-1"] == b"jwt-1"

    second = make_client(fake.upstream)
    second.share_sessions(store, "app-1")
    await integration.fetch_data(second, "status")
    assert fake.logins == 1
    assert fake.upstream.requests[-1].headers["authorization"] == "Bearer jwt-1"


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_password_is_unauthorized(make_client: Callable[..., HomebridgeClient]) -> None:
    fake = FakeHomebridge()
    client = make_client(fake.upstream, credentials={**LOGIN_CREDS, "password": "wrong-password"})
    for _ in range(2):
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
        err = caught.value
        assert err.code is ErrorCode.UNAUTHORIZED
        assert err.status == 403
        assert_no_secret(err, "wrong-password")
    assert err.message.startswith("the Homebridge UI rejected the username or password")
    assert fake.logins == 1  # a rejected login is not retried at once
    assert fake.upstream.calls[VERSION] == 0


async def test_two_factor_user_is_unauthorized(
    make_client: Callable[..., HomebridgeClient],
) -> None:
    fake = FakeHomebridge({})
    fake.upstream.route(*LOGIN, "auth_login_otp_required")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 412
    assert "two-factor" in caught.value.message


async def test_no_credentials_with_login_required(
    make_client: Callable[..., HomebridgeClient],
) -> None:
    fake = FakeHomebridge()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, credentials={"type": "none"}))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert "username and password" in caught.value.message


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_homebridge_is_invalid_response(
    make_client: Callable[..., HomebridgeClient], name: str
) -> None:
    upstream = FakeUpstream(ID, {LOGIN: name})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_no_ui_at_url_is_not_found(make_client: Callable[..., HomebridgeClient]) -> None:
    upstream = FakeUpstream(ID, {})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.url == f"{BASE}/api/auth/login"


async def test_server_error_is_upstream_error(make_client: Callable[..., HomebridgeClient]) -> None:
    fake = FakeHomebridge({PLUGINS: httpx.Response(500, json={"statusCode": 500})})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "status")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)
