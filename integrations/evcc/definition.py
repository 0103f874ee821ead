"""evcc: solar, grid, home and battery power, and each charging point's vehicle and session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import NoCredentials, UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.evcc.client import EvccClient
    from integrations.evcc.models import State

STATE_PATH = "api/state"
MAX_LOADPOINTS = 16


class EvccLoadpoint(Payload):
    title: str
    mode: str = Field(description="off, now, minpv or pv")
    connected: bool = Field(description="a vehicle is plugged in")
    charging: bool
    charge_power_w: float = Field(description="watts charging now")
    charged_energy_wh: float | None = Field(None, description="watt-hours of this session")
    vehicle: str | None = Field(None, description="the vehicle's title")
    vehicle_soc_percent: float | None = Field(None, description="the vehicle's charge, 0-100")
    vehicle_range_km: float | None = None


class EvccStatus(Payload):
    """Power flows of the site right now and its charging points."""

    site: str | None = Field(None, description="the site's title")
    version: str | None = None
    pv_power_w: float | None = Field(None, description="watts the solar panels produce")
    home_power_w: float | None = Field(None, description="watts the home uses (without charging)")
    grid_power_w: float | None = Field(
        None, description="watts drawn from the grid; negative while feeding in"
    )
    battery_power_w: float | None = Field(
        None, description="watts from the home battery; negative while it charges"
    )
    battery_soc_percent: float | None = Field(None, description="the home battery's charge, 0-100")
    green_share_percent: float | None = Field(
        None, description="percent 0-100 of the home's power that is solar or battery"
    )
    charge_power_w: float = Field(description="watts of every charging point together")
    loadpoints: list[EvccLoadpoint]


def status_of(state: State) -> EvccStatus:
    grid = state.grid.power if state.grid is not None else state.grid_power
    battery_power, battery_soc = state.battery_power, state.battery_soc
    if state.battery is not None:
        battery_power, battery_soc = state.battery.power, state.battery.soc
    loadpoints = [
        EvccLoadpoint(
            title=lp.title or f"Loadpoint {n}",
            mode=lp.mode,
            connected=lp.connected,
            charging=lp.charging,
            charge_power_w=lp.charge_power,
            charged_energy_wh=lp.charged_energy,
            vehicle=lp.vehicle_title or None,
            vehicle_soc_percent=lp.vehicle_soc if lp.connected else None,
            vehicle_range_km=lp.vehicle_range if lp.connected else None,
        )
        for n, lp in enumerate(state.loadpoints[:MAX_LOADPOINTS], start=1)
    ]
    green = state.green_share_home
    return EvccStatus(
        site=state.site_title or None,
        version=state.version,
        pv_power_w=state.pv_power,
        home_power_w=state.home_power,
        grid_power_w=grid,
        battery_power_w=battery_power,
        battery_soc_percent=battery_soc,
        green_share_percent=round(green * 100, 1) if green is not None else None,
        charge_power_w=sum(lp.charge_power for lp in state.loadpoints),
        loadpoints=loadpoints,
    )


class Evcc(Integration["EvccClient"]):
    id = "evcc"
    name = "evcc"
    icon = "evcc"
    categories = ("energy",)
    docs_url = "https://docs.evcc.io/docs/integrations/rest-api"
    verification = "Built from the evcc REST API documentation and sources, version 0.313.2"
    default_port = 7070
    credentials = (NoCredentials, UsernamePassword)
    client_class = "integrations.evcc.client:EvccClient"

    async def test_connection(self, client: EvccClient) -> ServiceInfo:
        from integrations.evcc.models import State

        status = status_of(await client.get_json(STATE_PATH, State))
        return ServiceInfo.of(
            status.version, {"site": status.site, "loadpoints": str(len(status.loadpoints))}
        )

    @endpoint(
        "status",
        name="Status",
        description="Solar, grid, home and battery power, the battery's charge and each "
        "charging point's vehicle, mode and session.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def status(self, client: EvccClient) -> EvccStatus:
        from integrations.evcc.models import State

        return status_of(await client.get_json(STATE_PATH, State))
