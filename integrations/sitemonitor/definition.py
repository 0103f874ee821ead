"""Site monitor: whether a site answers as expected, how fast, and its certificate's expiry."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from integrations.addresses import AddressPolicy
from integrations.capabilities import Payload
from integrations.config import ConfigModel, NoCredentials, ServiceConfig, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.sitemonitor.client import SiteMonitorClient

MAX_STATUSES_CHARS = 200
MAX_BODY_MATCH_CHARS = 500
_STATUS_ENTRY = r"\d{3}(?:\s*-\s*\d{3})?"
STATUSES_PATTERN = rf"^\s*{_STATUS_ENTRY}(?:\s*,\s*{_STATUS_ENTRY})*\s*$"
"""The validator's rule for the config schema: statuses and ranges separated by commas."""


def parse_statuses(text: str) -> tuple[tuple[int, int], ...]:
    """``"200-299, 301"`` as inclusive ranges; raises ValueError naming a wrong entry."""
    ranges: list[tuple[int, int]] = []
    for entry in (part.strip() for part in text.split(",")):
        low, dash, high = (side.strip() for side in entry.partition("-"))
        if not low.isdigit() or (dash and not high.isdigit()):
            raise ValueError(f"{entry!r} is not a status or a range such as 200-299")
        first, last = int(low), int(high or low)
        if not (100 <= first <= last <= 599):
            raise ValueError(f"{entry!r} is not a status range within 100-599")
        ranges.append((first, last))
    return tuple(ranges)


class SiteMonitorSettings(ConfigModel):
    """How the site is checked and what counts as up."""

    check: Literal["http", "tcp"] = field(
        "Check",
        default="http",
        help="http: request the URL and check the answer; tcp: only open a connection to the "
        "URL's host and port (or the TCP port below).",
    )
    method: Literal["GET", "HEAD"] = field(
        "HTTP method", default="GET", help="HEAD skips the body (no body check then)."
    )
    expected_statuses: str = field(
        "Expected statuses",
        default="200-299",
        max_length=MAX_STATUSES_CHARS,
        schema_pattern=STATUSES_PATTERN,
        help="Statuses that mean up: single ones and ranges, comma separated (200-299, 401).",
    )
    body_is_regex: bool = field(
        "Body match is a regular expression",
        default=False,
        help="Search the page with the text below as a Python regular expression.",
    )
    body_match: str = field(
        "Body must contain",
        default="",
        max_length=MAX_BODY_MATCH_CHARS,
        help="Text the page must contain (empty: no body check).",
    )
    tcp_port: int | None = field(
        "TCP port",
        default=None,
        ge=1,
        le=65535,
        help="For the tcp check: the port to connect to (empty: the URL's port).",
    )

    @field_validator("expected_statuses")
    @classmethod
    def _statuses(cls, value: str) -> str:
        parse_statuses(value)
        return value

    @field_validator("body_match")
    @classmethod
    def _compiles(cls, value: str, info: ValidationInfo) -> str:
        if value and info.data.get("body_is_regex"):
            try:
                re.compile(value)
            except re.error as err:
                raise ValueError(f"is not a regular expression ({err})") from None
        return value

    @property
    def statuses(self) -> tuple[tuple[int, int], ...]:
        return parse_statuses(self.expected_statuses)


class SiteMonitorStatus(Payload):
    """Whether the site is up by its last check, how long each step took, its certificate,
    and its uptime over the last checks (of every process sharing Redis)."""

    up: bool = Field(description="True when the last check succeeded")
    check: str = Field(description="http or tcp")
    reason: str | None = Field(None, description="why the site is down (the error message)")
    reason_code: str | None = Field(None, description="the error code when down, e.g. TIMEOUT")
    status_code: int | None = Field(None, description="the HTTP status of the answer (http)")
    latency_ms: float = Field(description="milliseconds the whole check took")
    dns_ms: float | None = Field(
        None, description="milliseconds resolving the host name (none for an address)"
    )
    connect_ms: float | None = Field(None, description="milliseconds opening the TCP connection")
    tls_ms: float | None = Field(None, description="milliseconds of the TLS handshake (https)")
    first_byte_ms: float | None = Field(
        None, description="milliseconds from sending the request to the answer's headers (http)"
    )
    certificate_days_left: int | None = Field(
        None, description="whole days until the certificate expires, negative once expired"
    )
    certificate_subject: str | None = Field(
        None, description="the certificate's subject (RFC 4514)"
    )
    certificate_issuer: str | None = Field(None, description="the certificate's issuer (RFC 4514)")
    warning: str | None = Field(None, description="a problem that is no outage yet")
    uptime_percent: float = Field(description="percent 0-100 of the last checks that were up")
    checks: int = Field(description="how many checks the uptime counts (at most 100)")


class SiteMonitor(Integration["SiteMonitorClient"]):
    id = "sitemonitor"
    name = "Site monitor"
    icon = "sitemonitor"
    categories = ("monitoring",)
    docs_url = "https://www.rfc-editor.org/rfc/rfc9110"
    verification = (
        "Built from the HTTP semantics of RFC 9110; tested against local HTTP, HTTPS and TCP "
        "servers"
    )
    credentials = (NoCredentials,)
    extra = SiteMonitorSettings
    client_class = "integrations.sitemonitor.client:SiteMonitorClient"

    def create_client(
        self, config: ServiceConfig, *, addresses: AddressPolicy | None = None, **kwargs: Any
    ) -> SiteMonitorClient:
        connects = kwargs.get("transport") is None  # not a transport a test stands in with
        client = super().create_client(config, addresses=addresses, **kwargs)
        client.times_dns = connects
        if addresses is not None:
            client.addresses = addresses  # the TCP check and the name check enforce it too
        return client

    async def test_connection(self, client: SiteMonitorClient) -> ServiceInfo:
        result = await client.check()
        if result.error is not None:
            raise result.error
        details = {"latency": f"{result.timings.total_ms:.0f} ms"}
        if result.status is not None:
            details["status"] = str(result.status)
        return ServiceInfo.of(None, details)

    @endpoint(
        "status",
        name="Status",
        description="Checks the site now: up or down with the reason, the time each step took, "
        "the certificate's expiry, and the uptime over the last checks.",
        ttl=60.0,
        min_refresh=10.0,
    )
    async def status(self, client: SiteMonitorClient) -> SiteMonitorStatus:
        from integrations.sitemonitor.client import expiry_warning

        result = await client.check()
        uptime, checks = client.uptime()
        cert = result.certificate
        days, warning = expiry_warning(cert) if cert is not None else (None, None)
        timings = result.timings
        return SiteMonitorStatus(
            up=result.up,
            check=client.settings.check,
            reason=result.error.message if result.error is not None else None,
            reason_code=result.error.code.value if result.error is not None else None,
            status_code=result.status,
            latency_ms=timings.total_ms,
            dns_ms=timings.dns_ms,
            connect_ms=timings.connect_ms,
            tls_ms=timings.tls_ms,
            first_byte_ms=timings.first_byte_ms,
            certificate_days_left=days,
            certificate_subject=cert.subject if cert is not None else None,
            certificate_issuer=cert.issuer if cert is not None else None,
            warning=warning if result.up else None,
            uptime_percent=uptime,
            checks=checks,
        )
