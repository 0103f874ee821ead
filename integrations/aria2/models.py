"""aria2's JSON-RPC answers Tilewire reads (aria2 1.36.0 manual, "RPC interface").

aria2 sends every number as a string ("downloadSpeed": "0"); pydantic reads them as ints.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from integrations.base import UpstreamModel


class RpcError(UpstreamModel):
    code: int
    message: str = Field(max_length=10_000)


class RpcEnvelope(UpstreamModel):
    """A JSON-RPC 2.0 answer: ``result`` or ``error``."""

    result: Any = None
    error: RpcError | None = None


class Version(UpstreamModel):
    """``aria2.getVersion``."""

    version: str


class GlobalStat(UpstreamModel):
    """``aria2.getGlobalStat``: speeds in bytes/s, counts of downloads."""

    download_speed: int = Field(alias="downloadSpeed")
    upload_speed: int = Field(alias="uploadSpeed")
    num_active: int = Field(alias="numActive")
    num_waiting: int = Field(alias="numWaiting")
    num_stopped: int = Field(alias="numStopped")


class GlobalOption(UpstreamModel):
    """``aria2.getGlobalOption``: the overall speed limits (bytes/s, "0" unlimited)."""

    max_overall_download_limit: int = Field(0, alias="max-overall-download-limit")
    max_overall_upload_limit: int = Field(0, alias="max-overall-upload-limit")


class StatusOnly(UpstreamModel):
    """A download's ``status`` key alone (``tellActive``/``tellWaiting``/``tellStopped``)."""

    status: str
    seeder: bool = False


class Uri(UpstreamModel):
    uri: str


class File(UpstreamModel):
    path: str = ""
    uris: list[Uri] = Field(default_factory=list)


class TorrentInfo(UpstreamModel):
    name: str | None = None


class BitTorrent(UpstreamModel):
    info: TorrentInfo | None = None


class Download(StatusOnly):
    """One download, with the keys ``DOWNLOAD_KEYS`` asks for."""

    gid: str
    total_length: int = Field(0, alias="totalLength")
    completed_length: int = Field(0, alias="completedLength")
    download_speed: int = Field(0, alias="downloadSpeed")
    upload_speed: int = Field(0, alias="uploadSpeed")
    dir: str = ""
    files: list[File] = Field(default_factory=list)
    bittorrent: BitTorrent | None = None
