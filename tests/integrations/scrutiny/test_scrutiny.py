"""Scrutiny integration against the summary the Scrutiny v0.9.3 web UI mocks its API with, and
its handler's failure answer."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.scrutiny import integration
from integrations.scrutiny.client import ScrutinyClient
from integrations.scrutiny.definition import MAX_DRIVES, ScrutinyDrives, ScrutinyDriveStatus
from tests.integrations.upstream import FakeUpstream, fixture_body, needs_header

ID = "scrutiny"
BASE = "http://scrutiny.test:8080"
SUMMARY = ("GET", "/api/summary")

MakeClient = Callable[..., ScrutinyClient]

body = partial(fixture_body, ID)


def config(password: str | None = None, url: str = BASE) -> dict[str, Any]:
    credentials: dict[str, Any] = {"type": "none"}
    if password is not None:
        credentials = {"type": "usernamePassword", "username": "proxy", "password": password}
    return {"url": url, "credentials": credentials}


def fake(answer: Any = "summary") -> FakeUpstream:
    return FakeUpstream(ID, {SUMMARY: answer})


async def drives(client: ScrutinyClient) -> ScrutinyDrives:
    payload = await integration.fetch_data(client, "drives")
    assert isinstance(payload, ScrutinyDrives)
    return payload


async def test_the_mocked_summary(make_client: MakeClient) -> None:
    payload = await drives(make_client(fake()))
    assert (payload.total, payload.passed, payload.failed, payload.no_data) == (7, 3, 1, 3)
    failed = payload.drives[0]
    assert failed.status is ScrutinyDriveStatus.FAILED and failed.failed_smart
    assert failed.device == "sdc" and not failed.failed_scrutiny
    sdd = next(d for d in payload.drives if d.device == "sdd")
    assert sdd.name == "14TB-WD-DRIVE1" and sdd.model == "WDC_WD80EFAX-68LHPN0"
    assert (sdd.temperature_c, sdd.power_on_hours) == (34, 43549)
    assert sdd.capacity_bytes == 8001563222016
    assert sdd.last_report == datetime(2020, 8, 21, 22, 27, 2, tzinfo=UTC)
    sdg = next(d for d in payload.drives if d.device == "sdg")
    assert sdg.status is ScrutinyDriveStatus.NO_DATA and sdg.temperature_c is None
    expected = [
        v["smart"]["temp"] for v in body("summary")["data"]["summary"].values() if "smart" in v
    ]
    assert payload.hottest_c == max(expected)


async def test_connection_counts_drives(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version is None and info.details == {"drives": "7", "failed": "1"}


def summary_with(*drives: tuple[str, int, bool]) -> dict[str, Any]:
    template = next(iter(body("summary")["data"]["summary"].values()))["device"]
    return {
        "success": True,
        "data": {
            "summary": {
                f"uuid-{name}": {
                    "device": {
                        **template,
                        "device_name": name,
                        "device_label": "",
                        "device_status": status,
                        "archived": archived,
                    },
                    "smart": {
                        "collector_date": "2026-01-01T00:00:00Z",
                        "temp": 30,
                        "power_on_hours": 1,
                    },
                }
                for name, status, archived in drives
            }
        },
    }


async def test_status_flags_and_archived_drives(make_client: MakeClient) -> None:
    answer = summary_with(("sda", 0, False), ("sdb", 2, False), ("sdc", 3, False), ("sdd", 1, True))
    payload = await drives(make_client(fake(answer)))
    assert [(d.device, d.failed_smart, d.failed_scrutiny) for d in payload.drives] == [
        ("sdb", False, True),
        ("sdc", True, True),
        ("sda", False, False),
    ]
    assert (payload.failed, payload.passed, payload.total) == (2, 1, 3)


async def test_many_drives_are_counted_and_the_first_listed(make_client: MakeClient) -> None:
    answer = summary_with(*((f"sd{n:03}", 0, False) for n in range(MAX_DRIVES + 6)))
    payload = await drives(make_client(fake(answer)))
    assert payload.total == MAX_DRIVES + 6 and len(payload.drives) == MAX_DRIVES


async def test_a_failing_backend_is_an_upstream_error(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await drives(make_client(fake("failure")))
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR and caught.value.status == 500
    with pytest.raises(IntegrationError) as caught:
        await drives(
            make_client(fake(httpx.Response(200, json={"success": False, "data": {"summary": {}}})))
        )
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "InfluxDB" in caught.value.message


async def test_basic_auth_for_a_proxy_in_front(make_client: MakeClient) -> None:
    token = base64.b64encode(b"proxy:secret-pw").decode()
    upstream = FakeUpstream(
        ID,
        {SUMMARY: "summary"},
        refuse=needs_header(ID, "authorization", f"Basic {token}", "failure"),
    )
    payload = await drives(make_client(upstream, "secret-pw"))
    assert payload.total == 7
