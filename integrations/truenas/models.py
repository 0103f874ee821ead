"""The parts of TrueNAS REST API v2.0 answers Tilewire reads, and its own payloads.

Dates are "extended JSON": ``{"$date": <milliseconds since the epoch>}``.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

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


# --- payloads --------------------------------------------------------------------------------


class TrueNASSystem(Payload):
    """The machine: CPU and memory size, load average and uptime (no CPU or memory usage: the
    REST API's ``system/info`` has none)."""

    hostname: str
    version: str
    cpu_model: str | None = None
    cpu_count: int = Field(description="logical CPUs")
    physical_cores: int | None = None
    memory_total: int = Field(description="bytes")
    load1: float | None = None
    load5: float | None = None
    load15: float | None = None
    uptime_seconds: int
    ecc_memory: bool | None = None


class TrueNASPool(Payload):
    name: str
    status: str = Field(description="ONLINE, DEGRADED, FAULTED, OFFLINE, UNAVAIL, ...")
    healthy: bool
    status_detail: str | None = None
    size: int | None = Field(description="bytes; None when the pool is not imported")
    allocated: int | None = Field(description="bytes")
    free: int | None = Field(description="bytes")
    percent_used: float | None = Field(description="0-100")


class TrueNASPools(Payload):
    """Every ZFS pool's health and space."""

    pools: list[TrueNASPool] = Field(description="by name")
    healthy: int
    unhealthy: int


class TrueNASAlertCount(Payload):
    level: str
    count: int


class TrueNASAlert(Payload):
    level: str
    klass: str = Field(description="the alert class, e.g. VolumeStatus, SMART")
    text: str = Field(description="the alert's text, without markup, at most 200 characters")
    since: datetime | None = None


class TrueNASAlerts(Payload):
    """Alerts not dismissed, counted by level, and the latest ones."""

    total: int = Field(description="alerts not dismissed")
    dismissed: int
    by_level: list[TrueNASAlertCount] = Field(description="most severe level first")
    alerts: list[TrueNASAlert] = Field(description="the latest first, at most 20")
