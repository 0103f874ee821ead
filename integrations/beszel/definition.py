"""Beszel: the monitored systems, up or down, with CPU, memory, disk and temperature."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.beszel.client import BeszelClient
    from integrations.beszel.models import System, Systems

SYSTEMS_PATH = "api/collections/systems/records"
PAGE = 100
STATUS_ORDER = {"down": 0, "pending": 1, "paused": 2, "up": 3}


class BeszelSystem(Payload):
    name: str
    host: str | None = None
    status: str = Field(description="up, down, paused or pending")
    cpu_percent: float | None = None
    memory_percent: float | None = None
    disk_percent: float | None = None
    temperature_c: float | None = Field(None, description="the dashboard temperature sensor")
    load1: float | None = None
    network_bytes_per_second: int | None = None
    uptime_seconds: int | None = None
    agent_version: str | None = None


class BeszelSystems(Payload):
    """The monitored systems: down first, then by name."""

    up: int
    down: int
    paused: int
    pending: int
    total: int
    systems: list[BeszelSystem] = Field(description="at most 100")


def _system(system: System) -> BeszelSystem:
    info = system.info
    up = system.status == "up"
    load = info.load_average or []
    return BeszelSystem(
        name=system.name,
        host=system.host or None,
        status=system.status,
        cpu_percent=info.cpu if up else None,
        memory_percent=info.memory_percent if up else None,
        disk_percent=info.disk_percent if up else None,
        temperature_c=info.temperature if up else None,
        load1=load[0] if up and load else None,
        network_bytes_per_second=info.bandwidth_bytes if up else None,
        uptime_seconds=info.uptime if up else None,
        agent_version=info.agent_version or None,
    )


def systems_of(found: Systems) -> BeszelSystems:
    listed = sorted(
        (_system(s) for s in found.items),
        key=lambda s: (STATUS_ORDER.get(s.status, 1), s.name.casefold()),
    )
    count = {status: sum(s.status == status for s in listed) for status in STATUS_ORDER}
    return BeszelSystems(
        up=count["up"],
        down=count["down"],
        paused=count["paused"],
        pending=count["pending"],
        total=max(found.total_items, len(listed)),
        systems=listed,
    )


class Beszel(Integration["BeszelClient"]):
    id = "beszel"
    name = "Beszel"
    icon = "beszel"
    categories = ("monitoring",)
    docs_url = "https://pocketbase.io/docs/api-records/"
    verification = "Built from the Beszel (PocketBase 0.39) API documentation, version 0.18.8"
    default_port = 8090
    credentials = (UsernamePassword,)
    client_class = "integrations.beszel.client:BeszelClient"

    async def _systems(self, client: BeszelClient) -> BeszelSystems:
        from integrations.beszel.models import Systems

        params = {"perPage": str(PAGE), "sort": "name", "fields": "id,name,host,status,info"}
        return systems_of(await client.get_json(SYSTEMS_PATH, Systems, params=params))

    async def test_connection(self, client: BeszelClient) -> ServiceInfo:
        systems = await self._systems(client)
        return ServiceInfo.of(None, {"systems": str(systems.total), "up": str(systems.up)})

    @endpoint(
        "systems",
        name="Systems",
        description="The monitored systems up, down, paused or pending, with CPU, memory, disk, "
        "temperature, load and network for those up; down first.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def systems(self, client: BeszelClient) -> BeszelSystems:
        return await self._systems(client)
