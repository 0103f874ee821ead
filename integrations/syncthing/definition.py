"""Syncthing: version, uptime, remote devices and every folder's sync state in one payload."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.actions import ITEM_ID_PATTERN, ActionInput, ActionResult, action
from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.syncthing.client import SyncthingClient
    from integrations.syncthing.models import FolderConfig

PAUSED = "paused"
NO_SUCH_FOLDER = "no such folder"
"""POST /rest/db/scan's answer (HTTP 500) for a folder it does not have."""
ERROR = "error"
MAX_FOLDERS = 100
MAX_DEVICES = 100
"""Folders shown (each costs two calls); Syncthing lists them in configuration order."""

DEVICE_ID_PATTERN = r"^[A-Za-z0-9]{7}(?:-?[A-Za-z0-9]{7}){7}$"
"""A device id as Syncthing shows it (eight groups of seven, dashes optional)."""


class FolderInput(ActionInput):
    """One folder, by its id."""

    folder: str = field(
        "Folder",
        help="The folder ID (the status endpoint's folders[].id; the folder's Edit dialog).",
        min_length=1,
        max_length=128,
        pattern=ITEM_ID_PATTERN,
    )


class DeviceInput(ActionInput):
    """One remote device, by its device ID."""

    device: str = field(
        "Device",
        help="The remote device's full ID (the status endpoint's devices[].id; its Edit dialog).",
        max_length=63,
        pattern=DEVICE_ID_PATTERN,
    )


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


class SyncthingDevice(Payload):
    id: str = Field(description="the full device ID, as pauseDevice and resumeDevice take it")
    connected: bool
    paused: bool


class SyncthingStatus(Payload):
    """This Syncthing's version, uptime and remote devices, and each folder's sync state."""

    version: str
    uptime_seconds: int
    device_id: str = Field(description="the local device id's first group, as the GUI shows it")
    devices_connected: int = Field(description="remote devices connected now")
    devices_paused: int
    devices_total: int = Field(description="remote devices configured (the local one excluded)")
    devices: list[SyncthingDevice] = Field(
        description=f"the remote devices, in Syncthing's order, at most {MAX_DEVICES}"
    )
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
            devices=[
                SyncthingDevice(id=device, connected=c.connected, paused=c.paused)
                for device, c in connections.connections.items()
                if device != system.my_id
            ][:MAX_DEVICES],
            folders=list(shown),
            folders_total=len(folders),
            folders_in_error=sum(f.state == ERROR for f in shown),
            need_bytes=sum(f.need_bytes for f in shown),
        )

    # --- actions -------------------------------------------------------------------------------

    @action(
        "rescanFolder",
        label="Rescan folder",
        description="Scans a folder for changes now (POST /rest/db/scan).",
        input=FolderInput,
        affects=("status",),
    )
    async def rescan_folder(self, client: SyncthingClient, input: FolderInput) -> ActionResult:
        await self._post(client, "rest/db/scan", {"folder": input.folder}, f"folder {input.folder}")
        return ActionResult(message=f"Rescanning folder {input.folder}")

    @action(
        "pauseDevice",
        label="Pause device",
        description="Stops syncing with a remote device until it is resumed.",
        input=DeviceInput,
        affects=("status",),
    )
    async def pause_device(self, client: SyncthingClient, input: DeviceInput) -> ActionResult:
        await self._device(client, "rest/system/pause", input.device)
        return ActionResult(message=f"Paused device {short_device_id(input.device)}")

    @action(
        "resumeDevice",
        label="Resume device",
        description="Syncs with a paused remote device again.",
        input=DeviceInput,
        affects=("status",),
    )
    async def resume_device(self, client: SyncthingClient, input: DeviceInput) -> ActionResult:
        await self._device(client, "rest/system/resume", input.device)
        return ActionResult(message=f"Resumed device {short_device_id(input.device)}")

    async def _device(self, client: SyncthingClient, path: str, device: str) -> None:
        # Without ?device Syncthing pauses or resumes every device: never send it empty.
        await self._post(client, path, {"device": device}, f"device {short_device_id(device)}")

    async def _post(
        self, client: SyncthingClient, path: str, params: dict[str, str], what: str
    ) -> None:
        response = await client.request("POST", path, params=params, expect=(200, 404, 500))
        if response.status_code == 404:
            raise IntegrationError(
                ErrorCode.NOT_FOUND, f"Syncthing has no {what}", status=404, url=response.url
            )
        if response.status_code == 500 and response.text.strip() == NO_SUCH_FOLDER:
            raise IntegrationError(
                ErrorCode.NOT_FOUND, f"Syncthing has no {what}", status=500, url=response.url
            )
        if response.status_code == 500:
            # Syncthing's plain-text reason: "folder is paused", a wrong check digit, ...
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"Syncthing refused it for {what}: {client.detail(response.text)}",
                status=500,
                url=response.url,
            )
