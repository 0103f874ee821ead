"""The parts of Netdata's REST API v1 answers Tilewire reads."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class AlarmCounts(UpstreamModel):
    normal: int = 0
    warning: int
    critical: int


class MirroredHost(UpstreamModel):
    hostname: str
    hops: int = 0


class Info(UpstreamModel):
    """``GET /api/v1/info``. Numbers about the machine are strings (``"cores_total": "2"``)."""

    version: str
    uid: str
    mirrored_hosts: list[str] = []
    mirrored_hosts_status: list[MirroredHost] = []
    alarms: AlarmCounts
    cores_total: str | None = None
    ram_total: str | None = None
    """Bytes."""
    kernel_name: str | None = None
    kernel_version: str | None = None
    architecture: str | None = None


class ChartData(UpstreamModel):
    """``GET /api/v1/data?chart=...&format=json``: ``labels`` (``time`` first) and rows of
    values, newest first; a value is null where nothing was collected."""

    labels: list[str] = Field(min_length=1)
    data: list[list[float | None]]


class Alarm(UpstreamModel):
    """One raised alarm of ``GET /api/v1/alarms``."""

    name: str
    chart: str
    status: str
    """WARNING or CRITICAL (``/api/v1/alarms`` without ``all`` lists only raised ones)."""
    value_string: str = ""
    """The value formatted with its units, as the dashboard shows it (e.g. ``95.2%``)."""
    info: str = ""
    last_status_change: int | None = None
    """Unix time."""


class Alarms(UpstreamModel):
    """``GET /api/v1/alarms``: raised alarms keyed by ``<chart>.<alarm>``."""

    hostname: str
    alarms: dict[str, Alarm]
