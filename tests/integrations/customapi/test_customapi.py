"""Custom JSON API against fixtures: a Prometheus HTTP API answer (as its 2.42 documentation
shows one) and a hand-made JSON for the formats. Formats are pure functions, tested against a
fixed ``now``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.auth import Role, mint_token
from integrations.addresses import DEFAULT_POLICY, AddressPolicy, validation_context
from integrations.base import OFF_LOOP_BYTES
from integrations.config import check_config, masked, to_storage
from integrations.customapi import integration
from integrations.customapi.client import (
    MAX_DEPTH,
    MAX_MATCHES,
    CustomApiClient,
    format_bitrate,
    format_bytes,
    format_date,
    format_duration,
    format_number,
    format_relative,
    format_value,
    read_rows,
    read_values,
)
from integrations.customapi.definition import (
    MAX_MAPPINGS,
    CustomApiRows,
    CustomApiSettings,
    CustomApiValues,
    to_jsonpath,
)
from integrations.errors import ErrorCode, IntegrationError
from tests.integrations.upstream import FakeUpstream, fixture_body, secret_check
from tests.schema.test_apps import CREATE, UPDATE
from tests.support.api import Api, api_for

ID = "customapi"
BASE = "http://api.test"
TOKEN = "fixture-token-5b2c"
HEADER_SECRET = "fixture-header-secret-91ad"
QUERY = ("GET", "/api/v1/query")
STATS = ("GET", "/stats")
NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)

MakeClient = Callable[..., CustomApiClient]
body = partial(fixture_body, ID)
assert_no_secret = secret_check(TOKEN, HEADER_SECRET)


def mapping(selector: str, label: str = "v", **more: Any) -> dict[str, Any]:
    return {"selector": selector, "label": label, **more}


def config(
    url: str = f"{BASE}/stats",
    mappings: list[dict[str, Any]] | None = None,
    credentials: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": credentials or {"type": "none"},
        "extra": {"mappings": mappings or [mapping("$.name", "Name")], **extra},
    }


def problems(data: dict[str, Any]) -> dict[str, str]:
    checked = check_config(
        integration.config_model, data, context=validation_context(DEFAULT_POLICY)
    )
    return {p.field: p.message for p in checked.problems}


@pytest.fixture
def make(clients: Any) -> Callable[..., CustomApiClient]:
    def build(upstream: FakeUpstream | httpx.MockTransport, **kwargs: Any) -> CustomApiClient:
        client: CustomApiClient = clients(config(**kwargs), upstream)
        return client

    return build


def prometheus() -> FakeUpstream:
    return FakeUpstream(ID, {QUERY: "prometheus_query"})


def stats() -> FakeUpstream:
    return FakeUpstream(ID, {STATS: "formats"})


PROM_URL = f"{BASE}/api/v1/query?query=up"


# --- selectors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selector", "path"),
    [
        ("a.b.0.c", "$.a.b[0].c"),
        ("data.result.*.value.1", "$.data.result[*].value[1]"),
        ("my key.with-dash", "$.'my key'.with-dash"),
        ("$.items[*].name", "$.items[*].name"),
        ("  status ", "$.status"),
    ],
)
def test_dot_paths_become_jsonpath(selector: str, path: str) -> None:
    assert to_jsonpath(selector) == path


@pytest.mark.parametrize(
    ("selector", "why"),
    [
        ("a..b", "empty step"),
        ("$.a[", "is not a selector"),
        ("a.it's", "quote"),
        ("$..name", "uses recursive descent (..)"),
        ("$.a[?(@.x)]", "is not a selector"),
        ("$.a | $.b", "uses a union (|)"),
        ("$.a.`parent`", "uses `parent`"),
    ],
)
def test_a_selector_that_does_not_parse_is_a_field_error(selector: str, why: str) -> None:
    found = problems(config(mappings=[mapping("$.ok"), mapping(selector)]))
    assert list(found) == ["extra.mappings.1.selector"]
    assert why in found["extra.mappings.1.selector"]


def test_list_selectors_are_checked_by_field() -> None:
    bad = {"selector": "data.result", "nameSelector": "$.[", "valueSelector": "value.1"}
    assert list(problems(config(list=bad))) == ["extra.list.nameSelector"]
    assert list(problems(config(list={**bad, "nameSelector": "x", "limit": 101}))) == [
        "extra.list.limit"
    ]


# --- config ---------------------------------------------------------------------------------


def test_the_url_keeps_its_query_string() -> None:
    valid = integration.config_model.model_validate(config(url=PROM_URL))
    assert str(valid.url) == PROM_URL
    assert valid.base_url == f"{BASE}/api/v1/query"
    assert list(problems(config(url=f"{BASE}/x?a=1#frag"))) == ["url"]


def test_body_is_json_and_only_with_a_method_that_sends_one() -> None:
    assert problems(config(method="POST", body='{"query": "up"}')) == {}
    assert "only with POST" in problems(config(body='{"a": 1}'))["extra.body"]
    assert "is not JSON" in problems(config(method="PUT", body="{nope"))["extra.body"]
    assert "extra.body" in problems(config(method="POST", body="x" * 20_000))


def test_headers_need_a_name_and_a_valid_one() -> None:
    assert "no header name" in problems(config(header2Value="x"))["extra.header2Value"]
    assert "extra.header1Name" in problems(config(header1Name="Bad Name", header1Value="x"))
    assert (
        "set by Tilewire"
        in problems(config(header1Name="Host", header1Value="x"))["extra.header1Name"]
    )
    key = {"type": "apiKeyHeader", "headerName": "Content-Length", "apiKey": "k"}
    assert list(problems(config(credentials=key))) == ["credentials.headerName"]


def test_mappings_are_bounded() -> None:
    assert "extra.mappings" in problems(config(mappings=[]) | {"extra": {"mappings": []}})
    many = [mapping(f"a{i}") for i in range(MAX_MAPPINGS + 1)]
    assert "extra.mappings" in problems(config(mappings=many))
    remaps = [{"from": str(i), "to": "x"} for i in range(21)]
    assert "extra.mappings.0.remap" in problems(config(mappings=[mapping("a", remap=remaps)]))


def test_a_metadata_address_is_refused_when_saved() -> None:
    found = problems(config(url="http://169.254.169.254/latest/meta-data?x=1"))
    assert list(found) == ["url"]


async def test_a_metadata_address_is_never_contacted() -> None:
    """A name that resolves to the metadata address when connecting (after it was saved)."""
    valid = integration.config_model.model_validate(config())

    async def rebind(host: str, port: int) -> list[str]:
        return ["169.254.169.254"]

    client = integration.create_client(valid, addresses=AddressPolicy(resolve=rebind))
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.fetch_data(client, "values")
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.ADDRESS_NOT_ALLOWED


def test_header_values_are_secrets_masked_and_kept_on_update() -> None:
    data = config(header1Name="X-Trace", header1Value=HEADER_SECRET)
    valid = integration.config_model.model_validate(data)
    shown, states = masked(valid)
    assert HEADER_SECRET not in json.dumps(shown)
    assert {s.name: s.is_set for s in states}["extra.header1Value"] is True
    stored = to_storage(valid)
    update = config(header1Name="X-Trace")  # the value left out: kept
    checked = check_config(integration.config_model, update, stored)
    assert checked.config is not None
    assert isinstance(checked.config.extra, CustomApiSettings)
    assert checked.config.extra.headers() == {"X-Trace": HEADER_SECRET}
    moved = check_config(integration.config_model, {**update, "url": "http://other.test/x"}, stored)
    assert [p.field for p in moved.problems] == ["extra.header1Value"]


# --- formats (pure, against a fixed now) ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (1234567, "number", "1,234,567"),
        (3.14159, "number", "3.14"),
        ("42", "number", "42"),
        (0.4567, "float", "0.46"),
        (1234.5, "float", "1,234.50"),
        (12.5, "percent", "12.5 %"),
        (100, "percent", "100 %"),
        (512, "bytes", "512 B"),
        (1536, "bytes", "1.5 KiB"),
        (1610612736, "bytes", "1.5 GiB"),
        (1099511627776, "bytes", "1 TiB"),
        (800, "bitrate", "800 bit/s"),
        (12_500_000, "bitrate", "12.5 Mbit/s"),
        (183600, "duration", "2 d 3 h"),
        (3 * 86400 + 30, "duration", "3 d"),
        (303, "duration", "5 min 3 s"),
        (42, "duration", "42 s"),
        (0, "duration", "0 s"),
        ("2026-01-02T03:04:05Z", "date", "2026-01-02T03:04:05Z"),
        ("2026-01-02T04:04:05+01:00", "date", "2026-01-02T03:04:05Z"),
        (1767323045, "date", "2026-01-02T03:04:05Z"),
        ("up", "number", "up"),
        (True, "text", "true"),
        (None, "text", "null"),
        ({"a": 1}, "text", '{"a":1}'),
    ],
)
def test_formats(value: Any, fmt: str, text: str) -> None:
    assert format_value(value, fmt, NOW) == text


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (timedelta(hours=-3, minutes=-5), "3 h ago"),
        (timedelta(days=2, hours=1), "in 2 d"),
        (timedelta(seconds=-42), "42 s ago"),
        (timedelta(minutes=5), "in 5 min"),
        (timedelta(milliseconds=200), "just now"),
    ],
)
def test_relative_dates_against_a_given_now(offset: timedelta, text: str) -> None:
    moment = NOW + offset
    assert format_relative(moment, NOW) == text
    assert format_value(moment.isoformat(), "relativeDate", NOW) == text
    assert format_value(moment.timestamp(), "relativeDate", NOW) == text


def test_format_helpers_take_negative_numbers() -> None:
    assert format_bytes(-2048) == "-2 KiB"
    assert format_bitrate(-1500) == "-1.5 kbit/s"
    assert format_duration(-90) == "-1 min 30 s"
    assert format_number(-1000) == "-1,000"
    assert format_date(NOW) == "2026-06-01T12:00:00Z"


# --- the values endpoint --------------------------------------------------------------------


async def test_values_from_a_prometheus_query(make: MakeClient) -> None:
    upstream = prometheus()
    client = make(
        upstream,
        url=PROM_URL,
        mappings=[
            mapping("status", "Status"),
            mapping("data.result.0.value.1", "First up", format="number"),
            mapping("$.data.result[*].metric.instance", "Instances"),
            mapping("$.data.result[1].value[1]", "Node", remap=[{"from": "0", "to": "down"}]),
            mapping(
                "$.data.result[*].value[1]",
                "States",
                remap=[{"from": "1", "to": "ok"}],
                remapDefault="not ok",
            ),
            mapping("$.data.nothing", "Missing"),
        ],
    )
    payload = await integration.fetch_data(client, "values")
    assert isinstance(payload, CustomApiValues)
    result = body("prometheus_query")["data"]["result"]
    by_label = {v.label: v for v in payload.values}
    assert by_label["Status"].value == "success"
    assert by_label["First up"].value == result[0]["value"][1] == "1"
    assert by_label["First up"].raw_number == 1.0
    assert by_label["Instances"].value == ", ".join(r["metric"]["instance"] for r in result)
    assert by_label["Instances"].matches == 3
    assert by_label["Instances"].raw == result[0]["metric"]["instance"]
    assert by_label["Node"].value == "down"
    assert by_label["States"].value == "ok, not ok, ok"
    missing = by_label["Missing"]
    assert (missing.found, missing.value, missing.raw, missing.matches) == (False, "", None, 0)
    # the URL exactly as configured, query string included
    [request] = upstream.requests
    assert str(request.url) == PROM_URL


async def test_values_in_every_format(make: MakeClient) -> None:
    client = make(
        stats(),
        mappings=[
            mapping("clients", "Clients", format="number"),
            mapping("load", "Load", format="float"),
            mapping("cpu", "CPU", format="percent"),
            mapping("memory.used", "Memory", format="bytes"),
            mapping("traffic.rx_bytes_per_s", "Down", format="bitrate", scale=8),
            mapping("uptime", "Uptime", format="duration"),
            mapping("checked_epoch", "Checked", format="date"),
            mapping("$.disks[*].free", "Free", format="bytes", prefix="~", suffix=" free"),
            mapping("online", "Online", remap=[{"from": "true", "to": "yes"}]),
            mapping("my key.with-dash", "Dash"),
            mapping("notes", "Notes"),
            mapping("memory", "Memory object"),
        ],
    )
    payload = await integration.fetch_data(client, "values")
    assert isinstance(payload, CustomApiValues)
    shown = {v.label: v.value for v in payload.values}
    assert shown == {
        "Clients": "1,234,567",
        "Load": "0.46",
        "CPU": "12.5 %",
        "Memory": "1.5 GiB",
        "Down": "12.5 Mbit/s",
        "Uptime": "2 d 3 h",
        "Checked": "2026-01-02T03:04:05Z",
        "Free": "~1 TiB free, ~512 MiB free",
        "Online": "yes",
        "Dash": "7",
        "Notes": "null",
        "Memory object": '{"used":1610612736,"total":8589934592}',
    }
    down = next(v for v in payload.values if v.label == "Down")
    assert (down.raw, down.raw_number) == ("1562500", 12_500_000.0)


def test_relative_dates_of_the_fixture() -> None:
    settings = CustomApiSettings.model_validate(
        {"mappings": [mapping("started", "Started", format="relativeDate")]}
    )
    data = body("formats")
    started = datetime.fromisoformat(data["started"])
    [value] = read_values(settings, data, now=started + timedelta(days=3, hours=2))
    assert value.value == "3 d ago"


def test_a_wildcard_reads_at_most_max_matches() -> None:
    settings = CustomApiSettings.model_validate({"mappings": [mapping("$.items[*]", "N")]})
    [value] = read_values(settings, {"items": [f"item-{i:05}" for i in range(500)]})
    assert value.matches == MAX_MATCHES
    assert len(value.value) <= 200 and value.value.endswith("…")


# --- the rows endpoint (list mode) ----------------------------------------------------------


async def test_rows_from_a_prometheus_vector(make: MakeClient) -> None:
    client = make(
        prometheus(),
        url=PROM_URL,
        list={
            "selector": "data.result",
            "nameSelector": "metric.instance",
            "valueSelector": "$.value[1]",
            "format": "number",
            "limit": 2,
        },
    )
    payload = await integration.fetch_data(client, "rows")
    assert isinstance(payload, CustomApiRows)
    result = body("prometheus_query")["data"]["result"]
    assert payload.total == len(result) == 3
    assert [(r.name, r.value, r.raw_number) for r in payload.rows] == [
        (r["metric"]["instance"], r["value"][1], float(r["value"][1])) for r in result[:2]
    ]


def test_rows_of_an_object_and_missing_values() -> None:
    mode = CustomApiSettings.model_validate(
        {
            "mappings": [mapping("a")],
            "list": {
                "selector": "disks",
                "nameSelector": "name",
                "valueSelector": "size",
                "format": "bytes",
            },
        }
    ).list_mode
    assert mode is not None
    rows = read_rows(mode, {"disks": {"a": {"name": "sda", "size": 2048}, "b": {"name": "sdb"}}})
    assert [(r.name, r.value, r.found) for r in rows.rows] == [
        ("sda", "2 KiB", True),
        ("sdb", "", False),
    ]


async def test_rows_without_list_settings_is_a_config_error(make: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make(stats()), "rows")
    assert caught.value.code is ErrorCode.INVALID_CONFIG
    assert "extra.list" in caught.value.message


# --- the request: method, body, headers, credentials ------------------------------------------


async def test_post_sends_the_body_and_the_headers(make: MakeClient) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    upstream = FakeUpstream(ID, {("POST", "/search"): answer})
    client = make(
        upstream,
        url=f"{BASE}/search",
        method="POST",
        body='{"query": "up", "limit": 5}',
        header1Name="X-Trace",
        header1Value=HEADER_SECRET,
        credentials={"type": "token", "token": TOKEN},
        mappings=[mapping("ok")],
    )
    payload = await integration.fetch_data(client, "values")
    assert isinstance(payload, CustomApiValues)
    assert payload.values[0].value == "true"
    [request] = seen
    assert json.loads(request.content) == {"query": "up", "limit": 5}
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-trace"] == HEADER_SECRET
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("credentials", "header", "value"),
    [
        (
            {"type": "usernamePassword", "username": "u", "password": "p"},
            "authorization",
            "Basic dTpw",
        ),
        ({"type": "apiKeyHeader", "headerName": "X-Api-Key", "apiKey": TOKEN}, "x-api-key", TOKEN),
    ],
)
async def test_credentials_are_sent(
    make: MakeClient, credentials: dict[str, Any], header: str, value: str
) -> None:
    upstream = stats()
    await integration.fetch_data(make(upstream, credentials=credentials), "values")
    assert upstream.requests[0].headers[header] == value


# --- failures -------------------------------------------------------------------------------


async def test_a_refused_token_is_unauthorized_without_the_token(make: MakeClient) -> None:
    upstream = FakeUpstream(ID, {STATS: "unauthorized"})
    client = make(upstream, credentials={"type": "token", "token": TOKEN})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert_no_secret(caught.value)


async def test_an_error_body_is_quoted_with_every_secret_masked(make: MakeClient) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        text = f"bad header {request.headers['x-trace']} with {request.headers['authorization']}"
        return httpx.Response(500, json={"error": text})

    client = make(
        FakeUpstream(ID, {STATS: echo}),
        header1Name="X-Trace",
        header1Value=HEADER_SECRET,
        credentials={"type": "token", "token": TOKEN},
    )
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "values")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "bad header" in caught.value.message
    assert_no_secret(caught.value)


async def test_a_page_that_is_not_json_is_invalid_response(make: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make(FakeUpstream(ID, {STATS: "not_json"})))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert "not JSON" in caught.value.message


async def test_a_404_is_not_found(make: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make(stats(), url=f"{BASE}/nope"))
    assert caught.value.code is ErrorCode.NOT_FOUND


async def test_json_nested_too_deep_is_refused(make: MakeClient) -> None:
    deep: Any = 1
    for _ in range(MAX_DEPTH + 1):
        deep = [deep]
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make(FakeUpstream(ID, {STATS: {"a": deep}})), "values")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert "deeper" in caught.value.message


# --- the connection test --------------------------------------------------------------------


async def test_connection_reports_selectors_that_found_nothing(make: MakeClient) -> None:
    client = make(
        stats(),
        mappings=[mapping("name"), mapping("$.nope", "Nope"), mapping("memory.used")],
        list={"selector": "disks", "nameSelector": "name", "valueSelector": "free"},
    )
    info = await integration.test_connection(client)
    assert info.version is None
    assert info.details == {
        "status": "200",
        "found": "2 of 3 selectors",
        "not found": "mappings[1] $.nope",
        "list": "2 elements",
    }


# --- through GraphQL: admin-only config, secrets masked, field errors ------------------------

JWT_SECRET = "customapi-jwt-secret-" + "x" * 32


@pytest.fixture
async def secured(tmp_path: Path) -> AsyncIterator[Api]:
    async with api_for(
        f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=JWT_SECRET
    ) as api:
        yield api


def app_input(data: dict[str, Any]) -> dict[str, Any]:
    return {"input": {"name": "api", "integrationType": ID, "integrationConfig": data}}


async def test_only_an_admin_configures_it_and_secrets_never_come_back(secured: Api) -> None:
    admin = mint_token(JWT_SECRET, Role.ADMIN)
    viewer = mint_token(JWT_SECRET, Role.VIEWER)
    data = config(
        header1Name="X-Trace",
        header1Value=HEADER_SECRET,
        credentials={"type": "token", "token": TOKEN},
    )
    [refused] = await secured.errors(CREATE, app_input(data), token=viewer)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    created = (await secured.query(CREATE, app_input(data), token=admin))["createApp"]
    assert created["__typename"] == "App", created
    secrets = {s["name"]: s["isSet"] for s in created["integration"]["secrets"]}
    assert secrets["extra.header1Value"] and secrets["credentials.token"]
    change = {"input": {"integrationConfig": config(header1Name="X-Other")}}
    [refused] = await secured.errors(UPDATE, {"id": created["id"], **change}, token=viewer)
    assert refused["extensions"]["code"] == "FORBIDDEN"
    updated = await secured.query(UPDATE, {"id": created["id"], **change}, token=admin)
    assert updated["updateApp"]["__typename"] == "App", updated
    for response in secured.responses:
        assert HEADER_SECRET not in response and TOKEN not in response


async def test_a_bad_selector_is_refused_naming_the_field(secured: Api) -> None:
    admin = mint_token(JWT_SECRET, Role.ADMIN)
    data = config(mappings=[mapping("$.ok"), mapping("$.items[")])
    result = (await secured.query(CREATE, app_input(data), token=admin))["createApp"]
    assert result["__typename"] == "ValidationErrors"
    [error] = result["errors"]
    assert error["field"].endswith("extra.mappings.1.selector"), error
    assert "is not a selector" in error["message"]


async def test_a_large_answer_is_read_off_the_event_loop(make: MakeClient) -> None:
    items = [{"name": f"item-{i}", "size": i} for i in range(OFF_LOOP_BYTES // 20)]
    assert len(json.dumps(items)) > OFF_LOOP_BYTES
    client = make(
        FakeUpstream(ID, {STATS: {"items": items}}),
        mappings=[mapping("$.items[*].name", "Names"), mapping("items.3.size", "Size")],
        list={"selector": "items", "nameSelector": "name", "valueSelector": "size", "limit": 3},
    )
    values = await integration.fetch_data(client, "values")
    assert isinstance(values, CustomApiValues)
    assert values.values[0].matches == MAX_MATCHES
    assert values.values[1].value == "3"
    rows = await integration.fetch_data(client, "rows")
    assert isinstance(rows, CustomApiRows)
    assert (rows.total, [r.name for r in rows.rows]) == (len(items), ["item-0", "item-1", "item-2"])
