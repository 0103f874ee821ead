"""The parts of Syncthing's REST API responses Tilewire reads."""

from __future__ import annotations

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel


class SystemVersion(UpstreamModel):
    """``GET /rest/system/version``."""

    version: str
    long_version: str = Field(alias="longVersion")
    os: str = ""
    arch: str = ""
    codename: str = ""


class SystemStatus(UpstreamModel):
    """``GET /rest/system/status``: only the device id and the uptime are read."""

    my_id: str = Field(alias="myID")
    uptime: int
    """Seconds since this Syncthing started."""


class DeviceConnection(UpstreamModel):
    """One entry of ``GET /rest/system/connections``; the local device is listed too."""

    connected: bool
    paused: bool = False


class Connections(UpstreamModel):
    """``GET /rest/system/connections``."""

    connections: dict[str, DeviceConnection]


class FolderConfig(UpstreamModel):
    """One entry of ``GET /rest/config/folders``."""

    id: str
    label: str = ""
    paused: bool = False


FOLDER_CONFIGS: TypeAdapter[list[FolderConfig]] = TypeAdapter(list[FolderConfig])


class FolderStatus(UpstreamModel):
    """``GET /rest/db/status?folder=ID``."""

    state: str
    """idle, scanning, scan-waiting, syncing, sync-waiting, sync-preparing, cleaning, error...;
    empty for a paused folder."""
    error: str = ""
    """Why the folder is in the ``error`` state (absent otherwise)."""
    errors: int = 0
    """Items that failed to sync."""
    need_bytes: int = Field(alias="needBytes")
    need_items: int = Field(0, alias="needTotalItems")
    global_bytes: int = Field(alias="globalBytes")


class Completion(UpstreamModel):
    """``GET /rest/db/completion?folder=ID``: the local device's completion of a folder."""

    completion: float
    """Percent, 0-100."""
