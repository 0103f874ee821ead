"""The parts of evcc's ``GET /api/state`` Tilewire reads (evcc 0.313.2: core/keys/site.go,
core/keys/loadpoint.go, core/types/types.go). Older releases publish ``gridPower``,
``batteryPower`` and ``batterySoc`` at the top level instead of the ``grid`` and ``battery``
objects; both are read."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class Measurement(UpstreamModel):
    power: float = 0.0


class Battery(UpstreamModel):
    power: float = 0.0
    soc: float | None = None
    capacity: float | None = None


class Loadpoint(UpstreamModel):
    title: str = ""
    mode: str = ""
    connected: bool = False
    charging: bool = False
    enabled: bool | None = None
    charge_power: float = Field(0.0, alias="chargePower")
    charged_energy: float | None = Field(None, alias="chargedEnergy")
    vehicle_title: str = Field("", alias="vehicleTitle")
    vehicle_soc: float | None = Field(None, alias="vehicleSoc")
    vehicle_range: float | None = Field(None, alias="vehicleRange")


class State(UpstreamModel):
    site_title: str = Field("", alias="siteTitle")
    version: str | None = None
    pv_power: float | None = Field(None, alias="pvPower")
    home_power: float | None = Field(None, alias="homePower")
    grid: Measurement | None = None
    grid_power: float | None = Field(None, alias="gridPower")
    battery: Battery | None = None
    battery_power: float | None = Field(None, alias="batteryPower")
    battery_soc: float | None = Field(None, alias="batterySoc")
    green_share_home: float | None = Field(None, alias="greenShareHome")
    loadpoints: list[Loadpoint] = Field(default_factory=list)
