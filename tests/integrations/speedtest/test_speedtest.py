"""Speedtest Tracker integration against fixtures transcribed from the Speedtest Tracker API
documentation (API v1 and the legacy latest-result endpoint)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.speedtest import integration
from integrations.speedtest.client import SpeedtestClient
from integrations.speedtest.definition import SpeedtestResult
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "speedtest"
TOKEN = "3|fixture-api-token"
BASE = "http://speedtest.test"
V1 = ("GET", "/api/v1/results/latest")
LEGACY = ("GET", "/api/speedtest/latest")
TOKEN_CREDS = {"type": "token", "token": TOKEN}


def config(credentials: dict[str, Any] | None = None, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": credentials or TOKEN_CREDS}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(TOKEN)


def tracker(v1: Any = "v1_latest", legacy: Any = "legacy_latest") -> FakeUpstream:
    """Speedtest Tracker 1.x: API v1 behind the token (401 without it), the legacy endpoint
    open."""

    def guarded(request: httpx.Request) -> httpx.Response:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return response_of(fixture(ID, "v1_unauthenticated"))
        if isinstance(v1, httpx.Response):
            return v1
        return response_of(fixture(ID, v1))

    return FakeUpstream(ID, {V1: guarded, LEGACY: legacy})


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "speedtest"
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.token", "secret"),
    ]
    assert [c.model_fields["type"].default for c in integration.credentials] == ["token", "none"]
    latest = integration.endpoints["latest"]
    assert (latest.payload, latest.ttl, latest.min_refresh) == (SpeedtestResult, 120.0, 30.0)


# --- API v1 -------------------------------------------------------------------------------------


async def test_latest_v1(make_client: Callable[..., SpeedtestClient]) -> None:
    upstream = tracker()
    result = await integration.fetch_data(make_client(upstream), "latest")

    raw = body("v1_latest")["data"]
    ookla = raw["data"]
    assert isinstance(result, SpeedtestResult)
    assert result.id == raw["id"]
    assert result.download_bps == raw["download_bits"] == raw["download"] * 8 == 1338167752
    assert result.upload_bps == raw["upload_bits"] == raw["upload"] * 8
    assert result.ping_ms == raw["ping"] == 7.448
    assert result.jitter_ms == ookla["ping"]["jitter"]
    assert result.packet_loss == ookla["packetLoss"] == 0
    assert result.server == ookla["server"]["name"]
    assert result.isp == ookla["isp"]
    assert result.measured_at == datetime(2025, 1, 13, 16, 37, 15, tzinfo=UTC)
    assert result.result_url == ookla["result"]["url"]
    assert (result.status, result.failed, result.healthy) == ("completed", False, True)
    assert (result.scheduled, result.api) == (True, "v1")
    [request] = upstream.requests
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["accept"] == "application/json"  # else Laravel redirects to /login


async def test_latest_v1_as_documented(make_client: Callable[..., SpeedtestClient]) -> None:
    result = await integration.fetch_data(make_client(tracker("v1_latest_doc")), "latest")

    raw = body("v1_latest_doc")["data"]
    assert result.download_bps == raw["download_bits"]
    assert (result.jitter_ms, result.server, result.isp, result.result_url) == (None,) * 4
    assert result.healthy is None  # no thresholds set
    assert result.measured_at == datetime(2025, 1, 13, 16, 37)  # created_at, no zone given


async def test_failed_result(make_client: Callable[..., SpeedtestClient]) -> None:
    result = await integration.fetch_data(make_client(tracker("v1_latest_failed")), "latest")

    assert (result.status, result.failed) == ("failed", True)
    assert (result.download_bps, result.upload_bps, result.ping_ms) == (None, None, None)
    assert result.id == body("v1_latest_failed")["data"]["id"]


async def test_no_result_yet(make_client: Callable[..., SpeedtestClient]) -> None:
    client = make_client(tracker("v1_no_result"))
    result = await integration.fetch_data(client, "latest")
    assert (result.id, result.status, result.download_bps, result.api) == (None, "none", None, "v1")

    info = await integration.test_connection(client)
    assert info == ServiceInfo(version=None, details={"api": "v1", "latestResult": "none"})


async def test_connection_proves_the_token(make_client: Callable[..., SpeedtestClient]) -> None:
    upstream = tracker()
    info = await integration.test_connection(make_client(upstream))
    assert info == ServiceInfo(
        version=None, details={"api": "v1", "latestResult": str(body("v1_latest")["data"]["id"])}
    )
    assert upstream.calls == {V1: 1}


async def test_wrong_token_is_unauthorized(make_client: Callable[..., SpeedtestClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(
            make_client(tracker(), credentials={"type": "token", "token": "wrong-token"})
        )
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == 401
    assert "/admin/api-tokens" in err.message
    assert_no_secret(err, "wrong-token")


async def test_token_without_ability_is_forbidden(
    make_client: Callable[..., SpeedtestClient],
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(tracker("v1_forbidden")), "latest")
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert "Read results" in caught.value.message
    assert_no_secret(caught.value)


async def test_tracker_without_api_v1_is_not_found(
    make_client: Callable[..., SpeedtestClient],
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(tracker("v1_no_route")))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert "legacy endpoint" in caught.value.message


# --- legacy endpoint ----------------------------------------------------------------------------


async def test_latest_legacy(make_client: Callable[..., SpeedtestClient]) -> None:
    upstream = tracker()
    result = await integration.fetch_data(
        make_client(upstream, credentials={"type": "none"}), "latest"
    )

    raw = body("legacy_latest")["data"]
    assert result.id == raw["id"]
    assert result.download_bps == round(raw["download"] * 1_000_000) == 694_200_000
    assert result.upload_bps == round(raw["upload"] * 1_000_000) == 420_690_000
    assert result.ping_ms == raw["ping"]
    assert result.server == raw["server_name"]
    assert result.result_url == raw["url"]
    assert (result.failed, result.status) == (raw["failed"], "failed")
    assert result.measured_at == datetime(2023, 3, 10, 13, 17, 46, tzinfo=UTC)
    assert (result.jitter_ms, result.isp, result.healthy, result.api) == (
        None,
        None,
        None,
        "legacy",
    )
    [request] = upstream.requests
    assert request.url.path == LEGACY[1]
    assert "authorization" not in request.headers


async def test_legacy_without_result(make_client: Callable[..., SpeedtestClient]) -> None:
    upstream = tracker(legacy="legacy_no_result")
    client = make_client(upstream, credentials={"type": "none"})
    info = await integration.test_connection(client)
    assert info.details == {"api": "legacy", "latestResult": "none"}


# --- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_speedtest_tracker_is_invalid_response(
    make_client: Callable[..., SpeedtestClient], name: str
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(tracker(name)), "latest")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_html_404_is_not_found(make_client: Callable[..., SpeedtestClient]) -> None:
    upstream = FakeUpstream(ID, {})  # plain 404 page
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream, credentials={"type": "none"}), "latest")
    assert caught.value.code is ErrorCode.NOT_FOUND


async def test_server_error_is_upstream_error(make_client: Callable[..., SpeedtestClient]) -> None:
    upstream = tracker(httpx.Response(500, json={"message": "Server Error"}))
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "latest")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)
