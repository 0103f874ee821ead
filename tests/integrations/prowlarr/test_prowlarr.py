"""Prowlarr integration against fixtures transcribed from Prowlarr's OpenAPI document (API v1)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.prowlarr import integration
from integrations.prowlarr.client import ProwlarrClient
from integrations.prowlarr.definition import (
    MAX_INDEXERS,
    TOP_INDEXERS,
    ProwlarrIndexers,
    ProwlarrStats,
)
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    secret_check,
)

ID = "prowlarr"
KEY = "fixture-api-key"
BASE = "http://prowlarr.test:9696"
STATUS = ("GET", "/api/v1/system/status")
INDEXERS = ("GET", "/api/v1/indexer")
INDEXER_STATUS = ("GET", "/api/v1/indexerstatus")
STATS = ("GET", "/api/v1/indexerstats")
API = {
    STATUS: "system_status",
    INDEXERS: "indexers",
    INDEXER_STATUS: "indexerstatus",
    STATS: "indexerstats",
}


config = one_secret_config(BASE, "apiKey", "apiKey", KEY)


body = partial(fixture_body, ID)
assert_no_secret = secret_check(KEY)


def fake_prowlarr(routes: dict[tuple[str, str], Any] | None = None) -> FakeUpstream:
    """Prowlarr's rule over the transcribed answers: no right ``X-Api-Key``, no data (401)."""
    return FakeUpstream(
        ID, {**API, **(routes or {})}, refuse=needs_header(ID, "x-api-key", KEY, "wrong_api_key")
    )


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "prowlarr"
    assert integration.default_port == 9696
    assert integration.verification.startswith("Built from the Prowlarr API documentation")
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret")
    ]
    assert integration.endpoints["indexers"].payload is ProwlarrIndexers
    assert integration.endpoints["stats"].payload is ProwlarrStats


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., ProwlarrClient]) -> None:
    upstream = fake_prowlarr()
    info = await integration.test_connection(make_client(upstream))

    status = body("system_status")
    assert info == ServiceInfo(
        version=status["version"],
        details={
            "instanceName": status["instanceName"],
            "branch": status["branch"],
            "os": status["osName"],
            "docker": "yes",
        },
    )
    assert [r.headers["x-api-key"] for r in upstream.requests] == [KEY]


async def test_indexers_match_the_documented_answers(
    make_client: Callable[..., ProwlarrClient],
) -> None:
    upstream = fake_prowlarr()
    payload = await integration.fetch_data(make_client(upstream), "indexers")

    indexers, statuses = body("indexers"), body("indexerstatus")
    blocked = {s["indexerId"]: s for s in statuses}
    assert isinstance(payload, ProwlarrIndexers)
    assert payload.total == len(indexers) == 5
    assert payload.enabled == sum(i["enable"] for i in indexers) == 4
    assert payload.failing == len(blocked) == 2
    # failing first, then by name
    expected_order = sorted(indexers, key=lambda i: (i["id"] not in blocked, i["name"].lower()))
    assert [i.name for i in payload.indexers] == [i["name"] for i in expected_order]
    for shown, upstream_indexer in zip(payload.indexers, expected_order, strict=True):
        assert shown.id == upstream_indexer["id"]
        assert shown.protocol == upstream_indexer["protocol"]
        assert shown.enabled is upstream_indexer["enable"]
        assert shown.failing is (shown.id in blocked)
        if shown.failing:
            until = blocked[shown.id]["disabledTill"].replace("Z", "+00:00")
            assert shown.failing_until == datetime.fromisoformat(until)
        else:
            assert shown.failing_until is None
    assert payload.model_dump(by_alias=True)["indexers"][0]["failingUntil"] is not None


async def test_indexers_without_failures(make_client: Callable[..., ProwlarrClient]) -> None:
    upstream = fake_prowlarr({INDEXER_STATUS: httpx.Response(200, json=[])})
    payload = await integration.fetch_data(make_client(upstream), "indexers")
    assert payload.failing == 0
    assert [i.name for i in payload.indexers] == sorted(
        (i["name"] for i in body("indexers")), key=str.lower
    )


