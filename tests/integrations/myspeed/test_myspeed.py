"""MySpeed integration against the answers of MySpeed 1.0.9's API sources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.actions import ActionResult
from integrations.errors import ErrorCode, IntegrationError
from integrations.myspeed import integration
from integrations.myspeed.client import MySpeedClient
from integrations.myspeed.definition import MySpeedResult
from tests.integrations.upstream import FakeUpstream, needs_header, secret_check

ID = "myspeed"
PASSWORD = "fixture-myspeed-password"
BASE = "http://myspeed.test:5216"

MakeClient = Callable[..., MySpeedClient]
assert_no_secret = secret_check(PASSWORD)


def config(password: str | None = PASSWORD, url: str = BASE) -> dict[str, Any]:
    creds = {"type": "password", "password": password} if password else {"type": "none"}
    return {"url": url, "credentials": creds}


def fake(**routes: Any) -> FakeUpstream:
    base = {
        ("GET", "/api/speedtests"): "speedtests",
        ("GET", "/api/speedtests/statistics"): "statistics",
        ("GET", "/api/speedtests/status"): "status",
        ("POST", "/api/speedtests/run"): {"message": "Speedtest successfully created"},
    }
    for key, value in routes.items():
        method, _, path = key.partition(" ")
        base[(method, path)] = value
    return FakeUpstream(ID, base, refuse=needs_header(ID, "password", PASSWORD, "unauthorized"))


async def latest(client: MySpeedClient) -> MySpeedResult:
    payload = await integration.fetch_data(client, "latest")
    assert isinstance(payload, MySpeedResult)
    return payload


async def test_latest(make_client: MakeClient) -> None:
    payload = await latest(make_client(fake()))
    assert (payload.download_bps, payload.upload_bps, payload.ping_ms) == (
        487_310_000,
        38_920_000,
        14,
    )
    assert not payload.failed and not payload.manual and not payload.running
    assert (payload.tests_24h, payload.failed_24h) == (24, 1)
    assert (payload.average_download_bps, payload.average_upload_bps, payload.average_ping_ms) == (
        471_250_000,
        37_500_000,
        14,
    )


async def test_a_failed_test_and_none_in_a_day(make_client: MakeClient) -> None:
    failed = [
        {
            "id": 9,
            "ping": 0,
            "download": 0,
            "upload": 0,
            "error": "No server found",
            "type": "custom",
            "time": 0,
            "created": "2026-11-30T08:00:05.123Z",
        }
    ]
    empty_stats = {
        "tests": {"total": 0, "failed": 0},
        "ping": {"min": None, "max": None, "avg": None},
        "download": {},
        "upload": {},
    }
    payload = await latest(
        make_client(
            fake(**{"GET /api/speedtests": failed, "GET /api/speedtests/statistics": empty_stats})
        )
    )
    assert payload.failed and payload.error == "No server found" and payload.manual
    assert payload.download_bps is None and payload.average_download_bps is None


async def test_run_test_action(make_client: MakeClient) -> None:
    upstream = fake()
    result = await integration.run_action(
        make_client(upstream), "runTest", integration.actions["runTest"].input()
    )
    assert result == ActionResult(message="Speedtest started")
    busy = fake(
        **{
            "POST /api/speedtests/run": httpx.Response(
                409, json={"message": "An speedtest is already running"}
            )
        }
    )
    again = await integration.run_action(
        make_client(busy), "runTest", integration.actions["runTest"].input()
    )
    assert again.message == "A speedtest is already running"
    paused = fake(
        **{
            "POST /api/speedtests/run": httpx.Response(
                410, json={"message": "The speedtests are currently paused"}
            )
        }
    )
    with pytest.raises(IntegrationError) as caught:
        await integration.run_action(
            make_client(paused), "runTest", integration.actions["runTest"].input()
        )
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR


async def test_a_wrong_password_is_unauthorized_without_it(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "wrong"))
    assert (
        caught.value.code is ErrorCode.UNAUTHORIZED and "Settings, Password" in caught.value.message
    )
    assert_no_secret(caught.value, "wrong")
