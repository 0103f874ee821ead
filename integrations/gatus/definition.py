"""Gatus: its endpoints, up or down by their last result, with uptime and response time over
the last results, problems first."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ConfigModel, NoCredentials, UsernamePassword, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.gatus.client import GatusClient
    from integrations.gatus.models import EndpointStatus

STATUSES_PATH = "api/v1/endpoints/statuses"
MAX_ENDPOINTS = 50
"""Endpoints a payload lists (the counts cover every endpoint)."""
MAX_ERROR_CHARS = 300


class GatusSettings(ConfigModel):
    """Which endpoints to show, and over how many results."""

    group: str = field(
        "Group",
        default="",
        max_length=200,
        help="Only the endpoints of this group (empty: every endpoint).",
    )
    results: int = field(
        "Results",
        default=20,
        ge=1,
        le=100,
        help="How many of each endpoint's last results the uptime and response time cover "
        "(Gatus keeps 100 by default).",
    )


class GatusEndpoint(Payload):
    name: str
    group: str | None = None
    key: str = Field(description="Gatus' key of the endpoint (group_name)")
    up: bool | None = Field(description="whether its last result succeeded; null before any result")
    status_code: int | None = Field(None, description="the last result's HTTP status")
    response_time_ms: float | None = Field(
        None, description="milliseconds the last evaluation took"
    )
    average_response_time_ms: float | None = Field(
        None, description="milliseconds, the mean over the results counted"
    )
    uptime_percent: float | None = Field(
        None, description="percent 0-100 of the results counted that succeeded"
    )
    results: int = Field(description="how many results the uptime and average count")
    last_check: datetime | None = Field(None, description="when the last result was taken")
    error: str | None = Field(None, description="the last result's first error, when it failed")


class GatusStatus(Payload):
    """Gatus' endpoints counted by their last result, and the first 50 listed, down first."""

    up: int
    down: int
    unknown: int = Field(description="endpoints without a result yet")
    total: int
    endpoints: list[GatusEndpoint] = Field(
        description="down first, then without a result, then up; by group and name (at most 50)"
    )


def _endpoint(status: EndpointStatus) -> GatusEndpoint:
    results = status.results
    last = results[-1] if results else None
    durations = [result.duration / 1e6 for result in results]
    return GatusEndpoint(
        name=status.name or status.key,
        group=status.group or None,
        key=status.key,
        up=last.success if last is not None else None,
        status_code=last.status if last is not None and last.status else None,
        response_time_ms=round(durations[-1], 2) if durations else None,
        average_response_time_ms=round(sum(durations) / len(durations), 2) if durations else None,
        uptime_percent=(
            round(100 * sum(r.success for r in results) / len(results), 2) if results else None
        ),
        results=len(results),
        last_check=last.timestamp if last is not None else None,
        error=(
            last.errors[0][:MAX_ERROR_CHARS]
            if last is not None and not last.success and last.errors
            else None
        ),
    )


def _rank(item: GatusEndpoint) -> tuple[int, str, str]:
    order = 0 if item.up is False else 1 if item.up is None else 2
    return order, (item.group or "").casefold(), item.name.casefold()


class Gatus(Integration["GatusClient"]):
    id = "gatus"
    name = "Gatus"
    icon = "gatus"
    categories = ("monitoring",)
    docs_url = "https://github.com/TwiN/gatus#api"
    verification = "Built from the Gatus API sources and their tests, version 5.36.0"
    credentials = (NoCredentials, UsernamePassword)
    extra = GatusSettings
    client_class = "integrations.gatus.client:GatusClient"

    async def _statuses(self, client: GatusClient, results: int) -> list[EndpointStatus]:
        from pydantic import TypeAdapter

        from integrations.gatus.models import EndpointStatus

        group = self._settings(client).group
        statuses = await client.get_json(
            STATUSES_PATH,
            TypeAdapter(list[EndpointStatus]),
            params={"page": 1, "pageSize": results},
        )
        if group:
            statuses = [s for s in statuses if s.group == group]
        return statuses

    def _settings(self, client: GatusClient) -> GatusSettings:
        settings = client.config.extra
        return settings if isinstance(settings, GatusSettings) else GatusSettings()

    async def test_connection(self, client: GatusClient) -> ServiceInfo:
        statuses = await self._statuses(client, 1)
        down = sum(1 for s in statuses if s.results and not s.results[-1].success)
        return ServiceInfo.of(
            None, {"endpoints": str(len(statuses)), "down": str(down) if down else None}
        )

    @endpoint(
        "endpoints",
        name="Endpoints",
        description="Gatus' endpoints counted up and down by their last result, and the first "
        "50 with their uptime and response time over the last results (20 by default), down "
        "first.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def endpoint_statuses(self, client: GatusClient) -> GatusStatus:
        statuses = await self._statuses(client, self._settings(client).results)
        listed = sorted((_endpoint(status) for status in statuses), key=_rank)
        return GatusStatus(
            up=sum(1 for item in listed if item.up is True),
            down=sum(1 for item in listed if item.up is False),
            unknown=sum(1 for item in listed if item.up is None),
            total=len(listed),
            endpoints=listed[:MAX_ENDPOINTS],
        )
