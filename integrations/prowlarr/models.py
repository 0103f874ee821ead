"""The parts of Prowlarr's API v1 answers Tilewire reads, and Prowlarr's own payloads.

Field names and nullability follow the schemas of ``src/Prowlarr.Api.V1/openapi.json``.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

APP_NAME = "Prowlarr"

# --- upstream --------------------------------------------------------------------------------


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


# --- payloads --------------------------------------------------------------------------------


class ProwlarrIndexer(Payload):
    id: int
    name: str
    protocol: str = Field(description="torrent, usenet or unknown")
    enabled: bool
    failing: bool = Field(description="disabled by Prowlarr after failures")
    failing_until: datetime | None = Field(
        None, description="when Prowlarr tries it again; None when not failing"
    )


class ProwlarrIndexers(Payload):
    """Prowlarr's indexers: how many are enabled and how many it has disabled after failures."""

    total: int
    enabled: int
    failing: int = Field(description="indexers Prowlarr has disabled after failures")
    indexers: list[ProwlarrIndexer] = Field(description="failing first, then by name; at most 100")


class ProwlarrIndexerStats(Payload):
    id: int
    name: str
    queries: int
    grabs: int
    failed_queries: int
    failed_grabs: int
    average_response_ms: int = Field(description="milliseconds")


class ProwlarrStats(Payload):
    """Queries and grabs through Prowlarr, in total and for its busiest indexers."""

    queries: int
    grabs: int
    failed_queries: int
    failed_grabs: int
    indexers: list[ProwlarrIndexerStats] = Field(
        description="the 10 indexers with the most queries, most first"
    )
