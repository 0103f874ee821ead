"""The parts of changedetection.io's REST API v1 responses Tilewire reads, and its payloads."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

# --- upstream --------------------------------------------------------------------------------


class SystemInfo(UpstreamModel):
    """``GET /api/v1/systeminfo``."""

    version: str
    watch_count: int
    queue_size: int = 0
    tag_count: int = 0
    uptime: float | None = None
    """Seconds since the server started."""
    overdue_watches: list[str] = []
    """UUIDs of watches not checked for five minutes longer than their interval."""
    all_paused: bool = False
    all_muted: bool = False
    new_version_available: bool = False


class WatchSummary(UpstreamModel):
    """One value of ``GET /api/v1/watch`` (a map of UUID to summary)."""

    url: str
    title: str | None = None
    page_title: str | None = None
    last_checked: int = 0
    """Unix time, 0 before the first check."""
    last_changed: int = 0
    """Unix time of the newest snapshot, 0 until a second snapshot (a change) exists."""
    last_error: str | bool | None = False
    """The error of the last check, or false."""
    viewed: bool = False


WATCH_LIST: TypeAdapter[dict[str, WatchSummary]] = TypeAdapter(dict[str, WatchSummary])


# --- payloads --------------------------------------------------------------------------------


class ChangeDetectionWatch(Payload):
    uuid: str
    title: str = Field(description="The watch's title, else the page title, else the URL")
    url: str
    last_checked: datetime | None = Field(None, description="None before the first check")
    last_changed: datetime | None = Field(None, description="None until a change was detected")
    last_error: str | None = Field(None, description="The error of the last check, if any")
    viewed: bool = Field(description="The newest snapshot has been looked at")
    unviewed_change: bool = Field(description="Changed since it was last viewed")


class ChangeDetectionWatches(Payload):
    """Watch counts and the watches: unviewed changes first, then errors, then newest change
    (at most 50)."""

    total: int
    unviewed: int = Field(description="Watches changed since they were last viewed")
    errors: int = Field(description="Watches whose last check failed")
    paused: bool = Field(description="All checks are paused (the global switch)")
    muted: bool = Field(description="All notifications are muted (the global switch)")
    watches: list[ChangeDetectionWatch]


class ChangeDetectionSystem(Payload):
    """The server: version, watch count, check queue and overdue watches."""

    version: str
    watch_count: int
    tag_count: int
    queue_size: int = Field(description="Checks waiting to run")
    uptime_seconds: int | None = None
    overdue: int = Field(description="Watches not checked for 5 minutes past their interval")
    overdue_watches: list[str] = Field(description="UUIDs of the overdue watches")
    paused: bool = Field(description="All checks are paused (the global switch)")
    muted: bool = Field(description="All notifications are muted (the global switch)")
    new_version_available: bool
