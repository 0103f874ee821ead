"""The parts of Prowlarr's API v1 answers Tilewire reads.

Field names and nullability follow the schemas of ``src/Prowlarr.Api.V1/openapi.json``.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel

APP_NAME = "Prowlarr"


class SystemStatus(UpstreamModel):
    """``GET /api/v1/system/status`` (``SystemResource``)."""

    app_name: str | None = Field(alias="appName")
    version: str | None
    instance_name: str | None = Field(None, alias="instanceName")
    branch: str | None = None
    os_name: str | None = Field(None, alias="osName")
    is_docker: bool = Field(False, alias="isDocker")


class Indexer(UpstreamModel):
    """One entry of ``GET /api/v1/indexer`` (``IndexerResource``)."""

    id: int
    name: str | None = None
    enable: bool
    protocol: str = "unknown"
    """``DownloadProtocol``: unknown, usenet or torrent."""


INDEXERS: TypeAdapter[list[Indexer]] = TypeAdapter(list[Indexer])


class IndexerStatus(UpstreamModel):
    """One entry of ``GET /api/v1/indexerstatus`` (``IndexerStatusResource``): Prowlarr lists
    only the indexers it has disabled after failures."""

    indexer_id: int = Field(alias="indexerId")
    disabled_till: datetime | None = Field(None, alias="disabledTill")
    most_recent_failure: datetime | None = Field(None, alias="mostRecentFailure")


INDEXER_STATUSES: TypeAdapter[list[IndexerStatus]] = TypeAdapter(list[IndexerStatus])


class IndexerStatistics(UpstreamModel):
    """One indexer of ``GET /api/v1/indexerstats`` (``IndexerStatistics``)."""

    indexer_id: int = Field(alias="indexerId")
    indexer_name: str | None = Field(None, alias="indexerName")
    average_response_time: int = Field(0, alias="averageResponseTime")
    """Milliseconds."""
    queries: int = Field(0, alias="numberOfQueries")
    grabs: int = Field(0, alias="numberOfGrabs")
    failed_queries: int = Field(0, alias="numberOfFailedQueries")
    failed_grabs: int = Field(0, alias="numberOfFailedGrabs")


class IndexerStats(UpstreamModel):
    """``GET /api/v1/indexerstats`` (``IndexerStatsResource``)."""

    indexers: list[IndexerStatistics] | None


class ValidationFailure(UpstreamModel):
    """One reason an indexer failed its test (FluentValidation's ``ValidationFailure``)."""

    property_name: str | None = Field(None, alias="propertyName")
    error_message: str | None = Field(None, alias="errorMessage")


class TestAllResult(UpstreamModel):
    """One indexer of ``POST /api/v1/indexer/testall`` (``ProviderTestAllResult``)."""

    __test__ = False  # not a pytest test class, whatever its name

    id: int
    is_valid: bool = Field(alias="isValid")
    validation_failures: list[ValidationFailure] = Field(
        default_factory=list, alias="validationFailures"
    )


TEST_ALL_RESULTS: TypeAdapter[list[TestAllResult]] = TypeAdapter(list[TestAllResult])
