"""Jellyseerr integration against fixtures transcribed from its overseerr-api.yml (API v1).

The implementation is Overseerr's, tested in depth there; this covers what Jellyseerr adds (its
name, the Jellyfin/Emby sign-in) and runs every endpoint and failure once on its own fixtures.
"""

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
from integrations.jellyseerr import integration
from integrations.jellyseerr.client import JellyseerrClient
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
from tests.integrations.upstream import FakeUpstream, fixture_body, secret_check

ID = "jellyseerr"
USERNAME = "itsme"
BASE = "http://jellyseerr.test:5055"
JELLYFIN = ("POST", "/api/v1/auth/jellyfin")
SIGN_INS = {
    LOCAL: ({"email": EMAIL, "password": PASSWORD}, "auth_local_ok", "auth_local_wrong_password"),
    JELLYFIN: (
        {"username": USERNAME, "password": PASSWORD},
        "auth_jellyfin_ok",
        "auth_jellyfin_wrong_password",
    ),
}


def fake(routes: Mapping[tuple[str, str], Any] | None = None) -> FakeSeerr:
    return FakeSeerr(ID, SIGN_INS, routes)


def config(kind: str = "apiKey", secret: str | None = None, url: str = BASE) -> dict[str, Any]:
    credentials = {
        "apiKey": {"type": "apiKey", "apiKey": secret or KEY},
        "localAccount": {"type": "localAccount", "email": EMAIL, "password": secret or PASSWORD},
        "mediaServerAccount": {
            "type": "mediaServerAccount",
            "serverUsername": USERNAME,
            "serverPassword": secret or PASSWORD,
        },
    }[kind]
    return {"url": url, "credentials": credentials}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(KEY, PASSWORD)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "jellyseerr"
    assert integration.default_port == 5055
    assert integration.verification.startswith("Built from the Jellyseerr API documentation")
    assert [(f.name, f.group) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "credentials:apiKey"),
        ("credentials.email", "credentials:localAccount"),
        ("credentials.password", "credentials:localAccount"),
        ("credentials.serverUsername", "credentials:mediaServerAccount"),
        ("credentials.serverPassword", "credentials:mediaServerAccount"),
        ("credentials.plexToken", "credentials:plexToken"),
    ]
    assert integration.endpoints["requests"].payload is MediaRequests
    assert integration.endpoints["issues"].payload is OverseerrIssues


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_api_key(make_client: Callable[..., JellyseerrClient]) -> None:
    server = fake()
    info = await integration.test_connection(make_client(server.upstream))

    status = body("status")
    assert info == ServiceInfo(
        version=status["version"],
        details={"user": body("auth_me")["jellyfinUsername"], "commitTag": status["commitTag"]},
    )
    assert [r.url.path for r in server.upstream.requests] == [STATUS[1], ME[1]]


async def test_connection_with_a_jellyfin_user(
    make_client: Callable[..., JellyseerrClient],
) -> None:
    server = fake()
    info = await integration.test_connection(
        make_client(server.upstream, kind="mediaServerAccount")
    )

    assert info.version == body("status")["version"]
    (signed,) = [r for r in server.upstream.requests if r.url.path == JELLYFIN[1]]
    assert json.loads(signed.content) == {"username": USERNAME, "password": PASSWORD}
    (me,) = [r for r in server.upstream.requests if r.url.path == ME[1]]
    assert me.headers["cookie"] == "connect.sid=session-1"


async def test_connection_with_a_local_account(
    make_client: Callable[..., JellyseerrClient],
) -> None:
    server = fake()
    await integration.test_connection(make_client(server.upstream, kind="localAccount"))
    assert server.upstream.calls[LOCAL] == 1


