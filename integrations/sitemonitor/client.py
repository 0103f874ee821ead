"""Checking a site: an HTTP request through the App's transport (its TLS settings, the address
policy, same-origin redirects, bounded bodies), or a TCP connection to an address the policy
allows; the last HISTORY results kept for the uptime."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import errno
import re
import time
from collections import deque
from datetime import UTC, datetime
from typing import Any

import httpcore
import httpx
from cryptography import x509

from integrations.addresses import DEFAULT_POLICY, AddressNotAllowed, AddressPolicyBackend
from integrations.base import ServiceClient
from integrations.cache import RecentStore
from integrations.config import ServiceConfig
from integrations.errors import ErrorCode, IntegrationError
from integrations.sitemonitor.definition import SiteMonitorSettings
from integrations.sitemonitor.models import Check, PeerCertificate, Timings, Trace

HISTORY = 100
"""Checks the uptime counts: kept in this process, and in the processes' shared store (Redis)
when there is one, so that every process counts every check."""
HISTORY_KEPT = 7 * 86400.0
"""Seconds a shared history outlives its last check (an App deleted or reconfigured leaves its
old one to expire)."""
EXPIRY_WARNING_DAYS = 14
"""A certificate expiring sooner is a warning in the payload (an outage once it has expired)."""
BODY_SEARCH_CHARS = 256 * 1024
"""The start of the page the body match searches (bounds a regular expression's work)."""
DEFAULT_PORTS = {"http": 80, "https": 443}

TRACE: contextvars.ContextVar[Trace | None] = contextvars.ContextVar(
    "tilewire_sitemonitor_trace", default=None
)


async def _attach_trace(request: httpx.Request) -> None:
    trace = TRACE.get()
    if trace is not None:
        request.extensions["trace"] = trace


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)


def peer_certificate(der: bytes) -> PeerCertificate:
    cert = x509.load_der_x509_certificate(der)
    return PeerCertificate(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        not_after=cert.not_valid_after_utc,
    )


def expiry_warning(cert: PeerCertificate) -> tuple[int, str | None]:
    """Whole days until ``cert`` expires, and a warning when that is under
    EXPIRY_WARNING_DAYS."""
    left = cert.not_after - datetime.now(UTC)
    days = left.days  # floored: 23 hours left is 0 days
    if left.total_seconds() <= 0:
        return days, f"the certificate expired on {cert.not_after:%Y-%m-%d}"
    if days < EXPIRY_WARNING_DAYS:
        return days, f"the certificate expires in {days} days, on {cert.not_after:%Y-%m-%d}"
    return days, None


