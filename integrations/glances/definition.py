"""Glances: CPU, memory, load, disks and uptime of the machine it runs on, as SystemResources."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from integrations.base import task_group
from integrations.capabilities import DiskUsage, SystemResources
from integrations.config import ConfigModel, NoCredentials, UsernamePassword, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.glances.client import GlancesClient
    from integrations.glances.models import (
        Cpu,
        FileSystem,
        FileSystems,
        Load,
        Memory,
        System,
        Uptime,
        UptimeSeconds,
    )


class GlancesSettings(ConfigModel):
    """Which REST API generation to use."""

    api_version: Literal["auto", "4", "3"] = field(
        "API version",
        default="auto",
        help="auto detects it: 4 for Glances 4.x, 3 for Glances 3.x.",
    )


# Python's str(timedelta), as the uptime plugin answers: "0:51:17", "1 day, 2:03:04",
# "12 days, 0:00:09" (and a fraction of a second when read over SNMP).
_TIMEDELTA = re.compile(r"^(?:(?P<d>\d+) days?, )?(?P<h>\d+):(?P<m>\d\d):(?P<s>\d\d)(?:\.\d+)?$")


def uptime_seconds(value: str | float | UptimeSeconds | None) -> int | None:
    """Seconds from any uptime shape Glances answers with; None when it is not one of them."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return int(value)
    if not isinstance(value, str):
        return int(value.seconds)
    match = _TIMEDELTA.match(value.strip())
    if match is None:
        return None
    days = int(match["d"] or 0)
    return ((days * 24 + int(match["h"])) * 60 + int(match["m"])) * 60 + int(match["s"])


def disk_of(fs: FileSystem) -> DiskUsage:
    return DiskUsage(mount=fs.mnt_point, used=fs.used, total=fs.size, percent=fs.percent)


def resources(
    cpu: Cpu,
    memory: Memory,
    load: Load | None,
    system: System | None,
    file_systems: FileSystems | None,
    uptime: Uptime | None,
) -> SystemResources:
    return SystemResources(
        hostname=system.hostname if system is not None else None,
        cpu_percent=cpu.total,
        cpu_count=cpu.cpucore,
        memory_used=memory.used,
        memory_total=memory.total,
        memory_percent=memory.percent,
        load1=load.min1 if load is not None else None,
        load5=load.min5 if load is not None else None,
        load15=load.min15 if load is not None else None,
        uptime_seconds=uptime_seconds(uptime.root) if uptime is not None else None,
        disks=[disk_of(fs) for fs in file_systems.root] if file_systems is not None else [],
    )


class Glances(Integration["GlancesClient"]):
    """A Glances web server (``glances -w``), REST API v4 or v3."""

    id = "glances"
    name = "Glances"
    icon = "glances"
    categories = ("monitoring", "system")
    docs_url = "https://glances.readthedocs.io/en/latest/api/restful.html"
    verification = (
        "Verified against a running Glances 4.5.8 (REST API v4) and Glances 3.3.1.1 (REST API v3)"
    )
    default_port = 61208
    credentials = (NoCredentials, UsernamePassword)
    extra = GlancesSettings
    client_class = "integrations.glances.client:GlancesClient"

    async def test_connection(self, client: GlancesClient) -> ServiceInfo:
        from integrations.glances.models import System

        version = await client.server_version()
        # /api/4/status needs no credentials: the system plugin proves they work.
        system = await client.plugin("system", System)
        details = {
            "apiVersion": await client.api_version(),
            "hostname": system.hostname or "",
            "os": system.hr_name or "",
        }
        return ServiceInfo.of(version, details)

    @endpoint(
        "system",
        name="System",
        description="CPU, memory, load average, disks and uptime of the monitored machine.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def system(self, client: GlancesClient) -> SystemResources:
        from integrations.glances.models import Cpu, FileSystems, Load, Memory, System, Uptime

        await client.api_version()  # detect once, not once per concurrent request
        async with task_group() as group:
            cpu = group.create_task(client.plugin("cpu", Cpu))
            memory = group.create_task(client.plugin("mem", Memory))
            load = group.create_task(client.optional_plugin("load", Load))
            system = group.create_task(client.optional_plugin("system", System))
            file_systems = group.create_task(client.optional_plugin("fs", FileSystems))
            uptime = group.create_task(client.optional_plugin("uptime", Uptime))
        return resources(
            cpu.result(),
            memory.result(),
            load.result(),
            system.result(),
            file_systems.result(),
            uptime.result(),
        )
