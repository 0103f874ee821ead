"""The parts of the pfSense REST API v2 answers Tilewire reads (Models/SystemStatus.inc,
SystemVersion.inc; every answer ``{"code", "status", "response_id", "message", "data"}``)."""

from __future__ import annotations

from typing import Any

from integrations.base import UpstreamModel


class Envelope(UpstreamModel):
    code: int = 200
    status: str = ""
    response_id: str = ""
    message: str = ""
    data: Any = None


class SystemStatus(UpstreamModel):
    platform: str | None = None
    uptime: str | None = None
    temp_c: float | None = None
    cpu_model: str | None = None
    cpu_load_avg: list[float] | None = None
    cpu_count: int | None = None
    cpu_usage: float | None = None
    """A percentage estimated from the 1-minute load and the cores."""
    mem_usage: float | None = None
    swap_usage: float | None = None
    disk_usage: float | None = None
    mbuf_usage: float | None = None


class SystemVersion(UpstreamModel):
    version: str = ""
    base: str = ""
    patch: str = ""
