"""The parts of pyLoad-ng's API answers Tilewire reads."""

from __future__ import annotations

from pydantic import TypeAdapter

from integrations.base import UpstreamModel


class ServerStatus(UpstreamModel):
    """``GET /api/status_server``. The counts are links (files) of the queue, not packages."""

    pause: bool
    active: int
    queue: int
    """Links in the queue not finished yet (failed ones included)."""
    total: int
    speed: int
    """Bytes/s, all active downloads together."""
    download: bool
    """False while paused or outside the configured download hours."""


class Link(UpstreamModel):
    """A link of a package in ``get_queue_data``."""

    fid: int
    name: str
    status: int
    size: int = 0


class Package(UpstreamModel):
    """A package of ``get_queue_data`` (with ``links``) or ``get_collector`` (without)."""

    pid: int
    name: str
    linksdone: int | None = None
    sizedone: int | None = None
    sizetotal: int | None = None
    linkstotal: int | None = None
    links: list[Link] | None = None


class ActiveDownload(UpstreamModel):
    """An entry of ``status_downloads``: a link being downloaded now."""

    fid: int
    package_id: int
    speed: int
    """Bytes/s."""
    eta: int
    """Seconds."""


class ApiError(UpstreamModel):
    """pyLoad's error body, e.g. ``{"error": "Invalid API key"}``."""

    error: str


PACKAGES: TypeAdapter[list[Package]] = TypeAdapter(list[Package])
DOWNLOADS: TypeAdapter[list[ActiveDownload]] = TypeAdapter(list[ActiveDownload])
VERSION: TypeAdapter[str] = TypeAdapter(str)
FREE_SPACE: TypeAdapter[int] = TypeAdapter(int)
