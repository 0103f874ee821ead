"""Node-RED integration against fixtures recorded from Node-RED 4.1.8 (npm, Node.js 20)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.nodered import integration
from integrations.nodered.client import NodeRedClient
from integrations.nodered.definition import NodeRedDiagnostics, NodeRedFlows
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "nodered"
PASSWORD = "adminpass123"
BASE = "http://nodered.test:1880"
TOKEN = ("POST", "/auth/token")
LOGIN_SCHEME = ("GET", "/auth/login")
SETTINGS = ("GET", "/settings")
FLOWS = ("GET", "/flows")
DIAGNOSTICS = ("GET", "/diagnostics")
API = {SETTINGS: "settings", FLOWS: "flows", DIAGNOSTICS: "diagnostics"}
NO_AUTH = {
    LOGIN_SCHEME: "auth_login_no_auth",
    TOKEN: "auth_token_no_auth",
    SETTINGS: "settings_no_auth",
    FLOWS: "flows_empty",
    DIAGNOSTICS: "diagnostics_disabled",
}


def config(password: str | None = PASSWORD, url: str = BASE) -> dict[str, Any]:
    if password is None:
        return {"url": url, "credentials": {"type": "none"}}
    creds = {"type": "usernamePassword", "username": "admin", "password": password}
    return {"url": url, "credentials": creds}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(always=(PASSWORD, "token-1", "token-2"))


class FakeNodeRed:
    """Node-RED's adminAuth over the recorded answers: POST /auth/token issues a new token per
    login, the API answers 401 without a valid one, and a revoked (or expired) token is 401."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None) -> None:
        self.tokens: list[str] = []
        self.valid: set[str] = set()
        self.upstream = FakeUpstream(
            ID,
            {TOKEN: self.login, LOGIN_SCHEME: "auth_login", **API, **(routes or {})},
            refuse=self.refuse,
            open_routes=(TOKEN, LOGIN_SCHEME),
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        if form.get("password") != [PASSWORD]:
            return response_of(fixture(ID, "auth_token_wrong_password"))
        token = f"token-{len(self.tokens) + 1}"
        self.tokens.append(token)
        self.valid.add(token)
        data = fixture(ID, "auth_token")
        data["response"]["body"]["access_token"] = token
        return response_of(data)

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        header = request.headers.get("authorization", "")
        if not header:
            return response_of(fixture(ID, "no_token"))
        if header.removeprefix("Bearer ") not in self.valid:
            return response_of(fixture(ID, "revoked_token"))
        return None

    def revoke_all(self) -> None:
        self.valid.clear()

    @property
    def logins(self) -> int:
        return self.upstream.calls[TOKEN]


def expected_flows(answer: dict[str, Any]) -> NodeRedFlows:
    flows = answer["flows"]
    tabs = [n for n in flows if n["type"] == "tab"]
    nodes = [n for n in flows if n["type"] not in ("tab", "subflow", "group", "junction")]
    return NodeRedFlows(
        revision=answer["rev"],
        tabs=len(tabs),
        disabled_tabs=sum(bool(t.get("disabled")) for t in tabs),
        subflows=sum(n["type"] == "subflow" for n in flows),
        nodes=len(nodes),
        disabled_nodes=sum(bool(n.get("d")) for n in nodes),
        node_types=len({n["type"] for n in nodes}),
    )


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "nodered"
    assert integration.default_port == 1880
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    flows, diagnostics = integration.endpoints["flows"], integration.endpoints["diagnostics"]
    assert (flows.payload, flows.ttl, flows.min_refresh) == (NodeRedFlows, 60.0, 10.0)
    assert (diagnostics.payload, diagnostics.ttl, diagnostics.min_refresh) == (
        NodeRedDiagnostics,
        30.0,
        10.0,
    )


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., NodeRedClient]) -> None:
    fake = FakeNodeRed()
    info = await integration.test_connection(make_client(fake.upstream))

    settings = body("settings")
    assert info == ServiceInfo(
        version=settings["version"],
        details={
            "adminAuth": "on",
            "user": settings["user"]["username"],
            "permissions": settings["user"]["permissions"],
        },
    )
    assert info.version == "4.1.8"
    assert fake.logins == 1
    login = next(r for r in fake.upstream.requests if r.url.path == TOKEN[1])
    assert parse_qs(login.content.decode()) == {
        "client_id": ["node-red-admin"],
        "grant_type": ["password"],
        "scope": ["*"],
        "username": ["admin"],
        "password": [PASSWORD],
    }
    settings_call = next(r for r in fake.upstream.requests if r.url.path == SETTINGS[1])
    assert settings_call.headers["authorization"] == "Bearer token-1"