async def test_requests_and_issues_match_the_documented_answers(
    make_client: Callable[..., JellyseerrClient],
) -> None:
    client = make_client(fake().upstream)
    requests = await integration.fetch_data(client, "requests")
    issues = await integration.fetch_data(client, "issues")

    count, issue_count = body("request_count"), body("issue_count")
    assert requests == MediaRequests(
        **{k: count[k] for k in ("pending", "approved", "declined", "processing", "available")},
        total=count["total"],
    )
    assert issues == OverseerrIssues(**issue_count)


async def test_jellyfin_session_renewed_once_on_expiry(
    make_client: Callable[..., JellyseerrClient],
) -> None:
    server = fake()
    client = make_client(server.upstream, kind="mediaServerAccount")
    await asyncio.gather(
        integration.fetch_data(client, "requests"), integration.fetch_data(client, "issues")
    )
    assert server.logins == 1
    server.restart()

    await integration.fetch_data(client, "requests")

    assert server.logins == 2
    assert server.upstream.calls[REQUESTS] == 3  # one before, the refused one, its retry


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_api_key_is_unauthorized(make_client: Callable[..., JellyseerrClient]) -> None:
    client = make_client(fake().upstream, secret="wrong-api-key")
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "requests")
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 403)
    assert err.message.startswith("Jellyseerr rejected the API key")
    assert_no_secret(err, "wrong-api-key")


async def test_wrong_local_password_is_unauthorized(
    make_client: Callable[..., JellyseerrClient],
) -> None:
    client = make_client(fake().upstream, kind="localAccount", secret="wrong-password")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 403)
    assert caught.value.message == "Jellyseerr rejected the email or password"
    assert_no_secret(caught.value, "wrong-password")


async def test_wrong_jellyfin_password_is_unauthorized(
    make_client: Callable[..., JellyseerrClient],
) -> None:
    server = fake()
    client = make_client(server.upstream, kind="mediaServerAccount", secret="wrong-password")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert err.url == f"{BASE}/api/v1/auth/jellyfin"
    assert server.upstream.calls[ME] == 0
    assert_no_secret(err, "wrong-password")


@pytest.mark.parametrize(
    ("name", "status", "words"),
    [
        ("auth_jellyfin_not_imported", 403, "import"),
        ("auth_jellyfin_needs_email", 406, "never signed in"),
        ("auth_jellyfin_disabled", 500, "Jellyfin login is disabled"),
    ],
)
async def test_jellyfin_sign_in_refusals_are_forbidden(
    make_client: Callable[..., JellyseerrClient], name: str, status: int, words: str
) -> None:
    server = fake()
    server.upstream.route(*JELLYFIN, name)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(server.upstream, kind="mediaServerAccount"))
    assert (caught.value.code, caught.value.status) == (ErrorCode.FORBIDDEN, status)
    assert words in caught.value.message
    assert_no_secret(caught.value)


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_jellyseerr_is_invalid_response(
    make_client: Callable[..., JellyseerrClient], name: str
) -> None:
    routes = {STATUS: name, ME: name, REQUESTS: name, ISSUES: name, JELLYFIN: name}
    for kind in ("apiKey", "mediaServerAccount"):
        client = make_client(FakeUpstream(ID, routes), kind=kind)
        for call in (
            integration.test_connection(client),
            integration.fetch_data(client, "requests"),
            integration.fetch_data(client, "issues"),
        ):
            with pytest.raises(IntegrationError) as caught:
                await call
            assert caught.value.code is ErrorCode.INVALID_RESPONSE
            assert_no_secret(caught.value)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., JellyseerrClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)


async def test_server_error_is_upstream_error(
    make_client: Callable[..., JellyseerrClient],
) -> None:
    server = fake({ISSUES: httpx.Response(502, text="Bad Gateway")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(server.upstream), "issues")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 502)


class TestJellyseerrActions(SeerrActionsContract):
    ID = ID
    APP = "Jellyseerr"

    def fake(self, routes: Mapping[tuple[str, str], Any] | None = None) -> FakeSeerr:
        return fake(routes)
