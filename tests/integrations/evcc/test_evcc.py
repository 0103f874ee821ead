"""evcc integration against states shaped by evcc 0.313.2's sources (and an older layout)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.evcc import integration
from integrations.evcc.client import EvccClient
from integrations.evcc.definition import EvccStatus
from tests.integrations.upstream import FakeUpstream

ID = "evcc"
BASE = "http://evcc.test:7070"
STATE = ("GET", "/api/state")

MakeClient = Callable[..., EvccClient]


def config(password: str | None = None, url: str = BASE) -> dict[str, Any]:
    credentials: dict[str, Any] = {"type": "none"}
    if password is not None:
        credentials = {"type": "usernamePassword", "username": "proxy", "password": password}
    return {"url": url, "credentials": credentials}


async def status(client: EvccClient) -> EvccStatus:
    payload = await integration.fetch_data(client, "status")
    assert isinstance(payload, EvccStatus)
    return payload


async def test_power_flows_and_loadpoints(make_client: MakeClient) -> None:
    payload = await status(make_client(FakeUpstream(ID, {STATE: "state"})))
    assert (payload.site, payload.version) == ("Home", "0.313.2")
    assert (payload.pv_power_w, payload.home_power_w, payload.grid_power_w) == (
        5230.5,
        812.0,
        -1893.2,
    )
    assert (payload.battery_power_w, payload.battery_soc_percent) == (-1200.0, 64.0)
    assert payload.green_share_percent == 100.0
    assert payload.charge_power_w == 3325.3
    garage, carport = payload.loadpoints
    assert (garage.mode, garage.charging, garage.vehicle, garage.vehicle_soc_percent) == (
        "pv",
        True,
        "Model 3",
        58.0,
    )
    assert garage.charged_energy_wh == 5120.0 and garage.vehicle_range_km == 241.0
    assert not carport.connected and carport.vehicle is None
    assert carport.vehicle_soc_percent is None  # nothing plugged in: no vehicle charge


async def test_older_layout(make_client: MakeClient) -> None:
    payload = await status(make_client(FakeUpstream(ID, {STATE: "state_older"})))
    assert (payload.grid_power_w, payload.battery_power_w, payload.battery_soc_percent) == (
        450.0,
        0.0,
        20.0,
    )
    assert payload.green_share_percent is None and payload.loadpoints[0].mode == "minpv"


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(FakeUpstream(ID, {STATE: "state"})))
    assert info.version == "0.313.2" and info.details == {"site": "Home", "loadpoints": "2"}


async def test_basic_auth_for_a_proxy(make_client: MakeClient) -> None:
    expected = "Basic " + base64.b64encode(b"proxy:pw-1").decode()

    def state(request: httpx.Request) -> httpx.Response:
        if request.headers.get("authorization") != expected:
            return httpx.Response(401, text="Unauthorized")
        return httpx.Response(200, json={"siteTitle": "Home", "loadpoints": []})

    payload = await status(make_client(FakeUpstream(ID, {STATE: state}), "pw-1"))
    assert payload.site == "Home" and payload.loadpoints == []
    with pytest.raises(IntegrationError) as caught:
        await status(make_client(FakeUpstream(ID, {STATE: state}), "wrong"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED


async def test_not_evcc_is_invalid(make_client: MakeClient) -> None:
    upstream = FakeUpstream(ID, {STATE: httpx.Response(200, json={"loadpoints": "none"})})
    with pytest.raises(IntegrationError) as caught:
        await status(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
