"""Uptime Kuma's HTTP APIs: the public status-page API, and the Prometheus ``/metrics``.

Status-page data (``/api/status-page/{slug}``, ``/api/status-page/heartbeat/{slug}``) needs no
credentials; Uptime Kuma caches those answers (5 minutes for the page, 1 minute for the beats).
``/metrics`` takes HTTP basic auth: an API key as the password (any username) once API keys
exist, else a username and password, and nothing when authentication is disabled. A refusal
is 401 with a ``WWW-Authenticate: Basic`` challenge.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient, together
from integrations.config import ApiKey, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.uptimekuma.definition import MONITOR_STATUS, UptimeKumaSettings
from integrations.uptimekuma.models import Failure, Heartbeats, StatusPageData

STATUS_PAGE_PATH = "api/status-page"
METRICS_PATH = "metrics"
MAX_REASON_LENGTH = 200

_FAILURE: TypeAdapter[Failure] = TypeAdapter(Failure)
_SAMPLE = re.compile(r"^(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?P<labels>.*)\})?\s+(?P<value>\S+)")
_LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?')
_ESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n"}


@dataclass(frozen=True, slots=True)
class Sample:
    """One line of the Prometheus text format."""

    name: str
    labels: dict[str, str]
    value: float


def _unescape(text: str) -> str:
    return re.sub(r"\\[\\\"n]", lambda m: _ESCAPES[m.group(0)], text)


def parse_samples(text: str, names: frozenset[str]) -> list[Sample]:
    """The samples of the metrics named ``names`` in a Prometheus text exposition."""
    samples: list[Sample] = []
    for line in text.splitlines():
        match = _SAMPLE.match(line)
        if match is None or match["name"] not in names:
            continue
        labels = {key: _unescape(value) for key, value in _LABEL.findall(match["labels"] or "")}
        try:
            value = float(match["value"])
        except ValueError:
            continue
        samples.append(Sample(match["name"], labels, value))
    return samples


def finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


class UptimeKumaClient(ServiceClient):
    """An Uptime Kuma client: public status-page reads, and ``/metrics`` with basic auth."""

    @property
    def settings(self) -> UptimeKumaSettings:
        extra = self.config.extra
        return extra if isinstance(extra, UptimeKumaSettings) else UptimeKumaSettings()

    def metrics_auth(self) -> httpx.Auth | None:
        key = self.credentials_as(ApiKey)
        if key is not None:
            return httpx.BasicAuth("", key.api_key.get_secret_value())
        login = self.credentials_as(UsernamePassword)
        if login is not None:
            return httpx.BasicAuth(login.username, login.password.get_secret_value())
        return None

    # --- status page ---------------------------------------------------------------------

    def slug(self) -> str:
        slug = self.settings.slug.lower()  # Uptime Kuma matches slugs in lower case
        if not slug:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "set the status page slug (the end of http://kuma:3001/status/<slug>) to read "
                "the monitors of that page",
            )
        return slug

    async def status_page(self) -> tuple[StatusPageData, Heartbeats]:
        """The status page and its heartbeats, read together."""
        slug = self.slug()
        page, beats = await together(
            self._page_call(f"{STATUS_PAGE_PATH}/{slug}"),
            self._page_call(f"{STATUS_PAGE_PATH}/heartbeat/{slug}"),
        )
        return self.parse(page, StatusPageData), self.parse(beats, Heartbeats)

    async def _page_call(self, path: str) -> httpx.Response:
        response = await self.request("GET", path, expect=(200, 403, 404, 503))
        if response.status_code == 200:
            return response
        try:
            failure = _FAILURE.validate_json(response.content)
        except ValueError:
            raise IntegrationError.for_status(response.status_code, response.url) from None
        reason = failure.msg[:MAX_REASON_LENGTH]
        if response.status_code == 404:
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"Uptime Kuma has no status page {self.settings.slug!r} ({reason}): check the "
                "slug in the status page's address",
                status=404,
                url=response.url,
            )
        raise IntegrationError(
            ErrorCode.UPSTREAM_ERROR,
            f"Uptime Kuma could not serve the status page (HTTP {response.status_code}): {reason}",
            status=response.status_code,
            url=response.url,
        )

    # --- metrics -------------------------------------------------------------------------

    async def metrics(self, names: frozenset[str]) -> list[Sample]:
        """The samples of ``names`` from ``/metrics``; a refusal is UNAUTHORIZED."""
        auth = self.metrics_auth()
        response = await self.request("GET", METRICS_PATH, auth=auth, expect=(200, 401))
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Uptime Kuma rejected the credentials for /metrics: use an API key (Settings > "
                "API Keys), or the username and password when no API key exists"
                if auth is not None
                else "Uptime Kuma asks for credentials for /metrics: create an API key under "
                "Settings > API Keys",
                status=401,
                url=response.url,
            )
        text = response.text
        if f"# TYPE {MONITOR_STATUS} gauge" not in text:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the /metrics answer has no monitor_status gauge: is the URL right and is this "
                "Uptime Kuma?",
                status=response.status_code,
                url=response.url,
            )
        return parse_samples(text, names)
