"""Uptime Kuma integration against fixtures transcribed from the Uptime Kuma API documentation
and the answers its routes build (1.23 and 2.0)."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.types import ServiceInfo
from integrations.uptimekuma import integration
from integrations.uptimekuma.client import UptimeKumaClient, parse_samples
from integrations.uptimekuma.definition import MonitorStatus, UptimeKumaMonitors
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "uptimekuma"
KEY = "uk1_fixture-api-key"
PASSWORD = "kuma-password"
BASE = "http://kuma.test:3001"
PAGE = ("GET", "/api/status-page/home")
BEATS = ("GET", "/api/status-page/heartbeat/home")
METRICS = ("GET", "/metrics")
STATUSES = {0: "down", 1: "up", 2: "pending", 3: "maintenance"}


def config(
    credentials: dict[str, Any] | None = None, slug: str = "home", url: str = BASE
) -> dict[str, Any]:
    return {"url": url, "credentials": credentials or {"type": "none"}, "extra": {"slug": slug}}


API_KEY = {"type": "apiKey", "apiKey": KEY}
LOGIN = {"type": "usernamePassword", "username": "admin", "password": PASSWORD}


body = partial(fixture_body, ID)


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


assert_no_secret = secret_check(KEY, PASSWORD)


def guarded(name: str, *accepted: str) -> Callable[[httpx.Request], httpx.Response]:
    """``/metrics`` behind basic auth: the fixture for an accepted Authorization header."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.headers.get("authorization") not in accepted:
            return response_of(fixture(ID, "metrics_unauthorized"))
        return response_of(fixture(ID, name))

    return handle


def kuma(routes: dict[tuple[str, str], Any] | None = None) -> FakeUpstream:
    return FakeUpstream(
        ID,
        {
            PAGE: "status_page",
            BEATS: "heartbeat",
            METRICS: guarded("metrics_v1", basic("", KEY), basic("admin", PASSWORD)),
            **(routes or {}),
        },
    )


def expected_from_page(page: dict[str, Any], beats: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Each monitor's status, ping, uptime and first group, computed from the fixtures."""
    out: dict[int, dict[str, Any]] = {}
    for group in page["publicGroupList"]:
        for monitor in group["monitorList"]:
            if monitor["id"] in out:
                continue
            history = [b for b in beats["heartbeatList"][str(monitor["id"])] if b != 0]
            ratio = beats["uptimeList"].get(f"{monitor['id']}_24")
            if ratio is None:
                ratio = beats["uptimeList"].get(str(monitor["id"]))
            out[monitor["id"]] = {
                "status": STATUSES[history[-1]["status"]] if history else "unknown",
                "ping": history[-1]["ping"] if history else None,
                "uptime": round(ratio * 100, 4) if ratio is not None else None,
                "group": group["name"],
            }
    return out


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "uptimekuma"
    assert integration.default_port == 3001
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
        ("extra.slug", "string"),
    ]
    monitors, metrics = integration.endpoints["monitors"], integration.endpoints["metrics"]
    assert (monitors.payload, monitors.ttl, monitors.min_refresh) == (UptimeKumaMonitors, 60, 20)
    assert (metrics.payload, metrics.ttl, metrics.min_refresh) == (UptimeKumaMonitors, 30, 10)


def test_slug_is_checked() -> None:
    with pytest.raises(ValueError, match="pattern"):
        integration.config_model.model_validate(config(slug="../metrics"))


# --- status page --------------------------------------------------------------------------------


