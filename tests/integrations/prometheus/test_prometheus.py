"""The Prometheus integration against recorded Prometheus 2.42 answers (see fixtures/)."""

from __future__ import annotations

import base64
import socket
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ValidationError

from integrations.capabilities import MetricQueryResult, ScrapeTargets
from integrations.config import problems
from integrations.errors import ErrorCode, IntegrationError
from integrations.prometheus import integration
from integrations.prometheus.client import PrometheusClient
from integrations.prometheus.definition import MAX_SAMPLES
from integrations.registry import registry
from integrations.types import ServiceInfo
from tests.integrations.upstream import FakeUpstream, client_for, fixture, fixture_body
from tests.support.hostile_upstream import HostileUpstream, dense_vector

ID = "prometheus"
URL = "http://prometheus.test:9090"
QUERY = ("GET", "/api/v1/query")
BUILDINFO = ("GET", "/api/v1/status/buildinfo")
TARGETS = ("GET", "/api/v1/targets")
ROUTES = {BUILDINFO: "buildinfo", QUERY: "query_up", TARGETS: "targets"}
PASSWORD = "s3cret-p@ss:word"

Connect = Callable[..., PrometheusClient]


body = partial(fixture_body, ID)


def expected_samples(name: str) -> list[dict[str, Any]]:
    """What the payload's samples must be, computed from a recorded vector result."""
    return [
        {
            "labels": [{"name": k, "value": v} for k, v in sorted(item["metric"].items())],
            "value": float(item["value"][1]),
            "value_text": item["value"][1],
            "timestamp": datetime.fromtimestamp(item["value"][0], tz=UTC),
        }
        for item in body(name)["data"]["result"]
    ]


@pytest.fixture
async def connect() -> AsyncIterator[Connect]:
    """Make clients for a fake upstream; all are closed after the test."""
    made: list[PrometheusClient] = []

    def make(upstream: FakeUpstream, **config: Any) -> PrometheusClient:
        client = client_for(ID, {"url": URL, **config}, upstream)
        assert isinstance(client, PrometheusClient)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


def upstream(**routes: Any) -> FakeUpstream:
    """The recorded happy path, with ``routes`` (by endpoint) replaced."""
    keys = {"buildinfo": BUILDINFO, "query": QUERY, "targets": TARGETS}
    return FakeUpstream(ID, {**ROUTES, **{keys[k]: v for k, v in routes.items()}})


async def fetch(client: PrometheusClient, endpoint_id: str) -> BaseModel:
    return await integration.fetch_data(client, endpoint_id)


async def failure(call: Any) -> IntegrationError:
    with pytest.raises(IntegrationError) as info:
        await call
    return info.value


# --- metadata and config ---------------------------------------------------------------------


def test_registered_with_its_endpoints() -> None:
    assert registry.get(ID) is integration
    assert [c.__name__ for c in integration.credentials] == [
        "NoCredentials",
        "UsernamePassword",
        "BearerToken",
    ]
    query, targets = integration.endpoints["query"], integration.endpoints["targets"]
    assert (query.payload, query.ttl, query.min_refresh) == (MetricQueryResult, 15, 5)
    assert (targets.payload, targets.ttl, targets.min_refresh) == (ScrapeTargets, 30, 10)
    field = next(f for f in integration.form() if f.name == "extra.query")
    assert (field.label, field.default, field.required) == ("Query", "up", False)
    assert field.help


def test_query_defaults_to_up() -> None:
    config = integration.config_model.model_validate({"url": URL})
    assert config.extra is not None
    assert config.extra.model_dump() == {"query": "up"}


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_refused_on_extra_query(query: str) -> None:
    with pytest.raises(ValidationError) as info:
        integration.config_model.model_validate({"url": URL, "extra": {"query": query}})
    assert [e["loc"] for e in info.value.errors()] == [("extra", "query")]
    assert [p.field for p in problems(info.value)] == ["extra.query"]


# --- test_connection -------------------------------------------------------------------------


