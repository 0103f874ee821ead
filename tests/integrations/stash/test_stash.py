"""Stash integration against answers to its GraphQL schema (Stash 0.30.1)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.stash import integration
from integrations.stash.client import StashClient
from integrations.stash.definition import StashStats
from tests.integrations.upstream import FakeUpstream, fixture, response_of, secret_check

ID = "stash"
KEY = "eyJhbGciOiJIUzI1NiJ9.fixture-stash-key"
BASE = "http://stash.test:9999"

MakeClient = Callable[..., StashClient]
assert_no_secret = secret_check(KEY)


def config(key: str | None = KEY, url: str = BASE) -> dict[str, Any]:
    credentials = {"type": "apiKey", "apiKey": key} if key else {"type": "none"}
    return {"url": url, "credentials": credentials}


def stash(stats: str = "stats") -> tuple[FakeUpstream, list[dict[str, Any]]]:
    """Stash with credentials: /graphql answers the stats or the version query."""
    asked: list[dict[str, Any]] = []

    def graphql(request: httpx.Request) -> httpx.Response:
        if request.headers.get("apikey") != KEY:
            return response_of(fixture(ID, "unauthorized"))
        sent = json.loads(request.content)
        asked.append(sent)
        return response_of(fixture(ID, "version" if "version" in sent["query"] else stats))

    return FakeUpstream(ID, {("POST", "/graphql"): graphql}), asked


async def test_stats(make_client: MakeClient) -> None:
    upstream, asked = stash()
    payload = await integration.fetch_data(make_client(upstream), "stats")
    assert payload == StashStats(
        scenes=1284,
        scenes_bytes=2748779069440,
        scenes_duration_seconds=1843200,
        images=20311,
        images_bytes=64424509440,
        galleries=412,
        performers=388,
        studios=57,
        groups=19,
        tags=240,
    )
    (sent,) = asked
    assert sent["query"].startswith("query TilewireStats")


async def test_connection(make_client: MakeClient) -> None:
    upstream, _ = stash()
    info = await integration.test_connection(make_client(upstream))
    assert info.version == "v0.30.1" and info.details == {"scenes": "1284"}


async def test_a_wrong_key_is_unauthorized_without_it(make_client: MakeClient) -> None:
    upstream, _ = stash()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream, "wrong-key"))
    assert (
        caught.value.code is ErrorCode.UNAUTHORIZED and "Settings, Security" in caught.value.message
    )
    assert_no_secret(caught.value, "wrong-key")


async def test_a_graphql_error_quotes_stash(make_client: MakeClient) -> None:
    upstream, _ = stash("graphql_error")  # 422, as gqlgen answers a query it cannot validate
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "stats")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "Cannot query field" in caught.value.message


async def test_errors_with_200_are_refusals_too(make_client: MakeClient) -> None:
    body = fixture(ID, "graphql_error")["response"]["body"]
    upstream = FakeUpstream(ID, {("POST", "/graphql"): httpx.Response(200, json=body)})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream, None), "stats")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR


async def test_an_answer_without_data_is_invalid(make_client: MakeClient) -> None:
    upstream = FakeUpstream(ID, {("POST", "/graphql"): {"hello": "world"}})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "stats")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
