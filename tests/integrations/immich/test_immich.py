"""Immich integration against fixtures transcribed from Immich's OpenAPI document (1.112.1)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.immich import integration
from integrations.immich.client import ImmichClient
from integrations.immich.definition import TOP_USERS, ImmichStats
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    one_secret_config,
    response_of,
    secret_check,
)

ID = "immich"
KEY = "fixture-immich-api-key"
USER_KEY = "fixture-non-admin-key"
BASE = "http://immich.test:2283"
ABOUT = ("GET", "/api/server/about")
STATISTICS = ("GET", "/api/server/statistics")
LEGACY_VERSION = ("GET", "/api/server-info/version")
ROUTES = {"about": ABOUT, "statistics": STATISTICS, "legacy": LEGACY_VERSION}


config = one_secret_config(BASE, "apiKey", "apiKey", KEY)
body = partial(fixture_body, ID)
assert_no_secret = secret_check(KEY)


def refuse(request: httpx.Request) -> httpx.Response | None:
    """Immich's rule: a known key, else 401."""
    if request.headers.get("x-api-key") not in (KEY, USER_KEY):
        return response_of(fixture(ID, "unauthorized"))
    return None


def admin_only(name: str) -> Callable[[httpx.Request], httpx.Response]:
    """An admin route: a user's (known) key is refused with 403."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.headers.get("x-api-key") != KEY:
            return response_of(fixture(ID, "forbidden"))
        return response_of(fixture(ID, name))

    return handle


def immich(**routes: Any) -> FakeUpstream:
    """A route given here answers as given, to anyone (its key is not checked)."""
    api: dict[tuple[str, str], Any] = {
        ABOUT: "server_about",
        STATISTICS: admin_only("server_statistics"),
    }
    given = {ROUTES[name]: value for name, value in routes.items()}
    return FakeUpstream(ID, {**api, **given}, refuse=refuse, open_routes=given.keys())


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert (integration.id, integration.default_port) == ("immich", 2283)
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret")
    ]
    assert integration.endpoints["stats"].payload is ImmichStats


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., ImmichClient]) -> None:
    upstream = immich()
    info = await integration.test_connection(make_client(upstream))

    assert info == ServiceInfo(version=body("server_about")["version"])
    assert info.version == "v1.112.1"
    assert [r.headers["x-api-key"] for r in upstream.requests] == [KEY]
    assert upstream.calls[ABOUT] == 1


async def test_stats(make_client: Callable[..., ImmichClient]) -> None:
    stats = await integration.fetch_data(make_client(immich()), "stats")

    answer = body("server_statistics")
    users = answer["usageByUser"]
    heaviest = sorted(users, key=lambda u: -u["usage"])[:TOP_USERS]
    assert isinstance(stats, ImmichStats)
    assert (stats.photos, stats.videos, stats.usage_bytes) == (
        answer["photos"],
        answer["videos"],
        answer["usage"],
    )
    assert stats.users == len(users) == 12
    assert len(stats.top_users) == TOP_USERS
    assert [u.name for u in stats.top_users] == [u["userName"] for u in heaviest]
    assert stats.top_users[0].name == "Alice"
    first = stats.top_users[0]
    assert (first.photos, first.videos, first.usage_bytes, first.quota_bytes) == (
        heaviest[0]["photos"],
        heaviest[0]["videos"],
        heaviest[0]["usage"],
        heaviest[0]["quotaSizeInBytes"],
    )
    bob = next(u for u in stats.top_users if u.name == "Bob")
    assert bob.quota_bytes == 107374182400
    assert "Erin" not in [u.name for u in stats.top_users]  # no usage, below the top 10


async def test_stats_of_a_server_without_users_usage(
    make_client: Callable[..., ImmichClient],
) -> None:
    empty = {"photos": 0, "videos": 0, "usage": 0, "usageByUser": []}
    upstream = immich(statistics=httpx.Response(200, json=empty))
    stats = await integration.fetch_data(make_client(upstream), "stats")
    assert (stats.users, stats.top_users, stats.usage_bytes) == (0, [], 0)


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_api_key_is_unauthorized(make_client: Callable[..., ImmichClient]) -> None:
    client = make_client(immich(), secret="wrong-api-key")
    for call in (integration.test_connection(client), integration.fetch_data(client, "stats")):
        with pytest.raises(IntegrationError) as caught:
            await call
        err = caught.value
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert "API key" in err.message
        assert_no_secret(err, "wrong-api-key")


async def test_non_admin_key_is_forbidden_for_stats(
    make_client: Callable[..., ImmichClient],
) -> None:
    client = make_client(immich(), secret=USER_KEY)
    assert (await integration.test_connection(client)).version == "v1.112.1"
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "stats")
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 403)
    assert "admin" in err.message
    assert body("forbidden")["message"] in err.message
    assert_no_secret(err, USER_KEY)


async def test_immich_older_than_1_107_is_detected(
    make_client: Callable[..., ImmichClient],
) -> None:
    upstream = immich(about="route_not_found", legacy="legacy_version")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.NOT_FOUND, 404)
    assert "Immich v1.105.1 is too old" in err.message
    assert "1.107" in err.message
    assert upstream.calls[LEGACY_VERSION] == 1


async def test_no_immich_at_url_is_not_found(make_client: Callable[..., ImmichClient]) -> None:
    upstream = FakeUpstream(ID, {LEGACY_VERSION: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)
    assert "base URL" in caught.value.message


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_immich_is_invalid_response(
    make_client: Callable[..., ImmichClient], name: str
) -> None:
    client = make_client(FakeUpstream(ID, {ABOUT: name, STATISTICS: name}))
    for call in (integration.test_connection(client), integration.fetch_data(client, "stats")):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert (caught.value.code, caught.value.status) == (ErrorCode.INVALID_RESPONSE, 200)
        assert_no_secret(caught.value)


async def test_server_error_is_upstream_error(make_client: Callable[..., ImmichClient]) -> None:
    error = {"message": "Internal server error", "statusCode": 500, "correlationId": "x1"}
    upstream = immich(statistics=httpx.Response(500, json=error))
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "stats")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert caught.value.url == f"{BASE}/api/server/statistics"
    assert_no_secret(caught.value)
