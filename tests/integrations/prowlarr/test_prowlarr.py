"""Prowlarr integration against fixtures transcribed from Prowlarr's OpenAPI document (API v1)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from functools import partial

import httpx
import pytest

from integrations.actions import ActionResult, NoInput, PartiallyApplied
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
from tests.integrations.contracts import KEY, KeyHeaderContract, fake_app
from tests.integrations.upstream import (
    fixture,
    fixture_body,
    one_secret_config,
    secret_check,
)

ID = "prowlarr"
BASE = "http://prowlarr.test:9696"
STATUS = ("GET", "/api/v1/system/status")
INDEXERS = ("GET", "/api/v1/indexer")
INDEXER_STATUS = ("GET", "/api/v1/indexerstatus")
STATS = ("GET", "/api/v1/indexerstats")
TEST_ALL = ("POST", "/api/v1/indexer/testall")
API = {
    STATUS: "system_status",
    INDEXERS: "indexers",
    INDEXER_STATUS: "indexerstatus",
    STATS: "indexerstats",
}


config = one_secret_config(BASE, "apiKey", "apiKey", KEY)
body = partial(fixture_body, ID)
fake = partial(fake_app, ID, API)
assert_no_secret = secret_check(KEY)


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
    upstream = fake()
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
    upstream = fake()
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
    upstream = fake({INDEXER_STATUS: httpx.Response(200, json=[])})
    payload = await integration.fetch_data(make_client(upstream), "indexers")
    assert payload.failing == 0
    assert [i.name for i in payload.indexers] == sorted(
        (i["name"] for i in body("indexers")), key=str.lower
    )


async def test_indexers_are_capped(make_client: Callable[..., ProwlarrClient]) -> None:
    template = body("indexers")[0]
    many = [{**template, "id": n, "name": f"Indexer {n:03d}"} for n in range(MAX_INDEXERS + 7)]
    upstream = fake({INDEXERS: httpx.Response(200, json=many)})
    payload = await integration.fetch_data(make_client(upstream), "indexers")
    assert payload.total == MAX_INDEXERS + 7
    assert len(payload.indexers) == MAX_INDEXERS


async def test_stats_match_the_documented_answer(
    make_client: Callable[..., ProwlarrClient],
) -> None:
    upstream = fake()
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
    upstream = fake({STATS: httpx.Response(200, json=fresh)})
    payload = await integration.fetch_data(make_client(upstream), "stats")
    assert (payload.queries, payload.grabs, payload.indexers) == (0, 0, [])


# --- actions ------------------------------------------------------------------------------------


async def run_test_all(client: ProwlarrClient) -> ActionResult:
    spec = integration.actions["testIndexers"]
    return await integration.run_action(client, "testIndexers", spec.input.model_validate({}))


def test_action_metadata() -> None:
    spec = integration.actions["testIndexers"]
    assert (spec.input, spec.affects, spec.destructive) == (NoInput, ("indexers",), False)


async def test_every_indexer_passing(make_client: Callable[..., ProwlarrClient]) -> None:
    upstream = fake({TEST_ALL: "testall_ok"})
    result = await run_test_all(make_client(upstream))

    assert result == ActionResult(message="All 4 enabled indexers passed the test", affected=4)
    (request,) = upstream.requests  # the test alone: no names needed
    recorded = fixture(ID, "testall_ok")["request"]
    assert (request.method, request.url.path) == (recorded["method"], recorded["path"])
    assert request.content == b""
    assert request.headers["x-api-key"] == KEY


async def test_failing_indexers_are_named(make_client: Callable[..., ProwlarrClient]) -> None:
    upstream = fake({TEST_ALL: "testall_failed"})
    with pytest.raises(PartiallyApplied) as caught:
        await run_test_all(make_client(upstream))

    err = caught.value
    assert (err.code, err.status) == (ErrorCode.PARTIALLY_APPLIED, 400)
    names = {i["id"]: i["name"] for i in body("indexers")}
    failures = {r["id"]: r["validationFailures"] for r in body("testall_failed")}
    assert err.message == (
        f"2 of 4 enabled indexers failed the test: {names[2]} (id 2): "
        f"{failures[2][0]['errorMessage']}; {names[5]} (id 5): "
        f"{failures[5][0]['errorMessage']}; {failures[5][1]['errorMessage']}"
    )
    assert [(r.method, r.url.path) for r in upstream.requests] == [TEST_ALL, INDEXERS]
    assert_no_secret(err)


async def test_failing_indexers_by_id_when_names_cannot_be_read(
    make_client: Callable[..., ProwlarrClient],
) -> None:
    upstream = fake({TEST_ALL: "testall_failed", INDEXERS: httpx.Response(500)})
    with pytest.raises(PartiallyApplied) as caught:
        await run_test_all(make_client(upstream))
    assert caught.value.message.startswith("2 of 4 enabled indexers failed the test: indexer 2")
    assert "; indexer 5 (id 5): " in caught.value.message
    assert upstream.calls[TEST_ALL] == 1


async def test_many_failures_are_counted(make_client: Callable[..., ProwlarrClient]) -> None:
    failing = [{"id": n, "isValid": False, "validationFailures": []} for n in range(10, 18)]
    upstream = fake({TEST_ALL: httpx.Response(400, json=failing)})
    with pytest.raises(PartiallyApplied) as caught:
        await run_test_all(make_client(upstream))
    message = caught.value.message
    assert message.startswith("8 of 8 enabled indexers failed the test: indexer 10 (id 10); ")
    assert message.endswith("indexer 14 (id 14); and 3 more")


async def test_no_enabled_indexer(make_client: Callable[..., ProwlarrClient]) -> None:
    upstream = fake({TEST_ALL: httpx.Response(200, json=[])})
    result = await run_test_all(make_client(upstream))
    assert result == ActionResult(message="Prowlarr has no enabled indexer to test", affected=0)


async def test_indexer_test_with_a_wrong_key(make_client: Callable[..., ProwlarrClient]) -> None:
    upstream = fake({TEST_ALL: "testall_ok"})
    with pytest.raises(IntegrationError) as caught:
        await run_test_all(make_client(upstream, secret="wrong-api-key"))
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert caught.value.message.startswith("Prowlarr rejected the API key")
    assert upstream.calls[TEST_ALL] == 1
    assert_no_secret(caught.value, "wrong-api-key", KEY)


async def test_other_bad_request_is_not_a_test_result(
    make_client: Callable[..., ProwlarrClient],
) -> None:
    refused = httpx.Response(400, json={"message": "Bad request"})
    upstream = fake({TEST_ALL: refused})
    with pytest.raises(IntegrationError) as caught:
        await run_test_all(make_client(upstream))
    assert caught.value.status == 400
    assert caught.value.code is not ErrorCode.PARTIALLY_APPLIED


async def test_indexer_test_server_error(make_client: Callable[..., ProwlarrClient]) -> None:
    failed = httpx.Response(500, json={"message": "database is locked", "description": ""})
    upstream = fake({TEST_ALL: failed})
    with pytest.raises(IntegrationError) as caught:
        await run_test_all(make_client(upstream))
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert upstream.calls[TEST_ALL] == 1


# --- failures -----------------------------------------------------------------------------------


async def test_another_arr_is_invalid_response(
    make_client: Callable[..., ProwlarrClient],
) -> None:
    # Lidarr and Readarr answer the same path with the same schema and the same key header.
    lidarr = copy.deepcopy(body("system_status")) | {"appName": "Lidarr"}
    upstream = fake({STATUS: httpx.Response(200, json=lidarr)})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert "Lidarr, not Prowlarr" in caught.value.message
    assert_no_secret(caught.value)


class TestProwlarrKeyHeader(KeyHeaderContract):
    ID = ID
    BASE = BASE
    API = API
    ENDPOINTS = ("indexers", "stats")
    FAILING = (STATS, "stats")
