"""The parts of the Prometheus HTTP API v1 responses Tilewire reads."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import Field

from integrations.base import UpstreamModel

DataT = TypeVar("DataT")

SamplePair = tuple[float, str]
"""``[unix seconds, "value"]``: Prometheus sends the value as a string ("1", "NaN", "+Inf")."""


class Envelope(UpstreamModel, Generic[DataT]):
    """Every API v1 answer: ``data`` on success, ``errorType`` and ``error`` otherwise."""

    status: Literal["success", "error"]
    data: DataT | None = None
    error_type: str | None = Field(None, alias="errorType")
    error: str | None = None


class BuildInfo(UpstreamModel):
    """``GET /api/v1/status/buildinfo``."""

    version: str
    revision: str = ""
    branch: str = ""
    go_version: str = Field("", alias="goVersion")


# --- /api/v1/query -------------------------------------------------------------------------


class InstantSample(UpstreamModel):
    metric: dict[str, str]
    value: SamplePair


class RangeSeries(UpstreamModel):
    metric: dict[str, str]
    values: list[SamplePair]


class VectorResult(UpstreamModel):
    result_type: Literal["vector"] = Field(alias="resultType")
    result: list[InstantSample]


class ScalarResult(UpstreamModel):
    result_type: Literal["scalar"] = Field(alias="resultType")
    result: SamplePair


class MatrixResult(UpstreamModel):
    result_type: Literal["matrix"] = Field(alias="resultType")
    result: list[RangeSeries]


class StringResult(UpstreamModel):
    result_type: Literal["string"] = Field(alias="resultType")
    result: tuple[float, str]


QueryData = Annotated[
    VectorResult | ScalarResult | MatrixResult | StringResult,
    Field(discriminator="result_type"),
]


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
