"""Technitium DNS Server: queries, blocks, blocking state and block lists as DnsBlockerSummary,
with blocking paused and resumed as actions."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from integrations.actions import ActionResult, DurationInput, NoInput, action
from integrations.base import together
from integrations.capabilities import DnsBlockerSummary
from integrations.config import BearerToken
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.technitium.client import TechnitiumClient
    from integrations.technitium.models import Settings, Stats

STATS_PATH = "api/dashboard/stats/get"
SETTINGS_PATH = "api/settings/get"
SET_PATH = "api/settings/set"
DISABLE_PATH = "api/settings/temporaryDisableBlocking"
STATS_PERIOD = {"type": "LastDay", "utc": "true"}


def summary_of(stats: Stats, settings: Settings) -> DnsBlockerSummary:
    queries, blocked = stats.total_queries, stats.total_blocked
    lists = None
    if stats.block_list_zones is not None or stats.blocked_zones is not None:
        lists = (stats.block_list_zones or 0) + (stats.blocked_zones or 0)
    return DnsBlockerSummary(
        queries=queries,
        blocked=blocked,
        percent_blocked=100.0 * blocked / queries if queries else 0.0,
        blocking_enabled=settings.enable_blocking,
        domains_on_lists=lists,
        clients=stats.total_clients,
    )


class Technitium(Integration["TechnitiumClient"]):
    """Technitium DNS Server's HTTP API (``/api``), version 15.0 and later."""

    id = "technitium"
    name = "Technitium DNS"
    icon = "technitium"
    categories = ("dns", "network")
    docs_url = "https://github.com/TechnitiumSoftware/DnsServer/blob/master/APIDOCS.md"
    verification = "Built from the Technitium DNS Server API documentation, version 15.2"
    default_port = 5380
    credentials = (BearerToken,)
    client_class = "integrations.technitium.client:TechnitiumClient"

    async def test_connection(self, client: TechnitiumClient) -> ServiceInfo:
        from integrations.technitium.models import Settings

        settings = await client.api(SETTINGS_PATH, Settings)
        return ServiceInfo.of(
            settings.version,
            {"blocking": "enabled" if settings.enable_blocking else "disabled"},
        )

    @endpoint(
        "summary",
        name="Summary",
        description="Queries and blocked queries over the last day, clients, whether blocking "
        "is on, and the domains on block lists and blocked zones.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def summary(self, client: TechnitiumClient) -> DnsBlockerSummary:
        from integrations.technitium.models import DashboardStats, Settings

        stats, settings = await together(
            client.api(STATS_PATH, DashboardStats, params=STATS_PERIOD),
            client.api(SETTINGS_PATH, Settings),
        )
        return summary_of(stats.stats, settings)

    # --- actions -------------------------------------------------------------------------------

    @action(
        "disableBlocking",
        label="Disable blocking",
        description="Pauses the block lists and blocked zones for the given time, in whole "
        "minutes (rounded up); Technitium DNS resumes blocking itself.",
        input=DurationInput,
        affects=("summary",),
    )
    async def disable_blocking(
        self, client: TechnitiumClient, input: DurationInput
    ) -> ActionResult:
        from integrations.technitium.models import DisabledTill

        minutes = math.ceil(input.seconds / 60)
        till = await client.change(DISABLE_PATH, DisabledTill, {"minutes": str(minutes)})
        return ActionResult(
            message=f"Blocking paused for {minutes} minute{'s' if minutes != 1 else ''}, until "
            f"{till.temporary_disable_blocking_till:%H:%M} UTC"
        )

    @action(
        "enableBlocking",
        label="Enable blocking",
        description="Turns blocking back on, ending a pause.",
        affects=("summary",),
    )
    async def enable_blocking(self, client: TechnitiumClient, input: NoInput) -> ActionResult:
        from pydantic import TypeAdapter

        await client.change(SET_PATH, TypeAdapter(Any), {"enableBlocking": "true"})
        return ActionResult(message="Blocking enabled")
