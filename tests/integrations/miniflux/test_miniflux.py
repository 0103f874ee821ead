"""Miniflux integration against fixtures transcribed from the Miniflux API reference."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.miniflux import integration
from integrations.miniflux.client import MinifluxClient
from integrations.miniflux.definition import TOP_FEEDS, MinifluxUnread
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "miniflux"
KEY = "fixture-miniflux-api-key"
USER, PASSWORD = "admin", "fixture-password"
BASE = "http://miniflux.test:8080"
ME = ("GET", "/v1/me")
VERSION = ("GET", "/v1/version")
LEGACY_VERSION = ("GET", "/version")
FEEDS = ("GET", "/v1/feeds")
COUNTERS = ("GET", "/v1/feeds/counters")


def config(credentials: dict[str, Any] | None = None, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": credentials or {"type": "apiKey", "apiKey": KEY}}


def basic(password: str = PASSWORD) -> dict[str, Any]:
    return {"type": "usernamePassword", "username": USER, "password": password}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(KEY, PASSWORD)


def refuse(request: httpx.Request) -> httpx.Response | None:
    """Miniflux's /v1 rule: the API key or a valid basic login, else 401."""
    login = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    ok = request.headers.get("x-auth-token") == KEY or (
        "x-auth-token" not in request.headers
        and request.headers.get("authorization") == f"Basic {login}"
    )
    if not ok:
        return response_of(fixture(ID, "unauthorized"))
    return None


def miniflux(**routes: Any) -> FakeUpstream:
    """The /v1 API (a route given as None is absent); the legacy /version answers anyone."""
    api = {ME: "me", VERSION: "version", FEEDS: "feeds", COUNTERS: "counters"}
    names = {"me": ME, "version": VERSION, "feeds": FEEDS, "counters": COUNTERS}
    api.update({names[name]: value for name, value in routes.items()})
    present = {route: value for route, value in api.items() if value is not None}
    return FakeUpstream(ID, present, refuse=refuse, open_routes=(LEGACY_VERSION,))


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert (integration.id, integration.default_port) == ("miniflux", 8080)
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    assert integration.endpoints["unread"].payload is MinifluxUnread


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_an_api_key(make_client: Callable[..., MinifluxClient]) -> None:
    upstream = miniflux()
    info = await integration.test_connection(make_client(upstream))

    assert info == ServiceInfo(
        version=body("version")["version"], details={"username": body("me")["username"]}
    )
    assert info.version == "2.0.49"
    assert {r.headers["x-auth-token"] for r in upstream.requests} == {KEY}
    assert "authorization" not in upstream.requests[0].headers


async def test_connection_with_basic_auth(make_client: Callable[..., MinifluxClient]) -> None:
    upstream = miniflux()
    info = await integration.test_connection(make_client(upstream, credentials=basic()))

    assert info.details == {"username": "admin"}
    assert all(r.headers["authorization"].startswith("Basic ") for r in upstream.requests)


async def test_version_before_2_0_49_comes_from_the_legacy_route(
    make_client: Callable[..., MinifluxClient],
) -> None:
    upstream = miniflux(version=None)
    upstream.route(*LEGACY_VERSION, "version_legacy")
    info = await integration.test_connection(make_client(upstream))

    assert info.version == body("version_legacy").strip() == "2.0.22"
    assert (upstream.calls[VERSION], upstream.calls[LEGACY_VERSION]) == (1, 1)


async def test_unread(make_client: Callable[..., MinifluxClient]) -> None:
    unread = await integration.fetch_data(make_client(miniflux()), "unread")

    counters = {int(k): v for k, v in body("counters")["unreads"].items()}
    feeds = {f["id"]: f for f in body("feeds")}
    assert isinstance(unread, MinifluxUnread)
    assert unread.unread == sum(counters.values()) == 120
    assert unread.feeds == len(feeds) == 4
    assert unread.feeds_with_errors == sum(f["parsing_error_count"] > 0 for f in feeds.values())
    assert unread.feeds_with_errors == 1
    expected = sorted(counters, key=lambda i: -counters[i])
    assert [(f.id, f.unread) for f in unread.top_feeds] == [(i, counters[i]) for i in expected]
    busiest = unread.top_feeds[0]
    assert (busiest.title, busiest.category) == (
        feeds[busiest.id]["title"],
        feeds[busiest.id]["category"]["title"],
    )
    assert 2 not in [f.id for f in unread.top_feeds]  # no unread entries


async def test_top_feeds_are_capped(make_client: Callable[..., MinifluxClient]) -> None:
    template = body("feeds")[0]
    feeds = [{**copy.deepcopy(template), "id": n, "title": f"Feed {n:02d}"} for n in range(1, 16)]
    counters = {"reads": {}, "unreads": {str(n): n for n in range(1, 16)}}
    upstream = miniflux(
        feeds=httpx.Response(200, json=feeds), counters=httpx.Response(200, json=counters)
    )
    unread = await integration.fetch_data(make_client(upstream), "unread")

    assert len(unread.top_feeds) == TOP_FEEDS
    assert [f.id for f in unread.top_feeds] == list(range(15, 15 - TOP_FEEDS, -1))
    assert unread.unread == sum(range(1, 16))


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_api_key_is_unauthorized(make_client: Callable[..., MinifluxClient]) -> None:
    client = make_client(miniflux(), credentials={"type": "apiKey", "apiKey": "wrong-key"})
    for call in (integration.test_connection(client), integration.fetch_data(client, "unread")):
        with pytest.raises(IntegrationError) as caught:
            await call
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert "API key" in err.message
        assert_no_secret(err, "wrong-key")


async def test_wrong_password_is_unauthorized(make_client: Callable[..., MinifluxClient]) -> None:
    client = make_client(miniflux(), credentials=basic("wrong-password"))
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "username or password" in caught.value.message
    assert_no_secret(caught.value, "wrong-password")


async def test_miniflux_without_counters_is_named(
    make_client: Callable[..., MinifluxClient],
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(miniflux(counters=None)), "unread")
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)
    assert "2.0.37" in caught.value.message


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_miniflux_is_invalid_response(
    make_client: Callable[..., MinifluxClient], name: str
) -> None:
    routes = {ME: name, VERSION: name, FEEDS: name, COUNTERS: name}
    client = make_client(FakeUpstream(ID, routes))
    for call in (integration.test_connection(client), integration.fetch_data(client, "unread")):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert (caught.value.code, caught.value.status) == (ErrorCode.INVALID_RESPONSE, 200)
        assert_no_secret(caught.value)


async def test_html_at_the_legacy_version_route_is_invalid_response(
    make_client: Callable[..., MinifluxClient],
) -> None:
    upstream = miniflux(version=None)
    upstream.route(*LEGACY_VERSION, "not_that_service")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_no_api_at_url_is_not_found(make_client: Callable[..., MinifluxClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)


async def test_server_error_is_upstream_error(make_client: Callable[..., MinifluxClient]) -> None:
    error = httpx.Response(500, json={"error_message": "pq: connection refused"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(miniflux(feeds=error)), "unread")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert caught.value.url == f"{BASE}/v1/feeds"
    assert_no_secret(caught.value)
