"""The parts of Uptime Kuma's status-page API answers Tilewire reads."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from integrations.base import UpstreamModel

# --- upstream --------------------------------------------------------------------------------


class StatusPageConfig(UpstreamModel):
    """``config`` of ``GET /api/status-page/{slug}`` (the page's public settings)."""

    slug: str
    title: str
    heartbeat_bar_days: int | None = Field(None, alias="heartbeatBarDays")
    """Days the heartbeat bar covers (0 or absent: the last 100 beats and a 24 h uptime)."""


class PublicMonitor(UpstreamModel):
    id: int
    name: str
    type: str | None = None


class PublicGroup(UpstreamModel):
    name: str = ""
    monitor_list: list[PublicMonitor] = Field(alias="monitorList")


class Incident(UpstreamModel):
    title: str | None = None
    style: str | None = None


class StatusPageData(UpstreamModel):
    """``GET /api/status-page/{slug}``: the page, its pinned incident and its monitor groups."""

    config: StatusPageConfig
    incident: Incident | None = None
    incidents: list[Incident] = []
    """Versions that pin several incidents list them here instead of ``incident``."""
    public_group_list: list[PublicGroup] = Field(alias="publicGroupList")


class Beat(UpstreamModel):
    status: int
    """0 down, 1 up, 2 pending, 3 maintenance."""
    ping: float | None = None
    """Milliseconds; null when the check had no response time."""


class Heartbeats(UpstreamModel):
    """``GET /api/status-page/heartbeat/{slug}``: recent beats and the uptime of each monitor."""

    heartbeat_list: dict[str, list[Beat | int]] = Field(alias="heartbeatList")
    """Oldest first; a 0 stands for an empty time bucket (heartbeat bar over days)."""
    uptime_list: dict[str, float] = Field(alias="uptimeList")
    """Ratio 0-1 by ``<id>_24`` (24 hours), or by ``<id>`` over the heartbeat bar's range."""


class Failure(UpstreamModel):
    """What Uptime Kuma answers (404, 403, 503) to a status-page request it cannot serve."""

    status: Literal["fail"]
    msg: str = ""
