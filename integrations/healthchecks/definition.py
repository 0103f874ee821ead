"""Healthchecks: the cron and heartbeat checks of a project, by status, problems first."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ApiKey, ConfigModel, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.healthchecks.client import HealthchecksClient
    from integrations.healthchecks.models import Check

CHECKS_PATH = "api/v3/checks/"
MAX_CHECKS = 50
"""Checks a payload lists (the counts cover every check)."""
MAX_TAGS = 10
TAG_PATTERN = r"^[^\s]*$"


class HealthchecksSettings(ConfigModel):
    """Which of the project's checks to show."""

    tag: str = field(
        "Tag",
        default="",
        max_length=100,
        pattern=TAG_PATTERN,
        help="Only the checks with this tag (empty: every check of the key's project).",
    )


class HealthchecksCheckStatus(StrEnum):
    DOWN = "down"
    GRACE = "grace"
    NEW = "new"
    PAUSED = "paused"
    UP = "up"
    UNKNOWN = "unknown"


SEVERITY = list(HealthchecksCheckStatus)
"""Problems first: down, then late (grace), never pinged, paused, up."""


class HealthchecksCheck(Payload):
    name: str
    slug: str | None = Field(None, description="the check's slug (for ping URLs by slug)")
    status: HealthchecksCheckStatus = Field(
        description="down; grace: late, within its grace time; new: never pinged; paused; up"
    )
    started: bool = Field(description="a run has signalled its start and not its end yet")
    tags: list[str]
    last_ping: datetime | None = Field(None, description="when the last ping arrived")
    next_ping: datetime | None = Field(
        None, description="when the next ping is due (late after it, down after the grace time)"
    )
    grace_seconds: int = Field(description="seconds a ping may be late before the check is down")
    last_duration_seconds: int | None = Field(
        None, description="seconds between the last run's start and its end signal"
    )


class HealthchecksChecks(Payload):
    """The project's checks counted by status, and the first 50 listed, problems first."""

    up: int
    down: int
    grace: int = Field(description="checks that are late, within their grace time")
    new: int = Field(description="checks never pinged")
    paused: int
    started: int = Field(description="checks whose run is under way")
    total: int
    checks: list[HealthchecksCheck] = Field(
        description="down first, then late, new, paused, up; by name within each (at most 50)"
    )


def _check(check: Check) -> HealthchecksCheck:
    try:
        status = HealthchecksCheckStatus(check.status)
    except ValueError:
        status = HealthchecksCheckStatus.UNKNOWN
    return HealthchecksCheck(
        name=check.name or check.slug or "(unnamed)",
        slug=check.slug or None,
        status=status,
        started=check.started,
        tags=check.tags.split()[:MAX_TAGS],
        last_ping=check.last_ping,
        next_ping=check.next_ping,
        grace_seconds=check.grace,
        last_duration_seconds=check.last_duration,
    )


class Healthchecks(Integration["HealthchecksClient"]):
    id = "healthchecks"
    name = "Healthchecks"
    icon = "healthchecks"
    categories = ("monitoring",)
    docs_url = "https://healthchecks.io/docs/api/"
    verification = "Built from the Healthchecks Management API documentation, version 3 (v4.3)"
    credentials = (ApiKey,)
    extra = HealthchecksSettings
    client_class = "integrations.healthchecks.client:HealthchecksClient"

    async def _checks(self, client: HealthchecksClient) -> list[Check]:
        from integrations.healthchecks.models import Checks

        params: dict[str, Any] = {}
        settings = client.config.extra
        if isinstance(settings, HealthchecksSettings) and settings.tag:
            params["tag"] = settings.tag
        return (await client.get_json(CHECKS_PATH, Checks, params=params)).checks

    async def test_connection(self, client: HealthchecksClient) -> ServiceInfo:
        payload = self._summary(await self._checks(client))
        down = str(payload.down) if payload.down else None
        return ServiceInfo.of(None, {"checks": str(payload.total), "down": down})

    def _summary(self, checks: list[Check]) -> HealthchecksChecks:
        listed = sorted(
            (_check(check) for check in checks),
            key=lambda c: (SEVERITY.index(c.status), c.name.casefold()),
        )
        count = {status: 0 for status in HealthchecksCheckStatus}
        for check in listed:
            count[check.status] += 1
        return HealthchecksChecks(
            up=count[HealthchecksCheckStatus.UP],
            down=count[HealthchecksCheckStatus.DOWN],
            grace=count[HealthchecksCheckStatus.GRACE],
            new=count[HealthchecksCheckStatus.NEW],
            paused=count[HealthchecksCheckStatus.PAUSED],
            started=sum(check.started for check in listed),
            total=len(listed),
            checks=listed[:MAX_CHECKS],
        )

    @endpoint(
        "checks",
        name="Checks",
        description="The project's checks counted by status (up, down, late, new, paused), and "
        "the first 50 with their last and next ping, problems first.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def checks(self, client: HealthchecksClient) -> HealthchecksChecks:
        return self._summary(await self._checks(client))
