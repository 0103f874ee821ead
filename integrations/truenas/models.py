"""The parts of TrueNAS REST API v2.0 answers Tilewire reads.

Dates are "extended JSON": ``{"$date": <milliseconds since the epoch>}``.
"""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel

# --- upstream --------------------------------------------------------------------------------


class EjsonDate(UpstreamModel):
    milliseconds: int = Field(alias="$date")


class SystemInfo(UpstreamModel):
    """``GET /api/v2.0/system/info`` (``system.info``)."""

    version: str
    hostname: str
    physmem: int
    """Bytes."""
    model: str | None = None
    """The CPU model."""
    cores: int
    """Logical CPUs."""
    physical_cores: int | None = None
    """SCALE only."""
    loadavg: list[float]
    uptime_seconds: float
    ecc_memory: bool | None = None
    """SCALE only."""


class Pool(UpstreamModel):
    """One entry of ``GET /api/v2.0/pool`` (``pool.query``)."""

    id: int
    name: str
    status: str
    """ONLINE, DEGRADED, FAULTED, OFFLINE, UNAVAIL, REMOVED, SUSPENDED."""
    healthy: bool
    warning: bool = False
    status_detail: str | None = None
    size: int | None = None
    """Bytes; None while the pool is not imported (and on CORE before 13)."""
    allocated: int | None = None
    free: int | None = None


class Alert(UpstreamModel):
    """One entry of ``GET /api/v2.0/alert/list``."""

    uuid: str
    klass: str
    level: str
    """INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY (the user may change it)."""
    formatted: str | None = None
    text: str = ""
    dismissed: bool = False
    datetime: EjsonDate | None = None
    """When it was first seen."""
