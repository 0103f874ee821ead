"""changedetection.io: the watches with their changes and errors, and the server's state."""

from __future__ import annotations

from datetime import UTC, datetime

from integrations.base import together
from integrations.capabilities import MAX_QUEUE_ITEMS
from integrations.changedetection.client import ChangeDetectionClient
from integrations.changedetection.models import (
    WATCH_LIST,
    ChangeDetectionSystem,
    ChangeDetectionWatch,
    ChangeDetectionWatches,
    SystemInfo,
    WatchSummary,
)
from integrations.config import ApiKey, NoCredentials
from integrations.types import Integration, ServiceInfo, endpoint

SYSTEM_INFO = "api/v1/systeminfo"
WATCHES = "api/v1/watch"


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


class ChangeDetection(Integration[ChangeDetectionClient]):
    """A changedetection.io server."""

    id = "changedetection"
    name = "changedetection.io"
    icon = "changedetection"
    categories = ("monitoring", "web")
    docs_url = "https://changedetection.io/docs/api_v1/index.html"
    verification = "Verified against a running changedetection.io 0.60.10"
    default_port = 5000
    credentials = (ApiKey, NoCredentials)
    client_class = ChangeDetectionClient

    async def test_connection(self, client: ChangeDetectionClient) -> ServiceInfo:
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