async def test_flows_match_the_recorded_answer(make_client: Callable[..., NodeRedClient]) -> None:
    fake = FakeNodeRed()
    flows = await integration.fetch_data(make_client(fake.upstream), "flows")

    assert flows == expected_flows(body("flows"))
    # run.sh's flows: two tabs (one disabled), one subflow used once, 7 nodes of 7 types
    assert (flows.tabs, flows.disabled_tabs, flows.subflows) == (2, 1, 1)
    assert (flows.nodes, flows.node_types, flows.disabled_nodes) == (7, 7, 0)
    request = next(r for r in fake.upstream.requests if r.url.path == FLOWS[1])
    assert request.headers["node-red-api-version"] == "v2"


async def test_disabled_nodes_and_groups(make_client: Callable[..., NodeRedClient]) -> None:
    answer = body("flows")
    answer["flows"][1]["d"] = True
    answer["flows"].append({"id": "g1", "type": "group", "z": "t1", "nodes": ["n1"]})
    answer["flows"].append({"id": "j1", "type": "junction", "z": "t1", "wires": [[]]})
    fake = FakeNodeRed({FLOWS: httpx.Response(200, json=answer)})
    flows = await integration.fetch_data(make_client(fake.upstream), "flows")

    assert flows == expected_flows(answer)
    assert (flows.nodes, flows.disabled_nodes) == (7, 1)  # groups and junctions are not nodes


async def test_diagnostics_match_the_recorded_report(
    make_client: Callable[..., NodeRedClient],
) -> None:
    fake = FakeNodeRed()
    diagnostics = await integration.fetch_data(make_client(fake.upstream), "diagnostics")

    report = body("diagnostics")
    memory = report["nodejs"]["memoryUsage"]
    assert diagnostics == NodeRedDiagnostics(
        version=report["runtime"]["version"],
        diagnostics_enabled=True,
        nodejs_version=report["nodejs"]["version"],
        memory_rss=memory["rss"],
        heap_used=memory["heapUsed"],
        heap_total=memory["heapTotal"],
        host_uptime_seconds=round(report["os"]["uptime"]),
        flows_started=report["runtime"]["flows"]["started"],
    )
    assert (diagnostics.version, diagnostics.nodejs_version) == ("4.1.8", "v20.20.2")


async def test_without_admin_auth(make_client: Callable[..., NodeRedClient]) -> None:
    upstream = FakeUpstream(ID, NO_AUTH)
    client = make_client(upstream, password=None)
    info = await integration.test_connection(client)
    flows = await integration.fetch_data(client, "flows")
    diagnostics = await integration.fetch_data(client, "diagnostics")

    assert info == ServiceInfo(
        version=body("settings_no_auth")["version"], details={"adminAuth": "off"}
    )
    assert flows == expected_flows(body("flows_empty"))
    assert flows.tabs == flows.nodes == 0
    # diagnostics disabled (403 diagnostics.disabled): the version from /settings, nothing else
    assert body("diagnostics_disabled")["code"] == "diagnostics.disabled"
    assert diagnostics == NodeRedDiagnostics(version="4.1.8", diagnostics_enabled=False)
    assert upstream.calls[TOKEN] == 0
    assert all("authorization" not in r.headers for r in upstream.requests)


async def test_password_given_but_admin_auth_off(
    make_client: Callable[..., NodeRedClient],
) -> None:
    upstream = FakeUpstream(ID, NO_AUTH)
    client = make_client(upstream)
    info = await integration.test_connection(client)
    await integration.fetch_data(client, "flows")

    assert info.details == {"adminAuth": "off"}
    assert upstream.calls[TOKEN] == 1  # 404: no /auth/token without adminAuth
    assert upstream.calls[LOGIN_SCHEME] == 1  # {}: no login needed
    assert all("authorization" not in r.headers for r in upstream.requests)


