"""Pi-hole v6 or v5: today's queries and blocks as DnsBlockerSummary, and the most blocked
domains."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from integrations.actions import ActionResult, DurationInput, NoInput, action
from integrations.base import together
from integrations.capabilities import DnsBlockerSummary, Payload
from integrations.config import ConfigModel, Credentials, NoCredentials, Secret, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.pihole.client import PiholeClient
    from integrations.pihole.models import V5Summary, V6Blocking, V6Summary

TOP_COUNT = 10
ENABLED = "enabled"
DISABLED = "disabled"
BLOCKING_PATH = "api/dns/blocking"


class PiholePassword(Credentials):
    """Pi-hole v6: the web interface password or an app password."""

    label = "Password (Pi-hole v6)"
    type: Literal["password"] = "password"
    password: Secret = field(
        "Password",
        min_length=1,
        help="Pi-hole v6: the web interface password, or an app password (Settings > Web "
        "interface / API > Configure app password), which also works with 2FA on.",
    )


class PiholeApiToken(Credentials):
    """Pi-hole v5: the API token."""

    label = "API token (Pi-hole v5)"
    type: Literal["apiToken"] = "apiToken"
    api_token: Secret = field(
        "API token",
        min_length=1,
        help="Pi-hole v5: Settings > API / Web interface > Show API token.",
    )


class PiholeSettings(ConfigModel):
    """Which API generation to use."""

    api_version: Literal["auto", "6", "5"] = field(
        "API version",
        default="auto",
        help="auto detects it: 6 for Pi-hole v6 (REST API), 5 for Pi-hole v5 (admin/api.php).",
    )


class PiholeDomainCount(Payload):
    domain: str
    count: int = Field(description="blocked queries for this domain")


class PiholeTopDomains(Payload):
    """The most blocked domains, most blocked first."""

    domains: list[PiholeDomainCount]
    blocked_queries: int | None = Field(
        None, description="all blocked queries in the period Pi-hole reports (24 h)"
    )


def summary_v6(summary: V6Summary, blocking: V6Blocking) -> DnsBlockerSummary:
    return DnsBlockerSummary(
        queries=summary.queries.total,
        blocked=summary.queries.blocked,
        percent_blocked=summary.queries.percent_blocked,
        blocking_enabled=blocking.blocking == ENABLED,
        domains_on_lists=summary.gravity.domains_being_blocked if summary.gravity else None,
        clients=summary.clients.active if summary.clients else None,
    )


def summary_v5(summary: V5Summary) -> DnsBlockerSummary:
    domains = summary.domains_being_blocked
    return DnsBlockerSummary(
        queries=summary.dns_queries_today,
        blocked=summary.ads_blocked_today,
        percent_blocked=summary.ads_percentage_today,
        blocking_enabled=summary.status == ENABLED,
        domains_on_lists=domains if isinstance(domains, int) else None,
        clients=summary.unique_clients,
    )


def check_blocking(reported: str, wanted: str, url: object) -> None:
    """Pi-hole answers the status it applied: anything but ``wanted`` (``failed``, say) is a
    refusal."""
    if reported != wanted:
        raise IntegrationError(
            ErrorCode.UPSTREAM_ERROR,
            f"Pi-hole reports blocking {reported!r} instead of {wanted!r}",
            url=url,
        )


def top_domains(counts: dict[str, int], blocked: int | None) -> PiholeTopDomains:
    ranked = sorted(counts.items(), key=lambda item: -item[1])[:TOP_COUNT]
    return PiholeTopDomains(
        domains=[PiholeDomainCount(domain=domain, count=count) for domain, count in ranked],
        blocked_queries=blocked,
    )


class Pihole(Integration["PiholeClient"]):
    """Pi-hole v6 (REST API) or v5 (admin/api.php), detected or chosen."""

    id = "pihole"
    name = "Pi-hole"
    icon = "pi-hole"
    categories = ("dns", "network")
    docs_url = "https://docs.pi-hole.net/api/"
    verification = (
        "Built from the Pi-hole API documentation, version 6 (FTL OpenAPI specs) and "
        "version 5 (pi-hole/web api.php, web v5.18+)"
    )
    default_port = 80
    credentials = (PiholePassword, PiholeApiToken, NoCredentials)
    extra = PiholeSettings
    client_class = "integrations.pihole.client:PiholeClient"

    async def test_connection(self, client: PiholeClient) -> ServiceInfo:
        from integrations.pihole.models import V5Summary, V5Versions, V6VersionAnswer

        if await client.api_version() == "6":
            # Needs a session when a password is set: proves the password.
            answer = await client.v6("api/info/version", V6VersionAnswer)
            versions = answer.version
            details = {
                "apiVersion": "6",
                "ftl": versions.ftl.local.version if versions.ftl else None,
                "web": versions.web.local.version if versions.web else None,
            }
            return ServiceInfo.of(versions.core.local.version, details)
        # api.php?versions needs no token: the summary proves it.
        summary, found = await together(
            client.v5(V5Summary, summaryRaw=""), client.v5(V5Versions, versions="")
        )
        details = {
            "apiVersion": "5",
            "ftl": found.FTL_current,
            "web": found.web_current,
            "blocking": summary.status,
        }
        return ServiceInfo.of(found.core_current, details)

    @endpoint(
        "summary",
        name="Summary",
        description="Queries and blocked queries of the last 24 hours, whether blocking is on, "
        "domains on the block lists and active clients.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def summary(self, client: PiholeClient) -> DnsBlockerSummary:
        from integrations.pihole.models import V5Summary, V6Blocking, V6Summary

        if await client.api_version() == "6":
            summary, blocking = await together(
                client.v6("api/stats/summary", V6Summary),
                client.v6("api/dns/blocking", V6Blocking),
            )
            return summary_v6(summary, blocking)
        return summary_v5(await client.v5(V5Summary, summaryRaw=""))

    @endpoint(
        "topBlocked",
        name="Top blocked domains",
        description=f"The {TOP_COUNT} most blocked domains of the last 24 hours.",
        ttl=60.0,
        min_refresh=30.0,
    )
    async def top_blocked(self, client: PiholeClient) -> PiholeTopDomains:
        from integrations.pihole.models import V5TopItems, V6TopDomains

        if await client.api_version() == "6":
            answer = await client.v6(
                "api/stats/top_domains", V6TopDomains, blocked="true", count=TOP_COUNT
            )
            counts = {item.domain: item.count for item in answer.domains}
            return top_domains(counts, answer.blocked_queries)
        items = await client.v5(V5TopItems, summaryRaw="", topItems=TOP_COUNT)
        return top_domains(items.top_ads, items.ads_blocked_today)

    # --- actions -------------------------------------------------------------------------------

    @action(
        "disableBlocking",
        label="Disable blocking",
        description="Turns DNS blocking off for the given time; Pi-hole turns it back on itself.",
        input=DurationInput,
        affects=("summary",),
    )
    async def disable_blocking(self, client: PiholeClient, input: DurationInput) -> ActionResult:
        await self._set_blocking(client, enabled=False, seconds=input.seconds)
        return ActionResult(message=f"Blocking disabled for {input.in_words()}")

    @action(
        "enableBlocking",
        label="Enable blocking",
        description="Turns DNS blocking back on (and cancels a timer that would have).",
        affects=("summary",),
    )
    async def enable_blocking(self, client: PiholeClient, input: NoInput) -> ActionResult:
        await self._set_blocking(client, enabled=True, seconds=None)
        return ActionResult(message="Blocking enabled")

    async def _set_blocking(
        self, client: PiholeClient, *, enabled: bool, seconds: int | None
    ) -> None:
        from integrations.pihole.models import V5BlockingStatus, V6BlockingChange, V6Error

        wanted = ENABLED if enabled else DISABLED
        if await client.api_version() == "6":
            # timer: seconds until the opposite status returns; null makes the change permanent.
            body = {"blocking": enabled, "timer": seconds}
            response = await client.request("POST", BLOCKING_PATH, json=body, expect=(200, 400))
            if response.status_code == 400:
                error = client.try_parse(response, V6Error)
                words = client.detail(error.error.message if error else response.text)
                raise IntegrationError(
                    ErrorCode.UPSTREAM_ERROR,
                    f"Pi-hole refused the blocking change: {words}",
                    status=400,
                    url=response.url,
                )
            check_blocking(client.parse(response, V6BlockingChange).blocking, wanted, response.url)
            return
        # v5: api.php?disable=<seconds> runs `pihole disable <seconds>s`; ?enable, `pihole enable`.
        query: dict[str, str | int] = {"disable": seconds or 0} if not enabled else {"enable": ""}
        answer = await client.v5(V5BlockingStatus, **query)
        check_blocking(answer.status, wanted, None)