async def test_indexers_are_capped(make_client: Callable[..., ProwlarrClient]) -> None:
    template = body("indexers")[0]
    many = [{**template, "id": n, "name": f"Indexer {n:03d}"} for n in range(MAX_INDEXERS + 7)]
    upstream = fake_prowlarr({INDEXERS: httpx.Response(200, json=many)})
    payload = await integration.fetch_data(make_client(upstream), "indexers")
    assert payload.total == MAX_INDEXERS + 7
    assert len(payload.indexers) == MAX_INDEXERS


async def test_stats_match_the_documented_answer(
    make_client: Callable[..., ProwlarrClient],
) -> None:
    upstream = fake_prowlarr()
    payload = await integration.fetch_data(make_client(upstream), "stats")

    stats = body("indexerstats")["indexers"]
    assert isinstance(payload, ProwlarrStats)
    assert payload.queries == sum(s["numberOfQueries"] for s in stats)
    assert payload.grabs == sum(s["numberOfGrabs"] for s in stats)
    assert payload.failed_queries == sum(s["numberOfFailedQueries"] for s in stats)
    assert payload.failed_grabs == sum(s["numberOfFailedGrabs"] for s in stats)
    busiest = sorted(stats, key=lambda s: -s["numberOfQueries"])[:TOP_INDEXERS]
    assert len(stats) > TOP_INDEXERS
    assert [(i.id, i.name, i.queries) for i in payload.indexers] == [
        (s["indexerId"], s["indexerName"], s["numberOfQueries"]) for s in busiest
    ]
    top = payload.indexers[0]
    first = busiest[0]
    assert (top.grabs, top.failed_queries, top.failed_grabs, top.average_response_ms) == (
        first["numberOfGrabs"],
        first["numberOfFailedQueries"],
        first["numberOfFailedGrabs"],
        first["averageResponseTime"],
    )


async def test_stats_of_a_fresh_prowlarr(make_client: Callable[..., ProwlarrClient]) -> None:
    fresh = {**body("indexerstats"), "indexers": None}  # nullable in the schema
    upstream = fake_prowlarr({STATS: httpx.Response(200, json=fresh)})
    payload = await integration.fetch_data(make_client(upstream), "stats")
    assert (payload.queries, payload.grabs, payload.indexers) == (0, 0, [])


# --- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint_id", [None, "indexers", "stats"])
async def test_wrong_api_key_is_unauthorized(
    make_client: Callable[..., ProwlarrClient], endpoint_id: str | None
) -> None:
    client = make_client(fake_prowlarr(), secret="wrong-api-key")
    call = (
        integration.test_connection(client)
        if endpoint_id is None
        else integration.fetch_data(client, endpoint_id)
    )
    with pytest.raises(IntegrationError) as caught:
        await call
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "API key" in err.message
    assert_no_secret(err, "wrong-api-key")


async def test_another_arr_is_invalid_response(
    make_client: Callable[..., ProwlarrClient],
) -> None:
    # Lidarr and Readarr answer the same path with the same schema and the same key header.
    lidarr = copy.deepcopy(body("system_status")) | {"appName": "Lidarr"}
    upstream = fake_prowlarr({STATUS: httpx.Response(200, json=lidarr)})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert "Lidarr, not Prowlarr" in caught.value.message
    assert_no_secret(caught.value)


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_prowlarr_is_invalid_response(
    make_client: Callable[..., ProwlarrClient], name: str
) -> None:
    upstream = FakeUpstream(ID, {STATUS: name, INDEXERS: name, STATS: name, INDEXER_STATUS: name})
    client = make_client(upstream)
    calls = (
        integration.test_connection(client),
        integration.fetch_data(client, "indexers"),
        integration.fetch_data(client, "stats"),
    )
    for call in calls:
        with pytest.raises(IntegrationError) as caught:
            await call
        assert caught.value.code is ErrorCode.INVALID_RESPONSE
        assert caught.value.status == 200
        assert_no_secret(caught.value)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., ProwlarrClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)
    assert caught.value.url == f"{BASE}/api/v1/system/status"


async def test_server_error_is_upstream_error(make_client: Callable[..., ProwlarrClient]) -> None:
    upstream = fake_prowlarr({STATS: httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "stats")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert_no_secret(caught.value)
