"""Syncthing: version, uptime, remote devices and every folder's sync state in one payload."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.syncthing.client import SyncthingClient
    from integrations.syncthing.models import FolderConfig

PAUSED = "paused"
ERROR = "error"
MAX_FOLDERS = 100
"""Folders shown (each costs two calls); Syncthing lists them in configuration order."""


class SyncthingFolder(Payload):
    id: str
    label: str
    state: str = Field(
        description="As Syncthing reports it (idle, scanning, syncing, error, ...), or paused"
    )
    completion: float | None = Field(
        description="percent (0-100) of the global state present locally; None when paused"
    )
    need_bytes: int = Field(description="bytes still to download")
    need_items: int
    global_bytes: int = Field(description="bytes of the folder's global state")
    errors: int = Field(description="items that failed to sync")
    error: str | None = Field(None, description="why the folder is in the error state")


class SyncthingStatus(Payload):
    """This Syncthing's version, uptime and remote devices, and each folder's sync state."""

    version: str
    uptime_seconds: int
    device_id: str = Field(description="the local device id's first group, as the GUI shows it")
    devices_connected: int = Field(description="remote devices connected now")
    devices_paused: int
    devices_total: int = Field(description="remote devices configured (the local one excluded)")
    folders: list[SyncthingFolder] = Field(description="in configuration order, at most 100")
    folders_total: int
    folders_in_error: int
    need_bytes: int = Field(description="bytes still to download, all folders together")


def short_device_id(device_id: str) -> str:
    """The first group of a device id (``ABCDEFG-...`` -> ``ABCDEFG``), as the GUI shows it."""
    return device_id.split("-", 1)[0]


async def _folder(client: SyncthingClient, folder: FolderConfig) -> SyncthingFolder:
    from integrations.syncthing.models import Completion, FolderStatus

    params = {"folder": folder.id}
    if folder.paused:  # db/completion answers 404 "folder is paused"
        status = await client.get_json("rest/db/status", FolderStatus, params=params)
        completion: float | None = None
    else:
        status, done = await together(
            client.get_json("rest/db/status", FolderStatus, params=params),
            client.get_json("rest/db/completion", Completion, params=params),
        )
        completion = done.completion
    return SyncthingFolder(
        id=folder.id,
        label=folder.label or folder.id,
        state=PAUSED if folder.paused else status.state,
        completion=completion,
        need_bytes=status.need_bytes,
        need_items=status.need_items,
        global_bytes=status.global_bytes,
        errors=status.errors,
        error=status.error or None,
    )


class Syncthing(Integration["SyncthingClient"]):
    id = "syncthing"
    name = "Syncthing"
    icon = "syncthing"
    categories = ("files", "sync")
    docs_url = "https://docs.syncthing.net/dev/rest.html"
    verification = "Verified against a running Syncthing v1.19.2 (Debian bookworm)"
    default_port = 8384
    credentials = (ApiKey,)
    client_class = "integrations.syncthing.client:SyncthingClient"

    async def test_connection(self, client: SyncthingClient) -> ServiceInfo:
        from integrations.syncthing.models import SystemVersion

        version = await client.get_json("rest/system/version", SystemVersion)
        details = {"longVersion": version.long_version, "os": version.os, "arch": version.arch}
        return ServiceInfo.of(version.version, details)

    @endpoint(
        "status",
        name="Status",
        description="Version, uptime, connected devices, and each folder's state, completion "
        "and bytes still needed.",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def status(self, client: SyncthingClient) -> SyncthingStatus:
        from integrations.syncthing.models import (
            FOLDER_CONFIGS,
            Connections,
            SystemStatus,
            SystemVersion,
        )

        system, version, connections, folders = await together(
            client.get_json("rest/system/status", SystemStatus),
            client.get_json("rest/system/version", SystemVersion),
            client.get_json("rest/system/connections", Connections),
            client.get_json("rest/config/folders", FOLDER_CONFIGS),
        )
        shown = await together(*(_folder(client, f) for f in folders[:MAX_FOLDERS]))
        remote = [c for device, c in connections.connections.items() if device != system.my_id]
        return SyncthingStatus(
            version=version.version,
            uptime_seconds=system.uptime,
            device_id=short_device_id(system.my_id),
            devices_connected=sum(c.connected for c in remote),
            devices_paused=sum(c.paused for c in remote),
            devices_total=len(remote),
            folders=list(shown),
            folders_total=len(folders),
            folders_in_error=sum(f.state == ERROR for f in shown),
            need_bytes=sum(f.need_bytes for f in shown),
        )
