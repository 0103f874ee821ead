"""Mastodon integration against answers transcribed from the Mastodon 4.5 API documentation
(values written for the tests)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode
from integrations.mastodon import integration
from integrations.mastodon.client import MastodonClient
from integrations.mastodon.definition import MAX_TITLE, MastodonInstanceStats
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    refusal,
    secret_check,
)

ID = "mastodon"
BASE = "https://social.example.org"
TOKEN = "fixture-mastodon-access-token-0123456789"
V1 = ("GET", "/api/v1/instance")
V2 = ("GET", "/api/v2/instance")
ACTIVITY = ("GET", "/api/v1/instance/activity")
ROUTES = {V1: "instance_v1", V2: "instance_v2", ACTIVITY: "activity"}

MakeClient = Callable[..., MastodonClient]
body = partial(fixture_body, ID)
refused = partial(refusal, ID)
assert_no_secret = secret_check(TOKEN)


def config(token: str | None = None, url: str = BASE) -> dict[str, Any]:
    credentials: dict[str, Any] = {"type": "none"}
    if token is not None:
        credentials = {"type": "token", "token": token}
    return {"url": url, "credentials": credentials}


def fake(limited: bool = False, **changes: Any) -> FakeUpstream:
    """A Mastodon server; in limited federation mode only a user's token is answered."""
    routes: dict[tuple[str, str], Any] = dict(ROUTES)
    for route, value in changes.items():
        key = {"v1": V1, "v2": V2, "activity": ACTIVITY}[route]
        if value is None:
            routes.pop(key)
        else:
            routes[key] = value
    refuse = (
        needs_header(ID, "authorization", f"Bearer {TOKEN}", "unauthorized") if limited else None
    )
    return FakeUpstream(ID, routes, refuse=refuse)


async def stats(client: MastodonClient) -> MastodonInstanceStats:
    payload = await integration.fetch_data(client, "stats")
    assert isinstance(payload, MastodonInstanceStats)
    return payload


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "4.5.2"
    assert info.details == {"domain": "social.example.org", "users": "42"}


async def test_stats(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await stats(make_client(upstream))
    assert (payload.domain, payload.title, payload.version) == (
        "social.example.org",
        "Example Social",
        "4.5.2",
    )
    assert (payload.users, payload.active_users_month, payload.statuses) == (42, 17, 18250)
    assert payload.known_domains == 3120
    assert payload.registrations_open and payload.approval_required  # v2's word over v1's
    assert payload.week_start == datetime(2025, 12, 1, tzinfo=UTC)  # the newest week listed
    assert (payload.week_statuses, payload.week_logins, payload.week_registrations) == (212, 15, 2)
    assert "authorization" not in upstream.requests[0].headers


async def test_before_4_0_and_without_published_activity(make_client: MakeClient) -> None:
    payload = await stats(make_client(fake(v2=None, activity=None)))
    assert payload.active_users_month is None and payload.week_start is None
    assert payload.week_statuses is None and payload.week_logins is None
    assert not payload.registrations_open and payload.approval_required  # from v1
    assert payload.users == 42


async def test_limited_federation_needs_a_token(make_client: MakeClient) -> None:
    err = await refused(make_client(fake(limited=True)))
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "access token" in err.message
    upstream = fake(limited=True)
    payload = await stats(make_client(upstream, TOKEN))
    assert payload.active_users_month == 17
    assert upstream.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


async def test_a_wrong_token_is_unauthorized_without_it(make_client: MakeClient) -> None:
    for endpoint_id in (None, "stats"):
        err = await refused(make_client(fake(limited=True), "wrong-token-value"), endpoint_id)
        assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
        assert "rejected the access token" in err.message
        assert_no_secret(err, "wrong-token-value", TOKEN)


async def test_a_web_page_is_invalid_response(make_client: MakeClient) -> None:
    for endpoint_id in (None, "stats"):
        err = await refused(make_client(fake(v1="not_that_service")), endpoint_id)
        assert err.code is ErrorCode.INVALID_RESPONSE


async def test_a_failing_v2_fails_the_endpoint(make_client: MakeClient) -> None:
    err = await refused(make_client(fake(v2=httpx.Response(500, text="oops"))), "stats")
    assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, 500)


async def test_bounds(make_client: MakeClient) -> None:
    v1 = copy.deepcopy(body("instance_v1"))
    v1["title"] = "T" * 5000
    payload = await stats(make_client(fake(v1=v1)))
    assert len(payload.title) == MAX_TITLE
    weeks = [{"week": str(10**15), "statuses": "1", "logins": "1", "registrations": "1"}]
    err = await refused(make_client(fake(activity=weeks)), "stats")
    assert err.code is ErrorCode.INVALID_RESPONSE


def test_a_token_setting_needs_the_token() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate({"url": BASE, "credentials": {"type": "token"}})
    assert caught.value.errors()[0]["loc"][-1] == "token"
