"""Nextcloud: host resources as SystemResources, and users, files, shares and app updates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from integrations.capabilities import Payload, SystemResources
from integrations.config import ConfigModel, Credentials, Secret, UsernamePassword, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.nextcloud.client import NextcloudClient
    from integrations.nextcloud.models import Apps, Info, System

KIB = 1024


class NextcloudToken(Credentials):
    """The serverinfo app's monitoring token (no user needed)."""

    label = "Serverinfo token"
    type: Literal["ncToken"] = "ncToken"
    token: Secret = field(
        "Serverinfo token",
        min_length=1,
        help="Set on the server with: occ config:app:set serverinfo token --value <token>",
    )


class NextcloudSettings(ConfigModel):
    """How to read the load average as a CPU percentage."""

    cpu_count: int | None = field(
        "CPUs",
        default=None,
        ge=1,
        le=4096,
        help="Logical CPUs of the Nextcloud host. serverinfo reports only the load average: "
        "CPU % is the 1-minute load divided by this number (one CPU when empty).",
    )


class NextcloudStats(Payload):
    """Users, activity, files, shares, free space and pending app updates of a Nextcloud."""

    version: str
    users: int
    active_users_5min: int | None = Field(None, description="users active in the last 5 minutes")
    active_users_1h: int | None = None
    active_users_24h: int | None = None
    files: int = Field(description="files in all storages (updated every 3 hours by default)")
    storages: int
    shares: int
    link_shares: int | None = None
    free_space: int | None = Field(None, description="bytes free in the data directory")
    apps_installed: int | None = None
    app_updates_available: int | None = Field(
        None, description="None when the server did not check the app store"
    )
    app_updates: list[str] = Field(description="ids of the apps with an update, sorted")


def kib(value: float | str) -> int | None:
    """A serverinfo KiB figure in bytes; None for ``N/A`` or a negative value."""
    if isinstance(value, str) or value < 0:
        return None
    return round(value * KIB)


def loads(system: System) -> tuple[float, float, float] | None:
    if isinstance(system.cpuload, str) or len(system.cpuload) != 3:
        return None
    one, five, fifteen = system.cpuload
    return one, five, fifteen


def cpu_percent(load1: float, cpu_count: int | None) -> float:
    """The 1-minute load average as a percentage of the host's CPUs (one when unknown),
    capped at 100: a load of 2.0 on 4 CPUs is 50 %."""
    return round(min(load1 / (cpu_count or 1), 1.0) * 100, 1)


def resources(system: System, cpu_count: int | None) -> SystemResources:
    load = loads(system)
    total, available = kib(system.mem_total), kib(system.mem_free)
    used = max(total - available, 0) if total is not None and available is not None else 0
    return SystemResources(
        cpu_percent=cpu_percent(load[0], cpu_count) if load is not None else 0.0,
        cpu_count=cpu_count,
        memory_used=used,
        memory_total=total or 0,
        memory_percent=round(used / total * 100, 1) if total else 0.0,
        load1=load[0] if load is not None else None,
        load5=load[1] if load is not None else None,
        load15=load[2] if load is not None else None,
    )


def app_updates(apps: Apps | None) -> list[str]:
    if apps is None or not isinstance(apps.app_updates, dict):
        return []
    return sorted(apps.app_updates)


def stats(info: Info) -> NextcloudStats:
    cloud = info.nextcloud
    active = info.active_users
    apps = cloud.system.apps
    free = cloud.system.freespace
    return NextcloudStats(
        version=cloud.system.version,
        users=cloud.storage.num_users,
        active_users_5min=active.last5minutes if active is not None else None,
        active_users_1h=active.last1hour if active is not None else None,
        active_users_24h=active.last24hours if active is not None else None,
        files=cloud.storage.num_files,
        storages=cloud.storage.num_storages,
        shares=cloud.shares.num_shares,
        link_shares=cloud.shares.num_shares_link,
        free_space=round(free) if free is not None and free >= 0 else None,
        apps_installed=apps.num_installed if apps is not None else None,
        app_updates_available=apps.num_updates_available if apps is not None else None,
        app_updates=app_updates(apps),
    )


class Nextcloud(Integration["NextcloudClient"]):
    """A Nextcloud server with the serverinfo app (shipped and enabled by default)."""

    id = "nextcloud"
    name = "Nextcloud"
    icon = "nextcloud"
    categories = ("files", "cloud")
    docs_url = "https://github.com/nextcloud/serverinfo#api"
    verification = "Built from the Nextcloud serverinfo API documentation, version 30.0"
    credentials = (NextcloudToken, UsernamePassword)
    extra = NextcloudSettings
    client_class = "integrations.nextcloud.client:NextcloudClient"

    async def test_connection(self, client: NextcloudClient) -> ServiceInfo:
        # serverinfo refuses without the token or an admin login: the call proves them.
        info = await client.info()
        return ServiceInfo(version=info.nextcloud.system.version)

    @endpoint(
        "system",
        name="System",
        description="Load average (and CPU % derived from it), memory of the Nextcloud host.",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def system(self, client: NextcloudClient) -> SystemResources:
        info = await client.info()
        return resources(info.nextcloud.system, client.settings.cpu_count)

    @endpoint(
        "stats",
        name="Statistics",
        description="Version, users (and those active in the last 5 minutes, hour and day), "
        "files, shares, free space and apps with an update in the app store.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def stats(self, client: NextcloudClient) -> NextcloudStats:
        return stats(await client.info(apps=True))
