"""The parts of NZBGet's JSON-RPC answers Tilewire reads, with NZBGet's field names.

NZBGet splits 64-bit sizes into two unsigned 32-bit halves (``...Lo``/``...Hi``) for JSON
parsers without 64-bit integers; ``...MB`` fields are the same value rounded down to MiB.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, TypeAdapter, model_validator

from integrations.base import UpstreamModel

UNKNOWN_SIZE = (1 << 64) - 1
"""-1 (unknown) as two unsigned halves: what FreeDiskSpace is while DestDir does not exist."""


def join64(lo: int, hi: int) -> int:
    return (hi << 32) | lo


class NZBGetRpcError(UpstreamModel):
    name: str = ""
    code: int = 0
    message: str = ""


class NZBGetRpcAnswer(UpstreamModel):
    """Every JSON-RPC answer: ``{"version": "1.1", "id", "result"}`` or ``... "error"}``."""

    version: str
    result: Any = None
    error: NZBGetRpcError | None = None

    @model_validator(mode="after")
    def _result_or_error(self) -> NZBGetRpcAnswer:
        if "result" not in self.model_fields_set and self.error is None:
            raise ValueError("neither result nor error")
        return self


class NZBGetStatus(UpstreamModel):
    """``status``: rates and limits in bytes/s, the global pause flags, free disk space."""

    download_rate: int = Field(alias="DownloadRate")
    download_limit: int = Field(0, alias="DownloadLimit")
    """Bytes/s, 0 for unlimited."""
    remaining_size_lo: int = Field(0, alias="RemainingSizeLo")
    remaining_size_hi: int = Field(0, alias="RemainingSizeHi")
    free_disk_space_lo: int = Field(alias="FreeDiskSpaceLo")
    free_disk_space_hi: int = Field(alias="FreeDiskSpaceHi")
    """Free space in DestDir; both halves 0xFFFFFFFF when unknown."""
    download_paused: bool = Field(alias="DownloadPaused")
    """The whole download queue is paused (the Pause button)."""
    server_standby: bool = Field(False, alias="ServerStandBy")
    """No download is running right now."""

    @property
    def remaining_size(self) -> int:
        return join64(self.remaining_size_lo, self.remaining_size_hi)

    @property
    def free_disk_space(self) -> int | None:
        free = join64(self.free_disk_space_lo, self.free_disk_space_hi)
        return None if free == UNKNOWN_SIZE else free


class NZBGetGroup(UpstreamModel):
    """One NZB of ``listgroups``."""

    nzb_id: int = Field(alias="NZBID")
    nzb_name: str = Field(alias="NZBName")
    status: str = Field(alias="Status")
    category: str = Field("", alias="Category")
    file_size_lo: int = Field(alias="FileSizeLo")
    file_size_hi: int = Field(alias="FileSizeHi")
    remaining_size_lo: int = Field(alias="RemainingSizeLo")
    remaining_size_hi: int = Field(alias="RemainingSizeHi")
    paused_size_lo: int = Field(0, alias="PausedSizeLo")
    paused_size_hi: int = Field(0, alias="PausedSizeHi")

    @property
    def file_size(self) -> int:
        return join64(self.file_size_lo, self.file_size_hi)

    @property
    def remaining_size(self) -> int:
        return join64(self.remaining_size_lo, self.remaining_size_hi)

    @property
    def paused_size(self) -> int:
        return join64(self.paused_size_lo, self.paused_size_hi)


NZBGET_GROUPS: TypeAdapter[list[NZBGetGroup]] = TypeAdapter(list[NZBGetGroup])
