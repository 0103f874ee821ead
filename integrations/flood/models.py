"""The parts of Flood's API answers Tilewire reads (``shared/types`` and ``shared/schema``)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel

ACCESS_LEVELS: dict[int, str] = {5: "user", 10: "administrator"}
ETA_INFINITY = -1


class Authenticated(UpstreamModel):
    """``POST /api/auth/authenticate`` (the session itself is the ``jwt`` cookie)."""

    success: bool
    username: str
    level: int


class PreloadConfigs(UpstreamModel):
    auth_method: str | None = Field(None, alias="authMethod")
    """``default`` (Flood's own users) or ``none`` (``--auth none``)."""


class Verification(UpstreamModel):
    """``GET /api/auth/verify``."""

    initial_user: bool = Field(alias="initialUser")
    """True while Flood has no user at all (a fresh install)."""
    username: str | None = None
    level: int | None = None
    configs: PreloadConfigs | None = None


class ConnectionTest(UpstreamModel):
    """``GET /api/client/connection-test`` (HTTP 500 when not connected)."""

    is_connected: bool = Field(alias="isConnected")


class Torrent(UpstreamModel):
    """One ``TorrentProperties`` of ``GET /api/torrents``."""

    hash: str
    name: str
    status: list[str]
    """Any of downloading, seeding, checking, complete, stopped, active, inactive, warning,
    error (newer releases add activelyDownloading and activelyUploading)."""
    percent_complete: float = Field(alias="percentComplete")
    """0-100."""
    size_bytes: int = Field(alias="sizeBytes")
    down_rate: int = Field(0, alias="downRate")
    up_rate: int = Field(0, alias="upRate")
    eta: float = ETA_INFINITY
    """Seconds, -1 for infinity."""
    date_added: int = Field(0, alias="dateAdded")
    """Unix time, seconds."""
    tags: list[str] = []


class TorrentListSummary(UpstreamModel):
    """``GET /api/torrents``."""

    id: int
    torrents: dict[str, Torrent]


class ClientSettings(UpstreamModel):
    """``GET /api/client/settings``: only the global rate limits (bytes/s, 0 for none).

    Older 4.x releases call them ``throttleGlobalDownMax``/``throttleGlobalUpMax``."""

    throttle_global_down_speed: int | None = Field(None, alias="throttleGlobalDownSpeed")
    throttle_global_up_speed: int | None = Field(None, alias="throttleGlobalUpSpeed")
    throttle_global_down_max: int | None = Field(None, alias="throttleGlobalDownMax")
    throttle_global_up_max: int | None = Field(None, alias="throttleGlobalUpMax")


class FloodError(UpstreamModel):
    """``{code, message}``: how Flood reports a failure of the torrent client (HTTP 500)."""

    code: str | int | None = None
    message: str | None = None
