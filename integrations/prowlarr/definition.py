"""Prowlarr: its indexers (enabled, disabled after failures) and their query and grab counts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.actions import ActionResult, NoInput, PartiallyApplied, action
from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.prowlarr.client import ProwlarrClient
    from integrations.prowlarr.models import (
        Indexer,
        IndexerStatistics,
        IndexerStatus,
        TestAllResult,
    )

MAX_INDEXERS = 100
TOP_INDEXERS = 10
NAMED_FAILURES = 5
"""Failed indexers a test's message names one by one; it counts the rest."""


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


def indexers_of(indexers: Iterable[Indexer], statuses: Iterable[IndexerStatus]) -> ProwlarrIndexers:
    """The indexer list, each marked failing when Prowlarr's status list names it."""
    blocked = {status.indexer_id: status for status in statuses}
    shown = [
        ProwlarrIndexer(
            id=indexer.id,
            name=indexer.name or f"Indexer {indexer.id}",
            protocol=indexer.protocol,
            enabled=indexer.enable,
            failing=indexer.id in blocked,
            failing_until=blocked[indexer.id].disabled_till if indexer.id in blocked else None,
        )
        for indexer in indexers
    ]
    shown.sort(key=lambda item: (not item.failing, item.name.casefold()))
    return ProwlarrIndexers(
        total=len(shown),
        enabled=sum(item.enabled for item in shown),
        failing=sum(item.failing for item in shown),
        indexers=shown[:MAX_INDEXERS],
    )


def stats_of(indexer: IndexerStatistics) -> ProwlarrIndexerStats:
    return ProwlarrIndexerStats(
        id=indexer.indexer_id,
        name=indexer.indexer_name or f"Indexer {indexer.indexer_id}",
        queries=indexer.queries,
        grabs=indexer.grabs,
        failed_queries=indexer.failed_queries,
        failed_grabs=indexer.failed_grabs,
        average_response_ms=indexer.average_response_time,
    )


def failure_text(result: TestAllResult, names: dict[int, str]) -> str:
    """``Name (id 3): why``, in the indexer test's own words."""
    name = names.get(result.id) or f"indexer {result.id}"
    reasons = [f.error_message for f in result.validation_failures if f.error_message]
    return f"{name} (id {result.id})" + (f": {'; '.join(reasons)}" if reasons else "")


class Prowlarr(Integration["ProwlarrClient"]):
    id = "prowlarr"
    name = "Prowlarr"
    icon = "prowlarr"
    categories = ("media", "indexers")
    docs_url = "https://github.com/Prowlarr/Prowlarr/blob/develop/src/Prowlarr.Api.V1/openapi.json"
    verification = "Built from the Prowlarr API documentation, version v1 (openapi.json 1.0.0)"
    default_port = 9696
    credentials = (ApiKey,)
    client_class = "integrations.prowlarr.client:ProwlarrClient"

    async def test_connection(self, client: ProwlarrClient) -> ServiceInfo:
        from integrations.prowlarr.models import APP_NAME, SystemStatus

        status = await client.get_json("api/v1/system/status", SystemStatus)
        if status.app_name != APP_NAME:
            found = f"{status.app_name}, not Prowlarr" if status.app_name else "not Prowlarr"
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                f"this is {found}: is the URL right?",
                status=200,
                url=client.config.base_url + "/api/v1/system/status",
            )
        details = {
            "instanceName": status.instance_name,
            "branch": status.branch,
            "os": status.os_name,
            "docker": "yes" if status.is_docker else None,
        }
        return ServiceInfo.of(status.version, details)

    @endpoint(
        "indexers",
        name="Indexers",
        description="Every indexer with its protocol, whether it is enabled, and whether "
        "Prowlarr has disabled it after failures (and until when).",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def indexers(self, client: ProwlarrClient) -> ProwlarrIndexers:
        from integrations.prowlarr.models import INDEXER_STATUSES, INDEXERS

        indexers, statuses = await together(
            client.get_json("api/v1/indexer", INDEXERS),
            client.get_json("api/v1/indexerstatus", INDEXER_STATUSES),
        )
        return indexers_of(indexers, statuses)

    @endpoint(
        "stats",
        name="Statistics",
        description=f"Queries, grabs and failures in total, and for the {TOP_INDEXERS} "
        "indexers with the most queries.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def stats(self, client: ProwlarrClient) -> ProwlarrStats:
        from integrations.prowlarr.models import IndexerStats

        answer = await client.get_json("api/v1/indexerstats", IndexerStats)
        indexers = answer.indexers or []
        busiest = sorted(
            indexers, key=lambda i: (-i.queries, (i.indexer_name or "").casefold(), i.indexer_id)
        )
        return ProwlarrStats(
            queries=sum(i.queries for i in indexers),
            grabs=sum(i.grabs for i in indexers),
            failed_queries=sum(i.failed_queries for i in indexers),
            failed_grabs=sum(i.failed_grabs for i in indexers),
            indexers=[stats_of(i) for i in busiest[:TOP_INDEXERS]],
        )

    @action(
        "testIndexers",
        label="Test indexers",
        description="Tests every enabled indexer, as Settings > Indexers > Test All does; fails "
        "naming the indexers that did not pass.",
        affects=("indexers",),
    )
    async def test_indexers(self, client: ProwlarrClient, input: NoInput) -> ActionResult:
        from integrations.prowlarr.models import TEST_ALL_RESULTS

        # 200 when every indexer passed, 400 with the same list when one failed.
        response = await client.request("POST", "api/v1/indexer/testall", expect=(200, 400))
        results = client.try_parse(response, TEST_ALL_RESULTS)
        if results is None:
            if response.status_code == 400:
                raise await client.failure(response)
            results = client.parse(response, TEST_ALL_RESULTS)
        failed = [result for result in results if not result.is_valid]
        if not results:
            return ActionResult(message="Prowlarr has no enabled indexer to test", affected=0)
        if not failed:
            return ActionResult(
                message=f"All {len(results)} enabled indexers passed the test",
                affected=len(results),
            )
        names = await self._indexer_names(client)
        shown = "; ".join(failure_text(result, names) for result in failed[:NAMED_FAILURES])
        more = len(failed) - NAMED_FAILURES
        raise PartiallyApplied(
            f"{len(failed)} of {len(results)} enabled indexers failed the test: {shown}"
            + (f"; and {more} more" if more > 0 else ""),
            status=response.status_code,
            url=response.url,
        )

    async def _indexer_names(self, client: ProwlarrClient) -> dict[int, str]:
        """The indexers' names by id, to name the failed ones; none if they cannot be read
        (the test's outcome is what matters, its ids still say which failed)."""
        from integrations.prowlarr.models import INDEXERS

        try:
            indexers = await client.get_json("api/v1/indexer", INDEXERS)
        except IntegrationError:
            return {}
        return {indexer.id: indexer.name for indexer in indexers if indexer.name}