async def test_connection_reports_version_and_build(connect: Connect) -> None:
    data = body("buildinfo")["data"]
    client = connect(upstream())
    info = await integration.test_connection(client)
    assert info == ServiceInfo(
        version=data["version"],
        details={"revision": data["revision"], "goVersion": data["goVersion"]},
    )
    assert info.version == "2.42.0+ds"


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("not_that_service", id="html-page"),
        pytest.param(httpx.Response(200, json={"version": "4.5.2"}), id="other-json"),
        pytest.param(httpx.Response(200, json={"status": "ok", "data": {}}), id="other-status"),
        pytest.param(
            httpx.Response(200, json={"status": "error", "errorType": "internal", "error": "x"}),
            id="status-error",
        ),
        pytest.param(httpx.Response(200, json={"status": "success"}), id="no-data"),
    ],
)
async def test_connection_refuses_what_is_not_prometheus(connect: Connect, answer: Any) -> None:
    client = connect(upstream(buildinfo=answer))
    err = await failure(integration.test_connection(client))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert err.url == f"{URL}/api/v1/status/buildinfo"


@pytest.mark.parametrize("endpoint_id", ["query", "targets"])
async def test_endpoints_refuse_an_html_page(connect: Connect, endpoint_id: str) -> None:
    client = connect(upstream(**{endpoint_id: "not_that_service"}))
    err = await failure(fetch(client, endpoint_id))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "not JSON" in err.message


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (401, ErrorCode.UNAUTHORIZED),
        (403, ErrorCode.FORBIDDEN),
        (404, ErrorCode.NOT_FOUND),
        (500, ErrorCode.UPSTREAM_ERROR),
        (502, ErrorCode.UPSTREAM_ERROR),
        (503, ErrorCode.UPSTREAM_ERROR),
    ],
)
async def test_proxy_statuses(connect: Connect, status: int, code: ErrorCode) -> None:
    answer = httpx.Response(status, text="<html>proxy says no</html>")
    client = connect(upstream(buildinfo=answer, query=answer))
    for call in (integration.test_connection(client), fetch(client, "query")):
        err = await failure(call)
        assert (err.code, err.status) == (code, status)


async def test_recorded_401_is_unauthorized(connect: Connect) -> None:
    client = connect(upstream(buildinfo="unauthorized_401"))
    err = await failure(integration.test_connection(client))
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)


async def test_prometheus_server_error_keeps_its_detail(connect: Connect) -> None:
    timeout = {"status": "error", "errorType": "timeout", "error": "query timed out"}
    client = connect(upstream(query=httpx.Response(503, json=timeout)))
    err = await failure(fetch(client, "query"))
    assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, 503)
    assert "timeout: query timed out" in err.message


# --- query -----------------------------------------------------------------------------------


async def test_query_vector_samples_equal_the_recorded_result(connect: Connect) -> None:
    client = connect(upstream())
    result = await fetch(client, "query")
    assert isinstance(result, MetricQueryResult)
    assert (result.query, result.result_type) == ("up", "vector")
    assert [s.model_dump() for s in result.samples] == expected_samples("query_up")
    [sample] = result.samples
    assert [(label.name, label.value) for label in sample.labels] == [
        ("__name__", "up"),
        ("instance", "127.0.0.1:18140"),
        ("job", "prometheus"),
    ]
    assert sample.value == 1.0


async def test_query_sorts_labels_and_keeps_sample_order(connect: Connect) -> None:
    # What topk/sort return: the order is meaningful, so it is kept.
    result_rows = [
        {"metric": {"job": "b", "__name__": "x", "instance": "i"}, "value": [10.0, "2"]},
        {"metric": {"job": "a", "instance": "i"}, "value": [10.0, "1"]},
    ]
    answer = {"status": "success", "data": {"resultType": "vector", "result": result_rows}}
    client = connect(upstream(query=httpx.Response(200, json=answer)))
    result = await fetch(client, "query")
    assert isinstance(result, MetricQueryResult)
    assert [[label.name for label in s.labels] for s in result.samples] == [
        ["__name__", "instance", "job"],
        ["instance", "job"],
    ]
    assert [s.value for s in result.samples] == [2.0, 1.0]


async def test_query_keeps_the_first_samples_and_counts_them_all(connect: Connect) -> None:
    rows = [
        {"metric": {"instance": f"10.0.{n // 250}.{n % 250}:9100"}, "value": [10.0, str(n)]}
        for n in range(MAX_SAMPLES + 100)
    ]
    answer = {"status": "success", "data": {"resultType": "vector", "result": rows}}
    client = connect(upstream(query=httpx.Response(200, json=answer)))
    result = await fetch(client, "query")
    assert isinstance(result, MetricQueryResult)
    assert result.total == MAX_SAMPLES + 100
    assert [s.value_text for s in result.samples] == [str(n) for n in range(MAX_SAMPLES)]
    assert result.samples[-1].labels[0].value == rows[MAX_SAMPLES - 1]["metric"]["instance"]


