"""Overseerr integration against fixtures transcribed from overseerr-api.yml (API v1)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.capabilities import MediaRequests
from integrations.errors import ErrorCode, IntegrationError
from integrations.families.seerr.definition import OverseerrIssues
from integrations.overseerr import integration
from integrations.overseerr.client import OverseerrClient
from integrations.types import ServiceInfo
from tests.integrations.families.seerr import (
    EMAIL,
    ISSUES,
    KEY,
    LOCAL,
    ME,
    PASSWORD,
    REQUESTS,
    STATUS,
    FakeSeerr,
    SeerrActionsContract,
)
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "overseerr"
PLEX_TOKEN = "fixture-plex-token"
BASE = "http://overseerr.test:5055"
PLEX = ("POST", "/api/v1/auth/plex")


SIGN_INS = {
    LOCAL: ({"email": EMAIL, "password": PASSWORD}, "auth_local_ok", "auth_local_wrong_password"),
    PLEX: ({"authToken": PLEX_TOKEN}, "auth_plex_ok", "auth_plex_failed"),
}


def fake(routes: Mapping[tuple[str, str], Any] | None = None) -> FakeSeerr:
    return FakeSeerr(ID, SIGN_INS, routes)


def credentials(kind: str, secret: str | None = None) -> dict[str, str]:
    if kind == "apiKey":
        return {"type": "apiKey", "apiKey": secret or KEY}
    if kind == "localAccount":
        return {"type": "localAccount", "email": EMAIL, "password": secret or PASSWORD}
    return {"type": "plexToken", "plexToken": secret or PLEX_TOKEN}


def config(kind: str = "apiKey", secret: str | None = None, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": credentials(kind, secret)}


body = partial(fixture_body, ID)


def fixture_response(name: str) -> httpx.Response:
    return response_of(fixture(ID, name))


assert_no_secret = secret_check(KEY, PASSWORD, PLEX_TOKEN)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "overseerr"
    assert integration.default_port == 5055
    assert integration.verification.startswith("Built from the Overseerr API documentation")
    assert [
        (f.name, f.group, f.kind.value) for f in integration.form() if f.group != "connection"
    ] == [
        ("credentials.apiKey", "credentials:apiKey", "secret"),
        ("credentials.email", "credentials:localAccount", "string"),
        ("credentials.password", "credentials:localAccount", "secret"),
        ("credentials.plexToken", "credentials:plexToken", "secret"),
    ]
    assert integration.endpoints["requests"].payload is MediaRequests
    assert integration.endpoints["issues"].payload is OverseerrIssues


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_api_key(make_client: Callable[..., OverseerrClient]) -> None:
    server = fake()
    info = await integration.test_connection(make_client(server.upstream))

    status = body("status")
    assert info == ServiceInfo(
        version=status["version"],
        details={"user": body("auth_me")["plexUsername"], "commitTag": status["commitTag"]},
    )
    assert [r.url.path for r in server.upstream.requests] == [STATUS[1], ME[1]]
    assert all(r.headers["x-api-key"] == KEY for r in server.upstream.requests)
    assert server.logins == 0


@pytest.mark.parametrize(
    ("kind", "route", "sent"),
    [
        ("localAccount", LOCAL, {"email": EMAIL, "password": PASSWORD}),
        ("plexToken", PLEX, {"authToken": PLEX_TOKEN}),
    ],
)
async def test_connection_signs_in(
    make_client: Callable[..., OverseerrClient],
    kind: str,
    route: tuple[str, str],
    sent: dict[str, str],
) -> None:
    server = fake()
    info = await integration.test_connection(make_client(server.upstream, kind=kind))

    assert info.version == body("status")["version"]
    assert server.upstream.calls[route] == 1
    (signed,) = [r for r in server.upstream.requests if r.url.path == route[1]]
    assert json.loads(signed.content) == sent
    (me,) = [r for r in server.upstream.requests if r.url.path == ME[1]]
    assert me.headers["cookie"] == "connect.sid=session-1"
    assert "x-api-key" not in me.headers


async def test_requests_match_the_documented_answer(
    make_client: Callable[..., OverseerrClient],
) -> None:
    payload = await integration.fetch_data(make_client(fake().upstream), "requests")

    count = body("request_count")
    assert payload == MediaRequests(
        pending=count["pending"],
        approved=count["approved"],
        declined=count["declined"],
        processing=count["processing"],
        available=count["available"],
        total=count["total"],
    )


async def test_issues_match_the_documented_answer(
    make_client: Callable[..., OverseerrClient],
) -> None:
    payload = await integration.fetch_data(make_client(fake().upstream), "issues")

    count = body("issue_count")
    assert payload == OverseerrIssues(
        total=count["total"],
        open=count["open"],
        closed=count["closed"],
        video=count["video"],
        audio=count["audio"],
        subtitles=count["subtitles"],
        others=count["others"],
    )
    assert payload.open + payload.closed == payload.total


async def test_session_reused_across_fetches(make_client: Callable[..., OverseerrClient]) -> None:
    server = fake()
    client = make_client(server.upstream, kind="localAccount")
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "requests"),
        integration.fetch_data(client, "issues"),
    )
    await integration.fetch_data(client, "requests")
    assert server.logins == 1


async def test_expired_session_signs_in_again_once(
    make_client: Callable[..., OverseerrClient],
) -> None:
    server = fake()
    client = make_client(server.upstream, kind="localAccount")
    await integration.fetch_data(client, "requests")
    server.restart()  # the session is gone: the next call gets 403

    payload = await integration.fetch_data(client, "issues")

    assert payload.total == body("issue_count")["total"]
    assert server.logins == 2
    tried, retried = [r for r in server.upstream.requests if r.url.path == ISSUES[1]]
    assert tried.headers["cookie"] == "connect.sid=session-1"
    assert retried.headers["cookie"] == "connect.sid=session-2"


async def test_forbidden_right_after_sign_in_is_unauthorized(
    make_client: Callable[..., OverseerrClient],
) -> None:
    server = fake({REQUESTS: fixture_response("forbidden")})  # 403 even with a fresh session
    client = make_client(server.upstream, kind="localAccount")
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "requests")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 403)
    assert server.logins == 2  # the first sign-in and exactly one renewal
    assert server.upstream.calls[REQUESTS] == 2
    assert_no_secret(caught.value)

    with pytest.raises(IntegrationError):
        await integration.fetch_data(client, "requests")
    assert server.logins == 3  # one renewal per fetch, never a loop


# --- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint_id", [None, "requests", "issues"])
async def test_wrong_api_key_is_unauthorized(
    make_client: Callable[..., OverseerrClient], endpoint_id: str | None
) -> None:
    server = fake()
    client = make_client(server.upstream, secret="wrong-api-key")
    call = (
        integration.test_connection(client)
        if endpoint_id is None
        else integration.fetch_data(client, endpoint_id)
    )
    with pytest.raises(IntegrationError) as caught:
        await call
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 403)
    assert "API key" in err.message
    assert server.logins == 0
    assert_no_secret(err, "wrong-api-key")


async def test_status_alone_does_not_prove_the_key(
    make_client: Callable[..., OverseerrClient],
) -> None:
    server = fake()
    with pytest.raises(IntegrationError):
        await integration.test_connection(make_client(server.upstream, secret="wrong-api-key"))
    assert server.upstream.calls[STATUS] == 1  # public: it answered
    assert server.upstream.calls[ME] == 1  # and /auth/me refused


async def test_wrong_password_is_unauthorized(make_client: Callable[..., OverseerrClient]) -> None:
    server = fake()
    client = make_client(server.upstream, kind="localAccount", secret="wrong-password")
    for _ in range(3):
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
        err = caught.value
        assert err.code is ErrorCode.UNAUTHORIZED
        assert err.status == 403
        assert err.url == f"{BASE}/api/v1/auth/local"
        assert_no_secret(err, "wrong-password")
    assert err.message.startswith("Overseerr rejected the email or password")
    assert server.logins == 1  # a rejected sign-in is not retried at every refresh
    assert server.upstream.calls[ME] == 0


async def test_local_sign_in_turned_off_is_forbidden(
    make_client: Callable[..., OverseerrClient],
) -> None:
    server = fake()
    server.upstream.route(*LOCAL, "auth_local_disabled")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(server.upstream, kind="localAccount"))
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 500)
    assert body("auth_local_disabled")["error"] in err.message
    assert "API key" in err.message
    assert_no_secret(err)


async def test_plex_account_without_access_is_forbidden(
    make_client: Callable[..., OverseerrClient],
) -> None:
    server = fake()
    server.upstream.route(*PLEX, "auth_plex_refused")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(server.upstream, kind="plexToken"))
    assert (caught.value.code, caught.value.status) == (ErrorCode.FORBIDDEN, 403)
    assert "Plex server" in caught.value.message
    assert_no_secret(caught.value)


async def test_plex_token_refused_by_plex_tv(make_client: Callable[..., OverseerrClient]) -> None:
    server = fake()
    client = make_client(server.upstream, kind="plexToken", secret="wrong-plex-token")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert "Plex token" in caught.value.message
    assert_no_secret(caught.value, "wrong-plex-token")


async def test_sign_in_without_a_cookie_is_invalid_response(
    make_client: Callable[..., OverseerrClient],
) -> None:
    data = fixture(ID, "auth_local_ok")
    del data["response"]["headers"]["set-cookie"]  # e.g. a proxy that drops it
    server = fake()
    server.upstream.route(*LOCAL, response_of(data))
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(server.upstream, kind="localAccount"))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert "cookie" in caught.value.message


async def test_rate_limited_sign_in(make_client: Callable[..., OverseerrClient]) -> None:
    server = fake()
    server.upstream.route(*LOCAL, httpx.Response(429, text="Too many requests"))
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(server.upstream, kind="localAccount"))
    assert (caught.value.code, caught.value.status) == (ErrorCode.RATE_LIMITED, 429)


async def test_issues_of_a_version_without_them(
    make_client: Callable[..., OverseerrClient],
) -> None:
    server = fake({ISSUES: httpx.Response(404, json={"message": "not found"})})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(server.upstream), "issues")
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)
    assert "issue" in caught.value.message


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_overseerr_is_invalid_response(
    make_client: Callable[..., OverseerrClient], name: str
) -> None:
    routes = {STATUS: name, ME: name, REQUESTS: name, ISSUES: name, LOCAL: name}
    for kind in ("apiKey", "localAccount"):
        client = make_client(FakeUpstream(ID, routes), kind=kind)
        for call in (
            integration.test_connection(client),
            integration.fetch_data(client, "requests"),
            integration.fetch_data(client, "issues"),
        ):
            with pytest.raises(IntegrationError) as caught:
                await call
            assert caught.value.code is ErrorCode.INVALID_RESPONSE
            assert caught.value.status == 200
            assert_no_secret(caught.value)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., OverseerrClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)
    assert caught.value.url == f"{BASE}/api/v1/status"


async def test_server_error_is_upstream_error(make_client: Callable[..., OverseerrClient]) -> None:
    server = fake({REQUESTS: httpx.Response(500, json={"message": "Unable to retrieve requests."})})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(server.upstream), "requests")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert_no_secret(caught.value)


class TestOverseerrActions(SeerrActionsContract):
    ID = ID
    APP = "Overseerr"

    def fake(self, routes: Mapping[tuple[str, str], Any] | None = None) -> FakeSeerr:
        return fake(routes)
