"""The parts of changedetection.io's REST API v1 responses Tilewire reads."""

from __future__ import annotations

from pydantic import TypeAdapter

from integrations.base import UpstreamModel

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


class RecheckAnswer(UpstreamModel):
    """``GET /api/v1/watch?recheck_all=1``: ``{"status": "OK, queued 3 watches for
    rechecking"}`` (0.50 and later name the count; older releases answer ``"OK"``)."""

    status: str
