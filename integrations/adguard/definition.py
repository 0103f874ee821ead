"""AdGuard Home: queries, blocks, protection and block lists as DnsBlockerSummary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integrations.actions import ActionResult, DurationInput, NoInput, action
from integrations.base import together
from integrations.capabilities import DnsBlockerSummary
from integrations.config import NoCredentials, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.adguard.client import AdguardClient
    from integrations.adguard.models import FilterStatus, ServerStatus, Stats


PROTECTION_PATH = "control/protection"


def blocked_of(stats: Stats) -> int:
    """Queries AdGuard Home answered with a block: by filtering rules, as malware/phishing
    (safe browsing) or as adult content (parental control). Safe search rewrites a query to a
    search engine's safe address and answers it, so it does not count."""
    return (
        stats.num_blocked_filtering + stats.num_replaced_safebrowsing + stats.num_replaced_parental
    )


def summary_of(stats: Stats, status: ServerStatus, filtering: FilterStatus) -> DnsBlockerSummary:
    blocked = blocked_of(stats)
    queries = stats.num_dns_queries
    return DnsBlockerSummary(
        queries=queries,
        blocked=blocked,
        percent_blocked=100.0 * blocked / queries if queries else 0.0,
        blocking_enabled=status.protection_enabled,
        domains_on_lists=sum(f.rules_count for f in filtering.filters or () if f.enabled),
        clients=None,
    )


class Adguard(Integration["AdguardClient"]):
    """AdGuard Home's web API (``/control``)."""

    id = "adguard"
    name = "AdGuard Home"
    icon = "adguard-home"
    categories = ("dns", "network")
    docs_url = "https://github.com/AdguardTeam/AdGuardHome/blob/master/openapi/openapi.yaml"
    verification = "Built from the AdGuard Home API documentation, version 0.107 (openapi.yaml)"
    default_port = 80
    credentials = (UsernamePassword, NoCredentials)
    client_class = "integrations.adguard.client:AdguardClient"

    async def test_connection(self, client: AdguardClient) -> ServiceInfo:
        from integrations.adguard.models import ServerStatus

        # Every /control route needs the credentials once a user exists: status proves them.
        status = await client.get_json("control/status", ServerStatus)
        return ServiceInfo(
            version=status.version,
            details={
                "dnsServer": "running" if status.running else "stopped",
                "protection": "enabled" if status.protection_enabled else "disabled",
            },
        )

    @endpoint(
        "summary",
        name="Summary",
        description="Queries and blocked queries over the statistics interval (24 hours by "
        "default), whether protection is on, and the rules of the enabled block lists.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def summary(self, client: AdguardClient) -> DnsBlockerSummary:
        from integrations.adguard.models import FilterStatus, ServerStatus, Stats

        stats, status, filtering = await together(
            client.get_json("control/stats", Stats),
            client.get_json("control/status", ServerStatus),
            client.get_json("control/filtering/status", FilterStatus),
        )
        return summary_of(stats, status, filtering)

    # --- actions -------------------------------------------------------------------------------

    @action(
        "disableBlocking",
        label="Disable protection",
        description="Pauses protection (filtering) for the given time; AdGuard Home resumes it "
        "itself.",
        input=DurationInput,
        affects=("summary",),
    )
    async def disable_blocking(self, client: AdguardClient, input: DurationInput) -> ActionResult:
        # duration: milliseconds of the pause (SetProtectionRequest in openapi.yaml).
        await self._set_protection(client, {"enabled": False, "duration": input.seconds * 1000})
        return ActionResult(message=f"Protection paused for {input.in_words()}")

    @action(
        "enableBlocking",
        label="Enable protection",
        description="Turns protection (filtering) back on, ending a pause.",
        affects=("summary",),
    )
    async def enable_blocking(self, client: AdguardClient, input: NoInput) -> ActionResult:
        await self._set_protection(client, {"enabled": True})
        return ActionResult(message="Protection enabled")

    async def _set_protection(self, client: AdguardClient, body: dict[str, object]) -> None:
        response = await client.request("POST", PROTECTION_PATH, json=body, expect=(200, 400))
        if response.status_code == 400:
            # A request AdGuard Home could not apply; its plain-text reason says why.
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"AdGuard Home refused the protection change: {client.detail(response.text)}",
                status=400,
                url=response.url,
            )
