"""The parts of Pi-hole's API answers Tilewire reads (v6 REST API and v5 ``admin/api.php``)."""

from __future__ import annotations

from typing import Any

from pydantic import field_validator

from integrations.base import UpstreamModel

# --- v6: the REST API of pihole-FTL (src/api/docs/content/specs/*.yaml) ---------------------


class V6Session(UpstreamModel):
    """``session`` of ``GET``/``POST /api/auth``."""

    valid: bool
    sid: str | None = None
    """None when the Pi-hole has no password (every client is authenticated)."""
    validity: int = -1
    """Seconds the session lives unless used (each authenticated request renews it)."""


class V6Auth(UpstreamModel):
    """``GET /api/auth`` (no credentials needed) and ``POST /api/auth``."""

    session: V6Session


class V6ErrorDetail(UpstreamModel):
    key: str
    message: str
    hint: str | None = None


class V6Error(UpstreamModel):
    """Every v6 error answer: ``{"error": {"key", "message", "hint"}, "took"}``."""

    error: V6ErrorDetail


class V6Queries(UpstreamModel):
    total: int
    blocked: int
    percent_blocked: float


class V6Clients(UpstreamModel):
    active: int
    """Clients seen in the last 24 hours."""


class V6Gravity(UpstreamModel):
    domains_being_blocked: int


class V6Summary(UpstreamModel):
    """``GET /api/stats/summary``."""

    queries: V6Queries
    clients: V6Clients | None = None
    gravity: V6Gravity | None = None


class V6Blocking(UpstreamModel):
    """``GET /api/dns/blocking``: ``enabled``, ``disabled``, ``failed`` or ``unknown``."""

    blocking: str


class V6BlockingChange(UpstreamModel):
    """``POST /api/dns/blocking``: the blocking status now, and the seconds until it flips back
    (None when the change is permanent)."""

    blocking: str
    timer: float | None = None


class V6DomainCount(UpstreamModel):
    domain: str
    count: int


class V6TopDomains(UpstreamModel):
    """``GET /api/stats/top_domains?blocked=true``."""

    domains: list[V6DomainCount]
    blocked_queries: int | None = None


class V6ComponentLocal(UpstreamModel):
    version: str | None = None


class V6Component(UpstreamModel):
    local: V6ComponentLocal


class V6Versions(UpstreamModel):
    core: V6Component
    web: V6Component | None = None
    ftl: V6Component | None = None


class V6VersionAnswer(UpstreamModel):
    """``GET /api/info/version``."""

    version: V6Versions


# --- v5: pi-hole/web (AdminLTE) admin/api.php, backed by FTL v5 --------------------------


class V5ApiVersion(UpstreamModel):
    """``api.php?version`` (no token needed): ``{"version": 3}``."""

    version: int


class V5Summary(UpstreamModel):
    """``api.php?summaryRaw``: FTL's ``>stats`` as numbers (PHP writes them as floats)."""

    domains_being_blocked: int | str
    """A string ("N/A") when FTL does not know the count."""
    dns_queries_today: int
    ads_blocked_today: int
    ads_percentage_today: float
    unique_clients: int | None = None
    status: str
    """``enabled`` or ``disabled``."""


class V5TopItems(V5Summary):
    """``api.php?summaryRaw&topItems=N``: the summary plus the most queried and blocked."""

    top_ads: dict[str, int]

    @field_validator("top_ads", mode="before")
    @classmethod
    def _empty_list(cls, value: Any) -> Any:
        # PHP encodes an empty array as [] (no domain blocked yet, or hidden by privacy level).
        return {} if value == [] else value


class V5Versions(UpstreamModel):
    """``api.php?versions`` (no token needed)."""

    core_current: str
    web_current: str | None = None
    FTL_current: str | None = None


class V5BlockingStatus(UpstreamModel):
    """``api.php?enable`` and ``api.php?disable=<seconds>``: ``{"status": "enabled"}`` or
    ``{"status": "disabled"}`` once ``pihole enable``/``disable`` has run."""

    status: str
