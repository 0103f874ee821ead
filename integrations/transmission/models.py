"""The parts of Transmission's RPC responses Tilewire reads, with Transmission's field names."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from integrations.base import UpstreamModel


class RpcEnvelope(UpstreamModel):
    """Every RPC answer: ``result`` is "success" or an error text; ``arguments`` the data."""

    result: str
    arguments: dict[str, Any] = {}


class Units(UpstreamModel):
    speed_bytes: int = Field(1000, alias="speed-bytes")
    """Bytes in the "K" of the KB/s speed limits."""


class Session(UpstreamModel):
    """``session-get``: version, speed limits (in KB/s) and the download folder."""

    version: str
    rpc_version: int = Field(alias="rpc-version")
    download_dir: str | None = Field(None, alias="download-dir")
    download_dir_free_space: int | None = Field(None, alias="download-dir-free-space")
    """Bytes, -1 when unknown; deprecated since Transmission 4 (``free-space`` replaces it)."""
    speed_limit_down: int = Field(0, alias="speed-limit-down")
    speed_limit_down_enabled: bool = Field(False, alias="speed-limit-down-enabled")
    speed_limit_up: int = Field(0, alias="speed-limit-up")
    speed_limit_up_enabled: bool = Field(False, alias="speed-limit-up-enabled")
    alt_speed_enabled: bool = Field(False, alias="alt-speed-enabled")
    alt_speed_down: int = Field(0, alias="alt-speed-down")
    alt_speed_up: int = Field(0, alias="alt-speed-up")
    units: Units = Units()


class SessionStats(UpstreamModel):
    """``session-stats``: the current total speeds in bytes/s."""

    download_speed: int = Field(alias="downloadSpeed")
    upload_speed: int = Field(alias="uploadSpeed")
    torrent_count: int = Field(alias="torrentCount")


class FreeSpace(UpstreamModel):
    """``free-space``: bytes free at a path."""

    path: str
    size_bytes: int = Field(alias="size-bytes")


class TorrentStatus(UpstreamModel):
    """A torrent as ``torrent-get`` returns it for the state counts."""

    status: int
    percent_done: float = Field(alias="percentDone")
    error: int = 0


class Torrent(TorrentStatus):
    """A torrent as ``torrent-get`` returns it for the torrent list."""

    hash_string: str = Field(alias="hashString")
    name: str
    size_when_done: int = Field(alias="sizeWhenDone")
    """Bytes of the wanted files: what ``percentDone`` is relative to."""
    rate_download: int = Field(0, alias="rateDownload")
    rate_upload: int = Field(0, alias="rateUpload")
    eta: int = -1
    """Seconds; -1 not available, -2 unknown."""
    added_date: int = Field(0, alias="addedDate")
    labels: list[str] = []


class TorrentStatuses(UpstreamModel):
    torrents: list[TorrentStatus]


class Torrents(UpstreamModel):
    torrents: list[Torrent]


class NoArguments(UpstreamModel):
    """The empty ``arguments`` of a method that changes something (``torrent-stop``,
    ``session-set``)."""


class NamedTorrent(UpstreamModel):
    hash_string: str = Field(alias="hashString")
    name: str


class NamedTorrents(UpstreamModel):
    """``torrent-get`` of some ids with ``hashString`` and ``name``: the torrents it knows."""

    torrents: list[NamedTorrent]
