"""The parts of Speedtest Tracker's API answers Tilewire reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from integrations.base import UpstreamModel

# --- upstream --------------------------------------------------------------------------------


class OoklaPing(UpstreamModel):
    jitter: float | None = None
    latency: float | None = None


class OoklaServer(UpstreamModel):
    name: str | None = None
    location: str | None = None
    country: str | None = None


class OoklaLink(UpstreamModel):
    url: str | None = None


class OoklaData(UpstreamModel):
    """``data`` of a v1 result: the Ookla speedtest CLI's own JSON output."""

    isp: str | None = None
    ping: OoklaPing | None = None
    server: OoklaServer | None = None
    result: OoklaLink | None = None
    timestamp: datetime | None = None
    packet_loss: float | None = Field(None, alias="packetLoss")
    """Percent."""


class Result(UpstreamModel):
    """A result of API v1 (``GET /api/v1/results/latest`` wraps it in ``data``)."""

    id: int
    ping: float | None = None
    """Milliseconds."""
    download: int | None = None
    """Bytes per second."""
    upload: int | None = None
    download_bits: int | None = None
    """Bits per second."""
    upload_bits: int | None = None
    healthy: bool | None = None
    """Whether the result met the configured thresholds; null when none are set."""
    status: str = "completed"
    """completed, failed, skipped, or a test still under way (waiting, running, ...)."""
    scheduled: bool | None = None
    data: OoklaData | list[Any] | None = None
    """The Ookla output; ``[]`` (PHP's empty array) or null when a test produced none."""
    created_at: datetime | None = None


class ResultAnswer(UpstreamModel):
    data: Result
    message: str = ""


class Message(UpstreamModel):
    """How Speedtest Tracker answers a request it cannot serve: ``{"message": ...}``."""

    message: str


class LegacyResult(UpstreamModel):
    """``GET /api/speedtest/latest`` (no credentials; kept for dashboards)."""

    id: int
    ping: float | None = None
    download: float | None = None
    """Megabits per second, two decimals."""
    upload: float | None = None
    server_name: str | None = None
    url: str | None = None
    scheduled: bool | None = None
    failed: bool = False
    created_at: datetime | None = None


class LegacyAnswer(UpstreamModel):
    data: LegacyResult