async def test_monitors_from_status_page(make_client: Callable[..., UptimeKumaClient]) -> None:
    upstream = kuma()
    result = await integration.fetch_data(make_client(upstream), "monitors")

    assert isinstance(result, UptimeKumaMonitors)
    expected = expected_from_page(body("status_page"), body("heartbeat"))
    assert result.title == body("status_page")["config"]["title"]
    assert result.incident is None
    assert result.total == len(expected) == 5  # "Website" is in two groups, counted once
    for status in ("up", "down", "pending", "maintenance", "unknown"):
        want = sum(m["status"] == status for m in expected.values())
        assert getattr(result, status) == want == 1
    # problems first: down, pending, no beat yet, maintenance, up
    assert [m.status for m in result.monitors] == [
        MonitorStatus.DOWN,
        MonitorStatus.PENDING,
        MonitorStatus.UNKNOWN,
        MonitorStatus.MAINTENANCE,
        MonitorStatus.UP,
    ]
    for monitor in result.monitors:
        assert monitor.id is not None
        want = expected[monitor.id]
        assert monitor.status.value == want["status"]
        assert monitor.ping_ms == want["ping"]
        assert monitor.uptime_24h == want["uptime"]
        assert monitor.group == want["group"]
    website = next(m for m in result.monitors if m.name == "Website")
    assert (website.ping_ms, website.uptime_24h, website.type) == (45, 100, "http")
    nextcloud = next(m for m in result.monitors if m.name == "Nextcloud")
    assert (nextcloud.ping_ms, nextcloud.uptime_24h) == (None, 98.61)
    for request in upstream.requests:
        assert "authorization" not in request.headers  # the status page is public


async def test_pinned_incident_is_shown(make_client: Callable[..., UptimeKumaClient]) -> None:
    upstream = kuma({PAGE: "status_page_incident"})
    result = await integration.fetch_data(make_client(upstream), "monitors")
    assert result.incident == body("status_page_incident")["incident"]["title"]


async def test_heartbeat_bar_over_days_uptime(
    make_client: Callable[..., UptimeKumaClient],
) -> None:
    upstream = kuma({PAGE: "status_page_v2", BEATS: "heartbeat_v2"})
    result = await integration.fetch_data(make_client(upstream), "monitors")

    expected = expected_from_page(body("status_page_v2"), body("heartbeat_v2"))
    by_id = {m.id: m for m in result.monitors}
    assert by_id[1].uptime_24h == expected[1]["uptime"] == 99.95
    assert by_id[2].status is MonitorStatus.DOWN  # the 0 (empty bucket) before it is skipped
    assert by_id[5].status is MonitorStatus.UNKNOWN  # only empty buckets
    assert (result.down, result.up, result.unknown) == (1, 1, 1)


async def test_uptime_over_several_days_is_not_shown_as_24h(
    make_client: Callable[..., UptimeKumaClient],
) -> None:
    page = copy.deepcopy(body("status_page_v2"))
    page["config"]["heartbeatBarDays"] = 7
    upstream = kuma({PAGE: httpx.Response(200, json=page), BEATS: "heartbeat_v2"})
    result = await integration.fetch_data(make_client(upstream), "monitors")
    assert all(m.uptime_24h is None for m in result.monitors)


async def test_slug_is_lowercased(make_client: Callable[..., UptimeKumaClient]) -> None:
    upstream = kuma()
    await integration.fetch_data(make_client(upstream, slug="Home"), "monitors")
    assert upstream.calls[PAGE] == upstream.calls[BEATS] == 1


async def test_monitors_need_a_slug(make_client: Callable[..., UptimeKumaClient]) -> None:
    upstream = kuma()
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream, slug=""), "monitors")
    assert caught.value.code is ErrorCode.INVALID_CONFIG
    assert upstream.requests == []