class SiteMonitorClient(ServiceClient):
    """Checks one site and remembers whether its last HISTORY checks were up."""

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        self.addresses = DEFAULT_POLICY
        """The address policy the TCP check and the name resolution are held to (the App's,
        set by the integration)."""
        self.times_dns = False
        """Resolve the host name (timed, checked) before an HTTP check: off for a transport
        that connects nowhere (a test's)."""
        self.history: deque[bool] = deque(maxlen=HISTORY)
        """This process's last checks, newest last."""
        self.window: list[bool] = []
        """The checks the uptime counts, newest first: the shared ones when the store answered
        at the last check, else this process's."""
        self._recent: tuple[RecentStore, str] | None = None
        self._hooked: httpx.AsyncClient | None = None

    @property
    def settings(self) -> SiteMonitorSettings:
        extra = self.config.extra
        return extra if isinstance(extra, SiteMonitorSettings) else SiteMonitorSettings()

    @property
    def http(self) -> httpx.AsyncClient:
        client = super().http
        if client is not self._hooked:
            client.event_hooks = {"request": [_attach_trace], "response": []}
            self._hooked = client
        return client

    def share_recent(self, store: RecentStore, name: str) -> None:
        self._recent = (store, f"sitemonitor:{name}")

    def uptime(self) -> tuple[float, int]:
        """Percent (0-100) of the remembered checks that were up, and how many there are."""
        if not self.window:
            return 0.0, 0
        return round(100 * sum(self.window) / len(self.window), 2), len(self.window)

    async def _remember(self, up: bool) -> None:
        self.history.append(up)
        shared = None
        if self._recent is not None:
            store, name = self._recent
            shared = await store.remember(name, b"1" if up else b"0", HISTORY, HISTORY_KEPT)
        if shared is None:
            self.window = list(reversed(self.history))
        else:
            self.window = [item == b"1" for item in shared]

    async def check(self) -> Check:
        """Check the site once (never raises IntegrationError: a down site is a result)."""
        settings = self.settings
        result = await (
            self._check_tcp(settings) if settings.check == "tcp" else self._check_http(settings)
        )
        await self._remember(result.up)
        return result

    async def _resolve(self, host: str, port: int, timings: Timings) -> list[str]:
        """The addresses of ``host`` the policy allows (timed as DNS for a name)."""
        started = time.perf_counter()
        try:
            found = await AddressPolicyBackend(self.addresses).addresses(
                host, port, self.config.connect_timeout
            )
        except AddressNotAllowed as err:
            raise IntegrationError(
                ErrorCode.ADDRESS_NOT_ALLOWED, err.message, url=self.config.base_url
            ) from None
        except httpcore.ConnectTimeout:
            raise IntegrationError(
                ErrorCode.TIMEOUT, f"resolving {host!r} timed out", url=self.config.base_url
            ) from None
        except httpcore.ConnectError:
            raise IntegrationError(
                ErrorCode.DNS_FAILURE, f"cannot resolve host {host!r}", url=self.config.base_url
            ) from None
        if found != [host.strip("[]")]:
            timings.dns_ms = _ms(started)
        return found

    async def _check_http(self, settings: SiteMonitorSettings) -> Check:
        url = httpx.URL(str(self.config.url))
        timings, trace = Timings(), Trace()
        started = time.perf_counter()
        token = TRACE.set(trace)
        status: int | None = None
        error: IntegrationError | None = None
        try:
            if self.times_dns:
                await self._resolve(url.host, url.port or DEFAULT_PORTS[url.scheme], timings)
            # A new connection every time: the check measures (and sees the certificate of)
            # the connection a visitor makes.
            response = await self.send(
                settings.method, str(url), headers={"Connection": "close", "Accept": "*/*"}
            )
            status = response.status_code
            error = await self._judge(response, settings)
        except IntegrationError as err:
            error = err
        finally:
            TRACE.reset(token)
        timings.total_ms = _ms(started)
        timings.connect_ms = trace.took("connection.connect_tcp")
        timings.tls_ms = trace.took("connection.start_tls")
        timings.first_byte_ms = trace.took(
            "http11.send_request_headers", "http11.receive_response_headers"
        )
        certificate: PeerCertificate | None = None
        if trace.peer_der:
            certificate = peer_certificate(trace.peer_der)
        elif error is not None and error.certificate is not None:
            info = error.certificate
            certificate = PeerCertificate(info.subject, info.issuer, info.not_after)
        return Check(error, timings, status, certificate)

    async def _judge(
        self, response: httpx.Response, settings: SiteMonitorSettings
    ) -> IntegrationError | None:
        """Why this answer means down, or None."""
        status = response.status_code
        if not any(low <= status <= high for low, high in settings.statuses):
            if status < 400:
                return IntegrationError(
                    ErrorCode.INVALID_RESPONSE,
                    f"the site answered {status}, not one of {settings.expected_statuses}",
                    status=status,
                    url=response.url,
                )
            return await self.failure(response)
        if not settings.body_match or settings.method == "HEAD":
            return None
        text = response.content[:BODY_SEARCH_CHARS].decode(response.encoding or "utf-8", "replace")
        if settings.body_is_regex:
            found = re.search(settings.body_match, text) is not None
            what = "does not match the regular expression"
        else:
            found = settings.body_match in text
            what = "does not contain the expected text"
        if found:
            return None
        return IntegrationError(
            ErrorCode.INVALID_RESPONSE,
            f"the page {what} ({self.detail(settings.body_match, limit=80)})",
            status=status,
            url=response.url,
        )

    async def _check_tcp(self, settings: SiteMonitorSettings) -> Check:
        url = httpx.URL(str(self.config.url))
        port = settings.tcp_port or url.port or DEFAULT_PORTS[url.scheme]
        target = f"{url.host}:{port}"
        timings = Timings()
        started = time.perf_counter()
        error: IntegrationError | None = None
        try:
            error = await self._connect(await self._resolve(url.host, port, timings), port, timings)
        except IntegrationError as err:
            error = err
        if error is not None and error.url is None:
            error = IntegrationError(error.code, f"{target}: {error.message}")
        timings.total_ms = _ms(started)
        return Check(error, timings)

    async def _connect(
        self, addresses: list[str], port: int, timings: Timings
    ) -> IntegrationError | None:
        """Open a connection to the first address that takes one (and close it)."""
        failure: IntegrationError | None = None
        for address in addresses:
            started = time.perf_counter()
            try:
                async with asyncio.timeout(self.config.connect_timeout):
                    _reader, writer = await asyncio.open_connection(address, port)
            except TimeoutError:
                failure = failure or IntegrationError(
                    ErrorCode.TIMEOUT,
                    f"no connection within {self.config.connect_timeout:g} s",
                )
                continue
            except OSError as err:
                refused = isinstance(err, ConnectionRefusedError) or err.errno == errno.ECONNREFUSED
                failure = failure or IntegrationError(
                    ErrorCode.CONNECTION_REFUSED if refused else ErrorCode.UNKNOWN,
                    "connection refused: is the port right?"
                    if refused
                    else f"cannot connect ({err.strerror or type(err).__name__})",
                )
                continue
            timings.connect_ms = _ms(started)
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
            return None
        return failure
