"""OpenMediaVault: the NAS's CPU, memory, load and uptime as SystemResources, and its
updates and pending reboot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload, SystemResources
from integrations.config import UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.openmediavault.client import OpenMediaVaultClient
    from integrations.openmediavault.models import Information


class OpenMediaVaultStatus(Payload):
    """What waits for the administrator."""

    version: str | None = None
    updates_available: int = Field(description="packages with an update")
    reboot_required: bool
    unapplied_changes: bool = Field(description="configuration changes not applied yet")


async def information(client: OpenMediaVaultClient) -> Information:
    from integrations.openmediavault.models import Information

    return await client.call("System", "getInformation", Information)


class OpenMediaVault(Integration["OpenMediaVaultClient"]):
    id = "openmediavault"
    name = "OpenMediaVault"
    icon = "openmediavault"
    categories = ("storage",)
    docs_url = "https://docs.openmediavault.org/"
    verification = "Built from the OpenMediaVault RPC sources, version 7"
    default_port = 80
    credentials = (UsernamePassword,)
    client_class = "integrations.openmediavault.client:OpenMediaVaultClient"

    async def test_connection(self, client: OpenMediaVaultClient) -> ServiceInfo:
        info = await information(client)
        return ServiceInfo.of(info.version or None, {"host": info.hostname})

    @endpoint(
        "system",
        name="System",
        description="CPU, memory, load average and uptime of the NAS.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def system(self, client: OpenMediaVaultClient) -> SystemResources:
        info = await information(client)
        load = info.load_average or {}
        total, used = info.mem_total or 0, info.mem_used or 0
        return SystemResources(
            hostname=info.hostname or None,
            cpu_percent=round(info.cpu_utilization or 0.0, 2),
            cpu_count=info.cpu_cores,
            memory_used=used,
            memory_total=total,
            memory_percent=round(100 * used / total, 2) if total else 0.0,
            load1=load.get("1min"),
            load5=load.get("5min"),
            load15=load.get("15min"),
            uptime_seconds=int(info.uptime) if info.uptime is not None else None,
        )

    @endpoint(
        "status",
        name="Status",
        description="The version, packages with an update, whether a reboot is required and "
        "whether configuration changes wait to be applied.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def status(self, client: OpenMediaVaultClient) -> OpenMediaVaultStatus:
        info = await information(client)
        return OpenMediaVaultStatus(
            version=info.version or None,
            updates_available=info.available_pkg_updates,
            reboot_required=info.reboot_required,
            unapplied_changes=info.config_dirty,
        )
