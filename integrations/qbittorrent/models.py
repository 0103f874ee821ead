"""The parts of qBittorrent's Web API v2 responses Tilewire reads."""

from __future__ import annotations

from pydantic import TypeAdapter

from integrations.base import UpstreamModel

ETA_INFINITY = 8640000
"""What qBittorrent reports as the ETA of a torrent that will not finish (100 days)."""


class Torrent(UpstreamModel):
    """One entry of ``GET /api/v2/torrents/info``."""

    hash: str
    name: str
    state: str
    progress: float
    """0-1."""
    size: int
    """Bytes of the files selected for download."""
    dlspeed: int = 0
    upspeed: int = 0
    eta: int = ETA_INFINITY
    category: str = ""
    added_on: int = 0
    """Unix time."""


TORRENT_LIST: TypeAdapter[list[Torrent]] = TypeAdapter(list[Torrent])


class TorrentState(UpstreamModel):
    """A torrent in ``sync/maindata``: only its state is read."""

    state: str = "unknown"


class ServerState(UpstreamModel):
    """``server_state`` of ``sync/maindata``: ``transfer/info`` plus the free disk space."""

    dl_info_speed: int
    up_info_speed: int
    dl_rate_limit: int = 0
    """Bytes/s, 0 for unlimited (the alternative limit when alternative limits are on)."""
    up_rate_limit: int = 0
    free_space_on_disk: int | None = None


class MainData(UpstreamModel):
    """``GET /api/v2/sync/maindata?rid=0``: a full snapshot of the session and its torrents."""

    server_state: ServerState
    torrents: dict[str, TorrentState] = {}
