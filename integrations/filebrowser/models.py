"""The parts of File Browser's answers Tilewire reads (2.63.23: http/resource.go
DiskUsageResponse, files/listing.go Listing)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class Usage(UpstreamModel):
    """``GET /api/usage/``: the disk the user's root is on, in bytes."""

    total: int
    used: int


class Listing(UpstreamModel):
    """``GET /api/resources/``: the user's root folder."""

    num_dirs: int = Field(0, alias="numDirs")
    num_files: int = Field(0, alias="numFiles")
    is_dir: bool = Field(True, alias="isDir")
