"""OPNsense: the firewall's version, uptime, load, memory and disks."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from integrations.base import together
from integrations.capabilities import DiskUsage, Payload
from integrations.config import Credentials, Secret, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.opnsense.client import OPNsenseClient

API = "api/diagnostics/system/"
UPTIME = re.compile(r"^\s*(?:(\d+)\D+?,\s*)?(\d+):(\d\d):(\d\d)\s*$")
MAX_DISKS = 16


class OPNsenseApiKey(Credentials):
    """An OPNsense API key and secret (System, Access, Users: a user's API keys)."""

    label = "API key and secret"
    type: Literal["apiKeySecret"] = "apiKeySecret"
    key: Secret = field("API key", min_length=1)
    secret: Secret = field("API secret", min_length=1)


class OPNsenseSystem(Payload):
    """The firewall right now."""

    hostname: str | None = None
    version: str | None = Field(None, description="e.g. OPNsense 26.7.2-amd64")
    uptime_seconds: int | None = None
    load1: float | None = None
    load5: float | None = None
    load15: float | None = None
    memory_used: int | None = Field(None, description="bytes")
    memory_total: int | None = Field(None, description="bytes")
    memory_percent: float | None = None
    disks: list[DiskUsage]


def uptime_seconds(text: str) -> int | None:
    match = UPTIME.match(text)
    if match is None:
        return None
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def loads(text: str) -> list[float | None]:
    try:
        values: list[float | None] = [float(part) for part in text.split(",")]
    except ValueError:
        values = []
    return [*values, None, None, None][:3]


class OPNsense(Integration["OPNsenseClient"]):
    id = "opnsense"
    name = "OPNsense"
    icon = "opnsense"
    categories = ("network",)
    docs_url = "https://docs.opnsense.org/development/api.html"
    verification = "Built from the OPNsense API documentation and sources, version 26.7.2"
    default_port = 443
    credentials = (OPNsenseApiKey,)
    client_class = "integrations.opnsense.client:OPNsenseClient"

    async def test_connection(self, client: OPNsenseClient) -> ServiceInfo:
        from integrations.opnsense.models import Information

        info = await client.get_json(API + "system_information", Information)
        return ServiceInfo.of(info.versions[0] if info.versions else None, {"host": info.name})

    @endpoint(
        "system",
        name="System",
        description="Version, uptime, load average, memory and disks of the firewall.",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def system(self, client: OPNsenseClient) -> OPNsenseSystem:
        from integrations.opnsense.models import (
            Disks,
            Information,
            Resources,
            Time,
            as_int,
            human_bytes,
        )

        info, time, resources, disks = await together(
            client.get_json(API + "system_information", Information),
            client.get_json(API + "system_time", Time),
            client.get_json(API + "system_resources", Resources),
            client.get_json(API + "system_disk", Disks),
        )
        total, used = as_int(resources.memory.total), as_int(resources.memory.used)
        load1, load5, load15 = loads(time.loadavg)
        usages = []
        for device in disks.devices[:MAX_DISKS]:
            size, taken = human_bytes(device.blocks), human_bytes(device.used)
            if size and taken is not None:
                usages.append(
                    DiskUsage(
                        mount=device.mountpoint or device.device,
                        used=taken,
                        total=size,
                        percent=round(100 * taken / size, 2),
                    )
                )
        return OPNsenseSystem(
            hostname=info.name or None,
            version=info.versions[0] if info.versions else None,
            uptime_seconds=uptime_seconds(time.uptime),
            load1=load1,
            load5=load5,
            load15=load15,
            memory_used=used,
            memory_total=total,
            memory_percent=round(100 * used / total, 2) if total and used is not None else None,
            disks=usages,
        )