# --- sessions -----------------------------------------------------------------------------------


async def test_token_reused_across_fetches(make_client: Callable[..., NodeRedClient]) -> None:
    fake = FakeNodeRed()
    client = make_client(fake.upstream)
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "flows"),
        integration.fetch_data(client, "diagnostics"),
    )
    await integration.fetch_data(client, "flows")
    assert fake.logins == 1


async def test_revoked_token_logs_in_again_once(
    make_client: Callable[..., NodeRedClient],
) -> None:
    fake = FakeNodeRed()
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "flows")
    fake.revoke_all()  # expired or revoked: the next call gets 401

    flows = await integration.fetch_data(client, "flows")

    assert flows == expected_flows(body("flows"))
    assert fake.logins == 2
    tried = [r.headers["authorization"] for r in fake.upstream.requests if r.url.path == FLOWS[1]]
    assert tried == ["Bearer token-1", "Bearer token-1", "Bearer token-2"]


async def test_unauthorized_right_after_login_is_not_a_loop(
    make_client: Callable[..., NodeRedClient],
) -> None:
    # a user whose permissions lack diagnostics.read gets 401 with a fresh token too
    fake = FakeNodeRed({DIAGNOSTICS: "revoked_token"})
    client = make_client(fake.upstream)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "diagnostics")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert fake.logins == 2  # the first login and exactly one renewal
    assert fake.upstream.calls[DIAGNOSTICS] == 2
    assert_no_secret(caught.value)

    with pytest.raises(IntegrationError):
        await integration.fetch_data(client, "diagnostics")
    assert fake.logins == 3  # one renewal per fetch


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_password_is_unauthorized(make_client: Callable[..., NodeRedClient]) -> None:
    fake = FakeNodeRed()
    client = make_client(fake.upstream, password="wrong-password")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 403)  # OAuth2 invalid_grant
    assert err.url == f"{BASE}/auth/token"
    assert err.message == "Node-RED rejected the username or password"
    assert fake.upstream.calls[SETTINGS] == 0
    assert_no_secret(err, "wrong-password")

    with pytest.raises(IntegrationError) as again:  # held back, not sent again at once
        await integration.fetch_data(client, "flows")
    assert again.value.code is ErrorCode.UNAUTHORIZED
    assert fake.logins == 1


async def test_no_credentials_when_login_is_required(
    make_client: Callable[..., NodeRedClient],
) -> None:
    fake = FakeNodeRed()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, password=None))
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "username and password" in caught.value.message
    assert fake.logins == 0


async def test_diagnostics_forbidden_otherwise_is_forbidden(
    make_client: Callable[..., NodeRedClient],
) -> None:
    fake = FakeNodeRed({DIAGNOSTICS: httpx.Response(403, text="Forbidden")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "diagnostics")
    assert (caught.value.code, caught.value.status) == (ErrorCode.FORBIDDEN, 403)


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_nodered_is_invalid_response(
    make_client: Callable[..., NodeRedClient], name: str
) -> None:
    upstream = FakeUpstream(ID, {TOKEN: name})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert (caught.value.code, caught.value.status) == (ErrorCode.INVALID_RESPONSE, 200)
    assert_no_secret(caught.value)

    anonymous = FakeUpstream(ID, {SETTINGS: name, FLOWS: name, DIAGNOSTICS: name})
    client = make_client(anonymous, password=None)
    for call in (
        integration.test_connection(client),
        integration.fetch_data(client, "flows"),
        integration.fetch_data(client, "diagnostics"),
    ):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_no_api_at_url_is_not_found(make_client: Callable[..., NodeRedClient]) -> None:
    upstream = FakeUpstream(ID, {})  # 404 for /auth/token and /auth/login alike
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)
    assert caught.value.url == f"{BASE}/auth/token"


async def test_server_error_is_upstream_error(make_client: Callable[..., NodeRedClient]) -> None:
    fake = FakeNodeRed({FLOWS: httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "flows")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert_no_secret(caught.value)