async def test_an_answer_at_the_response_cap_is_cut_to_the_bound() -> None:
    """A valid answer just under the 4 MiB cap, from a real socket: 140,000 samples, whose
    building took 4 s of CPU and 300 MB before the bound."""
    upstream = HostileUpstream()
    await upstream.start()
    config = integration.config_model.model_validate({"url": f"{upstream.url}/dense-vector"})
    client = integration.create_client(config)
    try:
        result = await fetch(client, "query")
    finally:
        await client.aclose()
        await upstream.stop()
    assert isinstance(result, MetricQueryResult)
    assert result.total == dense_vector().count(b'"metric"') > 100_000
    assert len(result.samples) == MAX_SAMPLES
    assert {(s.value, tuple(s.labels)) for s in result.samples} == {(1.0, ())}


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"resultType": "vector", "result": [{"metric": {}, "value": [1, 2]}]}, "0.value.1"),
        ({"resultType": "vector", "result": {}}, "data.result: Expected `array`"),
        ({"resultType": "histogram", "result": []}, "resultType is none of"),
        ({"result": []}, "missing required field `resultType` - at `$.data`"),
    ],
)
async def test_query_answers_not_as_documented_are_invalid_response(
    connect: Connect, data: dict[str, Any], where: str
) -> None:
    answer = httpx.Response(200, json={"status": "success", "data": data})
    client = connect(upstream(query=answer))
    err = await failure(fetch(client, "query"))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert where in err.message


async def test_query_sends_the_configured_query(connect: Connect) -> None:
    promql = 'sum by (job) (rate(prometheus_http_requests_total{code=~"2.."}[1m])) > 0'
    fake = upstream()
    client = connect(fake, extra={"query": promql})
    result = await fetch(client, "query")
    assert isinstance(result, MetricQueryResult)
    assert result.query == promql
    [request] = fake.requests
    assert (request.method, request.url.path) == QUERY
    assert request.url.params.get_list("query") == [promql]


async def test_query_scalar_is_one_sample_without_labels(connect: Connect) -> None:
    timestamp, value = body("query_scalar")["data"]["result"]
    client = connect(upstream(query="query_scalar"), extra={"query": "scalar(sum(up))"})
    result = await fetch(client, "query")
    assert isinstance(result, MetricQueryResult)
    assert result.result_type == "scalar"
    assert [s.model_dump() for s in result.samples] == [
        {
            "labels": [],
            "value": float(value),
            "value_text": value,
            "timestamp": datetime.fromtimestamp(timestamp, tz=UTC),
        }
    ]


@pytest.mark.parametrize("value", ["NaN", "+Inf", "-Inf"])
async def test_query_special_float_values(connect: Connect, value: str) -> None:
    answer = {"status": "success", "data": {"resultType": "scalar", "result": [1.5, value]}}
    client = connect(upstream(query=httpx.Response(200, json=answer)))
    result = await fetch(client, "query")
    assert isinstance(result, MetricQueryResult)
    # GraphQL's Float cannot carry NaN or infinities: the number is None, the text says which.
    assert result.samples[0].value is None
    assert result.samples[0].value_text == value


async def test_query_range_vector_asks_for_an_instant_query(connect: Connect) -> None:
    client = connect(upstream(query="query_matrix"), extra={"query": "up[30s]"})
    err = await failure(fetch(client, "query"))
    assert err.code is ErrorCode.INVALID_CONFIG
    assert "use an instant query" in err.message


async def test_query_string_result_is_refused(connect: Connect) -> None:
    client = connect(upstream(query="query_string"), extra={"query": '"hello"'})
    err = await failure(fetch(client, "query"))
    assert err.code is ErrorCode.INVALID_CONFIG
    assert "string" in err.message