async def test_unknown_status_page_is_not_found(
    make_client: Callable[..., UptimeKumaClient],
) -> None:
    upstream = kuma({PAGE: "status_page_not_found"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.message.startswith("Uptime Kuma has no status page 'home'")
    assert body("status_page_not_found")["msg"] in caught.value.message


async def test_busy_database_is_upstream_error(
    make_client: Callable[..., UptimeKumaClient],
) -> None:
    upstream = kuma({PAGE: "status_page_busy"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "monitors")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 503
    assert "SQLITE_BUSY" in caught.value.message


async def test_connection_with_status_page(make_client: Callable[..., UptimeKumaClient]) -> None:
    upstream = kuma()
    info = await integration.test_connection(make_client(upstream))
    assert info == ServiceInfo(
        version=None,
        details={"statusPage": body("status_page")["config"]["title"], "monitors": "5"},
    )
    assert upstream.calls[METRICS] == 0


# --- metrics ------------------------------------------------------------------------------------


async def test_metrics_of_1x(make_client: Callable[..., UptimeKumaClient]) -> None:
    upstream = kuma()
    result = await integration.fetch_data(make_client(upstream, credentials=API_KEY), "metrics")

    samples = parse_samples(body("metrics_v1"), frozenset({"monitor_status"}))
    assert result.total == len(samples) == 3
    assert (result.up, result.down, result.pending) == (1, 1, 1)
    by_name = {m.name: m for m in result.monitors}
    assert set(by_name) == {"Website", 'Nextcloud "cloud"', "DNS"}  # label escapes undone
    assert by_name["Website"].ping_ms == 45
    assert by_name['Nextcloud "cloud"'].ping_ms is None  # -1: no response time
    assert by_name["DNS"].status is MonitorStatus.PENDING
    assert by_name["DNS"].type == "dns"
    assert all(m.id is None and m.uptime_24h is None for m in result.monitors)  # not in 1.x
    [request] = upstream.requests
    assert request.headers["authorization"] == basic("", KEY)


async def test_metrics_of_2x(make_client: Callable[..., UptimeKumaClient]) -> None:
    upstream = kuma({METRICS: guarded("metrics_v2", basic("", KEY))})
    result = await integration.fetch_data(make_client(upstream, credentials=API_KEY), "metrics")

    by_id = {m.id: m for m in result.monitors}
    assert set(by_id) == {1, 2, 4}
    assert by_id[1].uptime_24h == 99.93  # window="1d", not the 30-day ratio
    assert by_id[2].uptime_24h == 50
    assert by_id[4].status is MonitorStatus.MAINTENANCE
    assert (result.up, result.down, result.maintenance) == (1, 1, 1)


async def test_metrics_with_username_and_password(
    make_client: Callable[..., UptimeKumaClient],
) -> None:
    upstream = kuma()
    result = await integration.fetch_data(make_client(upstream, credentials=LOGIN), "metrics")
    assert result.total == 3
    assert upstream.requests[0].headers["authorization"] == basic("admin", PASSWORD)


async def test_connection_with_api_key(make_client: Callable[..., UptimeKumaClient]) -> None:
    upstream = kuma()
    info = await integration.test_connection(make_client(upstream, credentials=API_KEY, slug=""))
    assert info == ServiceInfo(version=None, details={"metricsMonitors": "3"})
    assert upstream.calls[PAGE] == 0

    both = await integration.test_connection(make_client(upstream, credentials=API_KEY))
    assert both.details == {
        "metricsMonitors": "3",
        "statusPage": body("status_page")["config"]["title"],
        "monitors": "5",
    }


@pytest.mark.parametrize(
    ("credentials", "secret"),
    [({"type": "apiKey", "apiKey": "wrong-key"}, "wrong-key"), ({**LOGIN, "password": "x!"}, "x!")],
)
async def test_wrong_credentials_are_unauthorized(
    make_client: Callable[..., UptimeKumaClient], credentials: dict[str, Any], secret: str
) -> None:
    upstream = kuma()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream, credentials=credentials))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert "Settings > API Keys" in caught.value.message
    assert_no_secret(caught.value, secret)


async def test_metrics_without_credentials_is_unauthorized(
    make_client: Callable[..., UptimeKumaClient],
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(kuma()), "metrics")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.message.startswith("Uptime Kuma asks for credentials for /metrics")


async def test_metrics_with_authentication_disabled(
    make_client: Callable[..., UptimeKumaClient],
) -> None:
    upstream = kuma({METRICS: "metrics_v1"})
    result = await integration.fetch_data(make_client(upstream), "metrics")
    assert result.total == 3
    assert "authorization" not in upstream.requests[0].headers


async def test_other_exporter_is_invalid_response(
    make_client: Callable[..., UptimeKumaClient],
) -> None:
    upstream = kuma({METRICS: "metrics_other_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream, credentials=API_KEY), "metrics")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


# --- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_uptime_kuma_is_invalid_response(
    make_client: Callable[..., UptimeKumaClient], name: str
) -> None:
    upstream = kuma({PAGE: name})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_html_metrics_is_invalid_response(
    make_client: Callable[..., UptimeKumaClient],
) -> None:
    upstream = kuma({METRICS: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream, credentials=API_KEY), "metrics")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_server_error_is_upstream_error(
    make_client: Callable[..., UptimeKumaClient],
) -> None:
    upstream = kuma({BEATS: httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "monitors")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
