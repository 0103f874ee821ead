"""Custom JSON API against the real Prometheus 2.42 on 127.0.0.1:18140 (the service the
Prometheus live test runs), through Tilewire's GraphQL API: Apps with dot paths, JSONPath
wildcards and list mode, each value compared with what a plain httpx GET of the same URL
returns, formatted by the test itself."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.live.graphql import DATA, check_through_graphql, run_test
from tests.live.services import ServiceInfo, ensure_service
from tests.schema.test_apps import CREATE
from tests.support.api import Api

pytestmark = pytest.mark.live

LIVE_SERVICES = ("prometheus",)
"""The real services this module needs, started in the background at the session's start."""

ID = "customapi"


@pytest.fixture(scope="module")
def svc() -> ServiceInfo:
    return ensure_service("prometheus")


def raw(url: str) -> Any:
    with httpx.Client(timeout=5.0, trust_env=False) as http:
        return http.get(url).raise_for_status().json()


def mapping(selector: str, label: str, **more: Any) -> dict[str, Any]:
    return {"selector": selector, "label": label, **more}


def config(url: str, mappings: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"url": url, "extra": {"mappings": mappings, **extra}}


async def app_data(api: Api, data: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """Create an App with ``data`` and return ``endpoint``'s payload JSON."""
    variables = {"input": {"name": "api", "integrationType": ID, "integrationConfig": data}}
    created = (await api.query(CREATE, variables))["createApp"]
    assert created["__typename"] == "App", created
    result = await api.query(DATA, {"app": created["id"], "endpoint": endpoint})
    found = result["integrationData"]
    assert found["error"] is None, found
    json: dict[str, Any] = found["json"]
    return json


async def test_through_graphql_against_prometheus(api: Api, svc: ServiceInfo) -> None:
    url = f"{svc.url}/api/v1/query?query=up"
    data = config(
        url,
        [
            mapping("status", "Status"),
            mapping("$.data.result[*].metric.instance", "Instances"),
            mapping("data.result.0.value.1", "Up", remap=[{"from": "1", "to": "yes"}]),
            mapping("$.data.nothing", "Missing"),
        ],
        list={
            "selector": "$.data.result",
            "nameSelector": "metric.job",
            "valueSelector": "$.value[1]",
            "format": "number",
            "limit": 10,
        },
    )
    payloads = await check_through_graphql(api, ID, data, version=None)
    result = raw(url)["data"]["result"]
    assert result, "Prometheus has scraped itself"
    values = {v["label"]: v for v in payloads["values"]["values"]}
    assert values["Status"]["value"] == raw(url)["status"] == "success"
    assert values["Instances"]["value"] == ", ".join(r["metric"]["instance"] for r in result)
    assert values["Instances"]["matches"] == len(result)
    assert values["Up"]["value"] == (
        "yes" if result[0]["value"][1] == "1" else result[0]["value"][1]
    )
    assert values["Up"]["rawNumber"] == float(result[0]["value"][1])
    assert values["Missing"]["found"] is False
    rows = payloads["rows"]
    assert rows["total"] == len(result)
    assert [(r["name"], r["value"]) for r in rows["rows"]] == [
        (r["metric"]["job"], r["value"][1]) for r in result
    ]


async def test_the_connection_test_reports_missing_selectors(api: Api, svc: ServiceInfo) -> None:
    url = f"{svc.url}/api/v1/status/buildinfo"
    data = config(url, [mapping("data.version", "Version"), mapping("$.data.nope", "Nope")])
    result = await run_test(api, ID, data)
    assert result["__typename"] == "TestConnectionSuccess", result
    details = {d["name"]: d["value"] for d in result["details"]}
    assert details["status"] == "200"
    assert details["found"] == "1 of 2 selectors"
    assert details["not found"] == "mappings[1] $.data.nope"


async def test_formats_match_the_raw_api(api: Api, svc: ServiceInfo) -> None:
    build = f"{svc.url}/api/v1/status/buildinfo"
    values = await app_data(
        api,
        config(build, [mapping("data.version", "Version"), mapping("$.data.goVersion", "Go")]),
        "values",
    )
    info = raw(build)["data"]
    assert [v["value"] for v in values["values"]] == [info["version"], info["goVersion"]]

    start = f"{svc.url}/api/v1/query?query=process_start_time_seconds"
    size = f"{svc.url}/api/v1/query?query=vector(1536)"
    started = await app_data(
        api, config(start, [mapping("data.result.0.value.1", "Started", format="date")]), "values"
    )
    seconds = float(raw(start)["data"]["result"][0]["value"][1])
    expected = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert started["values"][0]["value"] == expected
    sized = await app_data(
        api,
        config(
            size,
            [
                mapping("data.result.0.value.1", "Size", format="bytes"),
                mapping("data.result.0.value.1", "Rate", format="bitrate", scale=8),
            ],
        ),
        "values",
    )
    assert raw(size)["data"]["result"][0]["value"][1] == "1536"
    assert [v["value"] for v in sized["values"]] == ["1.5 KiB", "12.3 kbit/s"]


async def test_an_error_status_and_a_page_that_is_not_json(api: Api, svc: ServiceInfo) -> None:
    bad_query = await run_test(
        api, ID, config(f"{svc.url}/api/v1/query?query=up%5B", [mapping("status", "S")])
    )
    assert bad_query["__typename"] == "TestConnectionFailure", bad_query
    assert bad_query["error"]["code"] == "UNEXPECTED_STATUS"  # 400: the API explains
    assert "parse error" in bad_query["error"]["message"]
    page = await run_test(api, ID, config(f"{svc.url}/graph", [mapping("status", "S")]))
    assert page["error"]["code"] == "INVALID_RESPONSE", page
