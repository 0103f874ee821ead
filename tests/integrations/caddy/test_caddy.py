"""Caddy integration against fixtures recorded from Caddy 2.6.2's admin API (Debian)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.caddy import integration
from integrations.caddy.client import CaddyClient
from integrations.caddy.definition import CaddyUpstreams
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    needs_header,
    secret_check,
)

ID = "caddy"
BASE = "http://caddy.test:2019"
PASSWORD = "adminpass123"
CONFIG = ("GET", "/config/")
UPSTREAMS = ("GET", "/reverse_proxy/upstreams")
API = {CONFIG: "config", UPSTREAMS: "upstreams"}


def config(url: str = BASE, password: str | None = None) -> dict[str, Any]:
    if password is None:
        return {"url": url}
    creds = {"type": "usernamePassword", "username": "admin", "password": password}
    return {"url": url, "credentials": creds}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(PASSWORD)


def behind_basic_auth(routes: dict[tuple[str, str], Any]) -> FakeUpstream:
    """The admin API behind a proxy asking for admin / adminpass123 (401 otherwise)."""
    expected = "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
    return FakeUpstream(
        ID, routes, refuse=needs_header(ID, "authorization", expected, "proxy_unauthorized")
    )


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "caddy"
    assert integration.default_port == 2019
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    upstreams = integration.endpoints["upstreams"]
    assert (upstreams.payload, upstreams.ttl, upstreams.min_refresh) == (CaddyUpstreams, 10, 5)


# --- success ------------------------------------------------------------------------------------


async def test_connection_reads_the_config(make_client: Callable[..., CaddyClient]) -> None:
    upstream = FakeUpstream(ID, API)
    info = await integration.test_connection(make_client(upstream))

    servers = body("config")["apps"]["http"]["servers"]
    # Caddy 2.6's admin API reports no version, and sends no Server header
    assert "server" not in fixture(ID, "config")["response"]["headers"]
    assert info == ServiceInfo(version=None, details={"apps": "http", "httpServers": "3"})
    assert len(servers) == 3
    assert upstream.calls == {CONFIG: 1}


@pytest.mark.parametrize(
    ("answer", "details"),
    [
        (None, {"apps": "none", "httpServers": "0"}),  # a Caddy started without a config
        ("config_minimal", {"apps": "none", "httpServers": "0"}),
    ],
)
async def test_connection_to_a_caddy_without_sites(
    make_client: Callable[..., CaddyClient], answer: str | None, details: dict[str, str]
) -> None:
    route = answer if answer is not None else httpx.Response(200, text="null\n")
    info = await integration.test_connection(make_client(FakeUpstream(ID, {CONFIG: route})))
    assert info == ServiceInfo(version=None, details=details)


async def test_upstreams_match_the_recorded_answer(
    make_client: Callable[..., CaddyClient],
) -> None:
    upstream = FakeUpstream(ID, API)
    result = await integration.fetch_data(make_client(upstream), "upstreams")

    raw = sorted(body("upstreams"), key=lambda u: u["address"])
    assert isinstance(result, CaddyUpstreams)
    assert [u.address for u in result.upstreams] == [u["address"] for u in raw]
    for shown, recorded in zip(result.upstreams, raw, strict=True):
        assert shown.healthy is (recorded["fails"] == 0)
        assert shown.fails == recorded["fails"]
        assert shown.num_requests == recorded["num_requests"]
    assert result.total == len(raw) == 3
    assert result.unhealthy == sum(u["fails"] > 0 for u in raw) == 1
    assert result.healthy == result.total - result.unhealthy == 2
    dead = next(u for u in result.upstreams if u.address == "127.0.0.1:18263")
    assert (dead.healthy, dead.fails) == (False, 1)


async def test_no_upstreams(make_client: Callable[..., CaddyClient]) -> None:
    upstream = FakeUpstream(ID, {UPSTREAMS: "upstreams_empty"})
    result = await integration.fetch_data(make_client(upstream), "upstreams")
    assert result == CaddyUpstreams(upstreams=[], healthy=0, unhealthy=0, total=0)


async def test_basic_auth_for_a_proxy_in_front(make_client: Callable[..., CaddyClient]) -> None:
    upstream = behind_basic_auth(API)
    client = make_client(upstream, password=PASSWORD)
    await integration.test_connection(client)
    result = await integration.fetch_data(client, "upstreams")
    assert result.total == len(body("upstreams"))


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_password_at_the_proxy_is_unauthorized(
    make_client: Callable[..., CaddyClient],
) -> None:
    upstream = behind_basic_auth(API)
    for kwargs in ({"password": "wrong-password"}, {}):  # wrong, or none at all
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(make_client(upstream, **kwargs))
        assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert_no_secret(caught.value, "wrong-password")


async def test_refused_host_is_forbidden_with_the_fix(
    make_client: Callable[..., CaddyClient],
) -> None:
    upstream = FakeUpstream(ID, {CONFIG: "host_not_allowed", UPSTREAMS: "host_not_allowed"})
    client = make_client(upstream)
    for call in (integration.test_connection(client), integration.fetch_data(client, "upstreams")):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert (caught.value.code, caught.value.status) == (ErrorCode.FORBIDDEN, 403)
        assert body("host_not_allowed")["error"] in caught.value.message
        assert "origins" in caught.value.message


async def test_other_forbidden_answer_is_forbidden(
    make_client: Callable[..., CaddyClient],
) -> None:
    upstream = FakeUpstream(ID, {CONFIG: httpx.Response(403, text="Forbidden")})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert (caught.value.code, caught.value.status) == (ErrorCode.FORBIDDEN, 403)
    assert "origins" not in caught.value.message


@pytest.mark.parametrize("name", ["not_that_service", "other_json", "site_not_admin"])
async def test_not_caddy_admin_is_invalid_response(
    make_client: Callable[..., CaddyClient], name: str
) -> None:
    upstream = FakeUpstream(ID, {CONFIG: name, UPSTREAMS: name})
    client = make_client(upstream)
    for call in (integration.test_connection(client), integration.fetch_data(client, "upstreams")):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert (caught.value.code, caught.value.status) == (ErrorCode.INVALID_RESPONSE, 200)


async def test_upstreams_that_are_not_a_list_are_invalid(
    make_client: Callable[..., CaddyClient],
) -> None:
    upstream = FakeUpstream(ID, {UPSTREAMS: "config"})  # Caddy JSON, but not the upstream list
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "upstreams")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_no_admin_api_at_url_is_not_found(make_client: Callable[..., CaddyClient]) -> None:
    upstream = FakeUpstream(ID, {CONFIG: "not_found", UPSTREAMS: "not_found"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)


async def test_server_error_is_upstream_error(make_client: Callable[..., CaddyClient]) -> None:
    upstream = FakeUpstream(ID, {UPSTREAMS: httpx.Response(502, text="Bad Gateway")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream, password=PASSWORD), "upstreams")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 502)
    assert_no_secret(caught.value)