@pytest.mark.parametrize("name", ["query_bad_data", "query_execution"])
async def test_query_refused_by_prometheus_is_invalid_config(connect: Connect, name: str) -> None:
    recorded = fixture(ID, name)["response"]
    client = connect(upstream(query=name), extra={"query": "up{"})
    err = await failure(fetch(client, "query"))
    assert (err.code, err.status) == (ErrorCode.INVALID_CONFIG, recorded["status"])
    assert "query" in err.message
    assert recorded["body"]["error"][:80] in err.message
    assert err.url == f"{URL}/api/v1/query"


async def test_query_400_from_a_proxy_is_not_a_query_problem(connect: Connect) -> None:
    client = connect(upstream(query=httpx.Response(400, text="Bad Request")))
    err = await failure(fetch(client, "query"))
    assert (err.code, err.status) == (ErrorCode.UNEXPECTED_STATUS, 400)


# --- targets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["targets", "targets_mixed"])
async def test_targets_counts_and_labels(connect: Connect, name: str) -> None:
    active = body(name)["data"]["activeTargets"]
    fake = upstream(targets=name)
    client = connect(fake)
    result = await fetch(client, "targets")
    assert isinstance(result, ScrapeTargets)
    health = Counter(t["health"] for t in active)
    assert (result.up, result.down, result.unknown) == (
        health["up"],
        health["down"],
        health["unknown"],
    )
    assert [(t.job, t.instance, t.health) for t in result.targets] == sorted(
        (t["labels"]["job"], t["labels"]["instance"], t["health"]) for t in active
    )
    assert fake.requests[0].url.params["state"] == "active"


async def test_targets_details(connect: Connect) -> None:
    client = connect(upstream(targets="targets_mixed"))
    result = await fetch(client, "targets")
    assert isinstance(result, ScrapeTargets)
    assert (result.up, result.down, result.unknown) == (1, 1, 1)
    by_job = {t.job: t for t in result.targets}
    recorded = {t["labels"]["job"]: t for t in body("targets_mixed")["data"]["activeTargets"]}
    down, up, unknown = by_job["node"], by_job["prometheus"], by_job["nightly"]
    assert down.last_error == recorded["node"]["lastError"]
    assert "connection refused" in (down.last_error or "")
    assert up.last_error is None  # "" upstream
    assert up.last_scrape == datetime.fromisoformat(recorded["prometheus"]["lastScrape"])
    assert up.scrape_duration_seconds == recorded["prometheus"]["lastScrapeDuration"]
    # never scraped: Go's zero time and duration 0 upstream
    assert (unknown.last_scrape, unknown.scrape_duration_seconds) == (None, None)


# --- auth ------------------------------------------------------------------------------------


async def test_no_credentials_sends_no_authorization(connect: Connect) -> None:
    fake = upstream()
    await integration.test_connection(connect(fake))
    assert "authorization" not in fake.requests[0].headers


async def test_basic_auth_is_sent_and_the_password_never_shows(connect: Connect) -> None:
    seen: list[str | None] = []

    def proxy(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization"))
        return httpx.Response(401, headers={"www-authenticate": "Basic"}, text="Unauthorized")

    fake = FakeUpstream(ID, {("GET", "/prom/api/v1/status/buildinfo"): proxy})
    creds = {"username": "admin", "password": PASSWORD}
    client = connect(fake, url="http://proxy.test/prom", credentials=creds)
    err = await failure(integration.test_connection(client))
    token = base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
    assert seen == [f"Basic {token}"]
    assert err.code is ErrorCode.UNAUTHORIZED
    for text in (str(err), repr(err), err.message, err.url or ""):
        assert PASSWORD not in text
        assert token not in text
    assert err.url == "http://proxy.test/prom/api/v1/status/buildinfo"


async def test_basic_auth_reaches_prometheus(connect: Connect) -> None:
    fake = upstream()
    creds = {"type": "usernamePassword", "username": "admin", "password": PASSWORD}
    info = await integration.test_connection(connect(fake, credentials=creds))
    assert info.version == "2.42.0+ds"
    assert fake.requests[0].headers["authorization"].startswith("Basic ")


async def test_bearer_token_is_sent(connect: Connect) -> None:
    fake = upstream()
    client = connect(fake, credentials={"type": "token", "token": "tok-123"})
    await fetch(client, "targets")
    assert fake.requests[0].headers["authorization"] == "Bearer tok-123"


# --- transport -------------------------------------------------------------------------------


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port bound but not listening: connecting is refused, and no one can take it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]
