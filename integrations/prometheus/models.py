"""The parts of the Prometheus HTTP API v1 responses Tilewire reads.

An answer is split first (msgspec, leaving ``data`` and a query's result undecoded): a query
may return hundreds of thousands of samples, of which Tilewire keeps the first
``MAX_SAMPLES``. What is kept is then validated like any upstream model (pydantic).
"""

from __future__ import annotations

from datetime import datetime

import msgspec
from pydantic import Field

from integrations.base import UpstreamModel

SamplePair = tuple[float, str]
"""``[unix seconds, "value"]``: Prometheus sends the value as a string ("1", "NaN", "+Inf")."""


class Answer(msgspec.Struct):
    """What every API v1 answer has: ``errorType`` and ``error`` when ``status`` is "error"
    (rather than "success": checked by the client, as msgspec's own message for another value
    would quote it)."""

    status: str
    error_type: str | None = msgspec.field(default=None, name="errorType")
    error: str | None = None


class Envelope(Answer):
    """An answer whose ``data`` is validated as a whole, later (empty when it has none)."""

    data: msgspec.Raw = msgspec.field(default_factory=msgspec.Raw)


class BuildInfo(UpstreamModel):
    """``GET /api/v1/status/buildinfo``."""

    version: str
    revision: str = ""
    branch: str = ""
    go_version: str = Field("", alias="goVersion")


# --- /api/v1/query -------------------------------------------------------------------------


class QueryData(msgspec.Struct):
    """``result`` is a list of ``InstantSample`` for a vector, a ``SamplePair`` for a scalar
    (a matrix or a string Tilewire does not show)."""

    result_type: str = msgspec.field(name="resultType")
    result: msgspec.Raw


class QueryAnswer(Answer):
    """A query's answer, split in one pass over it: its result is left undecoded."""

    data: QueryData | None = None


class InstantSample(UpstreamModel):
    metric: dict[str, str]
    value: SamplePair


# --- /api/v1/targets -----------------------------------------------------------------------


class ActiveTarget(UpstreamModel):
    labels: dict[str, str]
    scrape_pool: str = Field("", alias="scrapePool")
    health: str
    last_error: str = Field("", alias="lastError")
    last_scrape: datetime | None = Field(None, alias="lastScrape")
    last_scrape_duration: float | None = Field(None, alias="lastScrapeDuration")


class TargetsData(UpstreamModel):
    active_targets: list[ActiveTarget] = Field(alias="activeTargets")
