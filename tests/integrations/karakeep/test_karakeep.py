"""Karakeep integration against answers transcribed from Karakeep's API documentation (0.33.2,
and 0.25.0 for the older statistics; values written for the tests)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode
from integrations.karakeep import integration
from integrations.karakeep.client import KarakeepClient
from integrations.karakeep.definition import MAX_DOMAINS, KarakeepStats
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    refusal,
    secret_check,
)

ID = "karakeep"
BASE = "http://karakeep.test:3000"
KEY = "ak1_0123456789abcdef_fixturekarakeepkey"
USER = ("GET", "/api/v1/users/me")
STATS = ("GET", "/api/v1/users/me/stats")
VERSION = ("GET", "/api/version")

MakeClient = Callable[..., KarakeepClient]
body = partial(fixture_body, ID)
refused = partial(refusal, ID)
config = one_secret_config(BASE, "token", "token", KEY)
assert_no_secret = secret_check(KEY)


def fake(stats: Any = "stats", version: Any = "version", user: Any = "user") -> FakeUpstream:
    routes = {USER: user, STATS: stats, **({VERSION: version} if version else {})}
    return FakeUpstream(
        ID,
        routes,
        refuse=needs_header(ID, "authorization", f"Bearer {KEY}", "unauthorized"),
        open_routes=[VERSION],
    )


async def stats(client: KarakeepClient) -> KarakeepStats:
    payload = await integration.fetch_data(client, "stats")
    assert isinstance(payload, KarakeepStats)
    return payload


async def test_connection_with_and_without_the_version_route(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "0.33.2" and info.details == {"user": "Alice"}
    older = await integration.test_connection(make_client(fake(version=None)))
    assert older.version is None and older.details == {"user": "Alice"}


async def test_stats(make_client: MakeClient) -> None:
    payload = await stats(make_client(fake()))
    assert (payload.bookmarks, payload.favorites, payload.archived) == (1284, 57, 903)
    assert (payload.tags, payload.lists, payload.highlights) == (212, 9, 38)
    assert (payload.links, payload.notes, payload.assets) == (1190, 61, 33)
    assert payload.asset_bytes == 734003200
    assert (payload.added_this_week, payload.added_this_month) == (12, 48)
    assert [(d.domain, d.bookmarks) for d in payload.top_domains] == [
        ("github.com", 214),
        ("news.ycombinator.com", 97),
        ("en.wikipedia.org", 64),
    ]


async def test_stats_before_0_26_are_the_counts_alone(make_client: MakeClient) -> None:
    payload = await stats(make_client(fake(stats="stats_0_25")))
    assert (payload.bookmarks, payload.highlights) == (1284, 38)
    assert payload.links is None and payload.asset_bytes is None
    assert payload.added_this_week is None and payload.top_domains == []


async def test_top_domains_are_capped(make_client: MakeClient) -> None:
    answer = copy.deepcopy(body("stats"))
    answer["topDomains"] = [{"domain": f"d{n}." + "x" * 500, "count": n} for n in range(40)]
    payload = await stats(make_client(fake(stats=answer)))
    assert len(payload.top_domains) == MAX_DOMAINS
    assert payload.top_domains[0].bookmarks == 39
    assert all(len(d.domain) <= 200 for d in payload.top_domains)


@pytest.mark.parametrize("endpoint_id", [None, "stats"])
async def test_a_wrong_key_is_unauthorized_without_it(
    make_client: MakeClient, endpoint_id: str | None
) -> None:
    err = await refused(make_client(fake(), "ak1_wrong_key"), endpoint_id)
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "Settings > API Keys" in err.message
    assert_no_secret(err, "ak1_wrong_key", KEY)


async def test_a_web_page_is_invalid_response(make_client: MakeClient) -> None:
    page = "not_that_service"
    for endpoint_id in (None, "stats"):
        err = await refused(make_client(fake(stats=page, user=page)), endpoint_id)
        assert err.code is ErrorCode.INVALID_RESPONSE
        assert_no_secret(err)


def test_the_api_key_is_required() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate({"url": BASE, "credentials": {"type": "token"}})
    assert caught.value.errors()[0]["loc"][-1] == "token"
