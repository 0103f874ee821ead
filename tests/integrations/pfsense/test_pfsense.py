"""pfSense integration against the pfSense REST API v2's answers (SystemStatus, SystemVersion)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.pfsense import integration
from integrations.pfsense.client import PfSenseClient
from integrations.pfsense.definition import PfSenseStatus
from tests.integrations.upstream import FakeUpstream, fixture, response_of, secret_check

ID = "pfsense"
KEY = "fixture0pfsense0api0key0123456789"
PASSWORD = "fixture-password"
BASE = "https://pfsense.test"

MakeClient = Callable[..., PfSenseClient]
assert_no_secret = secret_check(KEY, PASSWORD)


def config(kind: str = "apiKey", secret: str | None = None, url: str = BASE) -> dict[str, Any]:
    if kind == "apiKey":
        return {"url": url, "credentials": {"type": "apiKey", "apiKey": secret or KEY}}
    creds = {"type": "usernamePassword", "username": "admin", "password": secret or PASSWORD}
    return {"url": url, "credentials": creds}


def fake(version: bool = True) -> FakeUpstream:
    basic = "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()

    def refuse(request: Any) -> Any:
        if request.headers.get("x-api-key") == KEY or request.headers.get("authorization") == basic:
            return None
        return response_of(fixture(ID, "unauthorized"))

    routes: dict[tuple[str, str], Any] = {("GET", "/api/v2/status/system"): "system_status"}
    if version:
        routes[("GET", "/api/v2/system/version")] = "system_version"
    return FakeUpstream(ID, routes, refuse=refuse)


@pytest.mark.parametrize("kind", ["apiKey", "usernamePassword"])
async def test_status(make_client: MakeClient, kind: str) -> None:
    payload = await integration.fetch_data(make_client(fake(), kind), "status")
    assert isinstance(payload, PfSenseStatus)
    assert (payload.version, payload.platform) == ("2.8.0-RELEASE", "Netgate pfSense Plus")
    assert (payload.cpu_percent, payload.cpu_count, payload.load1, payload.load15) == (
        10.5,
        4,
        0.42,
        0.3,
    )
    assert (payload.memory_percent, payload.disk_percent, payload.temperature_c) == (
        23.0,
        9.0,
        47.0,
    )
    assert payload.uptime == "12 Days 03 Hours 04 Minutes 05 Seconds"


async def test_without_the_version_route(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake(version=False)), "status")
    assert isinstance(payload, PfSenseStatus) and payload.version is None


async def test_a_wrong_key_is_unauthorized_without_it(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "apiKey", "wrong"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and "REST API, Keys" in caught.value.message
    assert_no_secret(caught.value, "wrong")


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "2.8.0-RELEASE" and info.details == {"platform": "Netgate pfSense Plus"}
