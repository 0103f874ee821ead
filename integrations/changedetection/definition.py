"""changedetection.io: the watches with their changes and errors, and the server's state."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.actions import ActionResult, NoInput, action
from integrations.base import together
from integrations.capabilities import MAX_QUEUE_ITEMS, Payload
from integrations.config import ApiKey, NoCredentials
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.changedetection.client import ChangeDetectionClient
    from integrations.changedetection.models import WatchSummary

SYSTEM_INFO = "api/v1/systeminfo"
WATCHES = "api/v1/watch"
QUEUED = re.compile(r"\bqueued (\d+) watch")


class ChangeDetectionWatch(Payload):
    uuid: str
    title: str = Field(description="The watch's title, else the page title, else the URL")
    url: str
    last_checked: datetime | None = Field(None, description="None before the first check")
    last_changed: datetime | None = Field(None, description="None until a change was detected")
    last_error: str | None = Field(None, description="The error of the last check, if any")
    viewed: bool = Field(description="The newest snapshot has been looked at")
    unviewed_change: bool = Field(description="Changed since it was last viewed")


class ChangeDetectionWatches(Payload):
    """Watch counts and the watches: unviewed changes first, then errors, then newest change
    (at most 50)."""

    total: int
    unviewed: int = Field(description="Watches changed since they were last viewed")
    errors: int = Field(description="Watches whose last check failed")
    paused: bool = Field(description="All checks are paused (the global switch)")
    muted: bool = Field(description="All notifications are muted (the global switch)")
    watches: list[ChangeDetectionWatch]


class ChangeDetectionSystem(Payload):
    """The server: version, watch count, check queue and overdue watches."""

    version: str
    watch_count: int
    tag_count: int
    queue_size: int = Field(description="Checks waiting to run")
    uptime_seconds: int | None = None
    overdue: int = Field(description="Watches not checked for 5 minutes past their interval")
    overdue_watches: list[str] = Field(description="UUIDs of the overdue watches")
    paused: bool = Field(description="All checks are paused (the global switch)")
    muted: bool = Field(description="All notifications are muted (the global switch)")
    new_version_available: bool


def _time(unix: int) -> datetime | None:
    return datetime.fromtimestamp(unix, UTC) if unix > 0 else None


def _watch(uuid: str, summary: WatchSummary) -> ChangeDetectionWatch:
    error = summary.last_error if isinstance(summary.last_error, str) else None
    return ChangeDetectionWatch(
        uuid=uuid,
        title=summary.title or summary.page_title or summary.url,
        url=summary.url,
        last_checked=_time(summary.last_checked),
        last_changed=_time(summary.last_changed),
        last_error=error or None,
        viewed=summary.viewed,
        # last_changed stays 0 until a second snapshot: a first check is not a change.
        unviewed_change=summary.last_changed > 0 and not summary.viewed,
    )


def _relevance(watch: ChangeDetectionWatch) -> tuple[bool, bool, float, str]:
    changed = watch.last_changed.timestamp() if watch.last_changed else 0.0
    return (not watch.unviewed_change, watch.last_error is None, -changed, watch.title.lower())


class ChangeDetection(Integration["ChangeDetectionClient"]):
    """A changedetection.io server."""

    id = "changedetection"
    name = "changedetection.io"
    icon = "changedetection"
    categories = ("monitoring", "web")
    docs_url = "https://changedetection.io/docs/api_v1/index.html"
    verification = "Verified against a running changedetection.io 0.60.10"
    default_port = 5000
    credentials = (ApiKey, NoCredentials)
    client_class = "integrations.changedetection.client:ChangeDetectionClient"

    async def test_connection(self, client: ChangeDetectionClient) -> ServiceInfo:
        from integrations.changedetection.models import SystemInfo

        info = await client.get_json(SYSTEM_INFO, SystemInfo)
        return ServiceInfo(version=info.version, details={"watchCount": str(info.watch_count)})

    @endpoint(
        "watches",
        name="Watches",
        description="Counts of watches, unviewed changes and errors, and the watches "
        f"(unviewed changes first, then errors, at most {MAX_QUEUE_ITEMS}).",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def watches(self, client: ChangeDetectionClient) -> ChangeDetectionWatches:
        from integrations.changedetection.models import WATCH_LIST, SystemInfo

        summaries, info = await together(
            client.get_json(WATCHES, WATCH_LIST), client.get_json(SYSTEM_INFO, SystemInfo)
        )
        watches = sorted(
            (_watch(uuid, summary) for uuid, summary in summaries.items()), key=_relevance
        )
        return ChangeDetectionWatches(
            total=len(watches),
            unviewed=sum(w.unviewed_change for w in watches),
            errors=sum(w.last_error is not None for w in watches),
            paused=info.all_paused,
            muted=info.all_muted,
            watches=watches[:MAX_QUEUE_ITEMS],
        )

    @endpoint(
        "system",
        name="System",
        description="Version, watch count, check queue, uptime and overdue watches.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def system(self, client: ChangeDetectionClient) -> ChangeDetectionSystem:
        from integrations.changedetection.models import SystemInfo

        info = await client.get_json(SYSTEM_INFO, SystemInfo)
        return ChangeDetectionSystem(
            version=info.version,
            watch_count=info.watch_count,
            tag_count=info.tag_count,
            queue_size=info.queue_size,
            uptime_seconds=None if info.uptime is None else int(info.uptime),
            overdue=len(info.overdue_watches),
            overdue_watches=info.overdue_watches,
            paused=info.all_paused,
            muted=info.all_muted,
            new_version_available=info.new_version_available,
        )

    # --- actions -------------------------------------------------------------------------------

    @action(
        "recheckAll",
        label="Recheck all",
        description="Queues every watch for a check now (GET /api/v1/watch?recheck_all=1).",
        affects=("watches", "system"),
    )
    async def recheck_all(self, client: ChangeDetectionClient, input: NoInput) -> ActionResult:
        from integrations.changedetection.models import RecheckAnswer

        response = await client.request("GET", WATCHES, params={"recheck_all": "1"})
        answer = client.parse(response, RecheckAnswer)
        if not answer.status.startswith("OK"):
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"changedetection.io did not queue the checks: {client.detail(answer.status)}",
                status=response.status_code,
                url=response.url,
            )
        found = QUEUED.search(answer.status)
        if found is None:
            return ActionResult(message="Queued every watch for a check")
        count = int(found.group(1))
        return ActionResult(
            message=f"Queued {count} watch{'es' if count != 1 else ''} for a check",
            affected=count,
        )
