"""pfSense: CPU, memory, swap, disk and mbuf use, load, temperature and uptime."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey, UsernamePassword
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.pfsense.client import PfSenseClient

STATUS_PATH = "api/v2/status/system"
VERSION_PATH = "api/v2/system/version"


class PfSenseStatus(Payload):
    """The firewall right now (percentages 0-100)."""

    version: str | None = None
    platform: str | None = None
    uptime: str | None = Field(None, description="as pfSense words it, e.g. 12 Days 03 Hours")
    cpu_percent: float | None = Field(
        None, description="estimated by pfSense from the 1-minute load and the cores"
    )
    cpu_count: int | None = None
    load1: float | None = None
    load5: float | None = None
    load15: float | None = None
    memory_percent: float | None = None
    swap_percent: float | None = None
    disk_percent: float | None = Field(None, description="of the root file system")
    mbuf_percent: float | None = None
    temperature_c: float | None = None


class PfSense(Integration["PfSenseClient"]):
    id = "pfsense"
    name = "pfSense"
    icon = "pfsense"
    categories = ("network",)
    docs_url = "https://pfrest.org/api-docs/"
    verification = "Built from the pfSense REST API documentation and sources, version 2"
    default_port = 443
    credentials = (ApiKey, UsernamePassword)
    client_class = "integrations.pfsense.client:PfSenseClient"

    async def test_connection(self, client: PfSenseClient) -> ServiceInfo:
        from integrations.pfsense.models import SystemStatus, SystemVersion

        status, version = await together(
            client.data(STATUS_PATH, SystemStatus),
            optional(client.data(VERSION_PATH, SystemVersion)),
        )
        return ServiceInfo.of(version.version if version else None, {"platform": status.platform})

    @endpoint(
        "status",
        name="Status",
        description="CPU, memory, swap, disk and mbuf use, load average, temperature and "
        "uptime of the firewall.",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def status(self, client: PfSenseClient) -> PfSenseStatus:
        from integrations.pfsense.models import SystemStatus, SystemVersion

        status, version = await together(
            client.data(STATUS_PATH, SystemStatus),
            optional(client.data(VERSION_PATH, SystemVersion)),
        )
        load = [*(status.cpu_load_avg or []), None, None, None][:3]
        return PfSenseStatus(
            version=version.version or None if version else None,
            platform=status.platform,
            uptime=status.uptime,
            cpu_percent=round(status.cpu_usage, 2) if status.cpu_usage is not None else None,
            cpu_count=status.cpu_count,
            load1=load[0],
            load5=load[1],
            load15=load[2],
            memory_percent=status.mem_usage,
            swap_percent=status.swap_usage,
            disk_percent=status.disk_usage,
            mbuf_percent=status.mbuf_usage,
            temperature_c=status.temp_c,
        )
