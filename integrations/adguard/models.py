"""The parts of AdGuard Home's ``/control`` API answers Tilewire reads (openapi/openapi.yaml)."""

from __future__ import annotations

from integrations.base import UpstreamModel


class ServerStatus(UpstreamModel):
    """``GET /control/status``."""

    version: str
    running: bool
    """Whether the DNS server is running."""
    protection_enabled: bool
    """False while protection is off or paused (``protection_disabled_duration`` ms left)."""


class Stats(UpstreamModel):
    """``GET /control/stats``: totals over the statistics interval (24 hours by default)."""

    num_dns_queries: int
    num_blocked_filtering: int
    """Blocked by filtering rules (block lists, user rules, blocked services)."""
    num_replaced_safebrowsing: int = 0
    """Blocked as malware or phishing."""
    num_replaced_parental: int = 0
    """Blocked as adult sites."""
    num_replaced_safesearch: int = 0
    """Rewritten to a search engine's safe version: answered, not blocked."""
    avg_processing_time: float = 0.0
    """Seconds."""


class Filter(UpstreamModel):
    """One block list of ``filters`` in ``GET /control/filtering/status``."""

    enabled: bool
    rules_count: int
    name: str = ""


class FilterStatus(UpstreamModel):
    """``GET /control/filtering/status``."""

    enabled: bool = True
    filters: list[Filter] | None = None
    """None (JSON null) when no block list was ever added."""
