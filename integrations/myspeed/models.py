"""The parts of MySpeed's answers Tilewire reads (MySpeed 1.0.9: models/Speedtests.js,
controller/speedtests.js listTests and listStatistics)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from integrations.base import UpstreamModel


class Speedtest(UpstreamModel):
    """One of ``GET /api/speedtests``: speeds in Mbit/s, ping in ms, time in seconds."""

    id: int
    ping: int
    download: float
    upload: float
    error: str | None = None
    type: str = "auto"
    time: int = 0
    created: datetime


class Range(UpstreamModel):
    """min, max, avg of the tests that did not fail (null when there are none)."""

    min: float | None = None
    max: float | None = None
    avg: float | None = None


class TestCounts(UpstreamModel):
    total: int = 0
    failed: int = 0


class Statistics(UpstreamModel):
    """``GET /api/speedtests/statistics?days=1``."""

    tests: TestCounts = Field(default_factory=TestCounts)
    ping: Range = Field(default_factory=Range)
    download: Range = Field(default_factory=Range)
    upload: Range = Field(default_factory=Range)


class Status(UpstreamModel):
    """``GET /api/speedtests/status``."""

    paused: bool = False
    running: bool = False
