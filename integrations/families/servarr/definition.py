"""The Servarr apps' shared endpoints: queue, wanted and calendar.

``ServarrIntegration`` holds the logic; each app supplies its client, its record models, the
``include*`` parameters its API documents, and how one of its records reads as a title.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from integrations.actions import ActionResult, NoInput, action
from integrations.base import together
from integrations.capabilities import (
    MAX_QUEUE_ITEMS,
    MediaCalendar,
    MediaCalendarItem,
    MediaQueue,
    MediaQueueItem,
    MediaWanted,
    MediaWantedItem,
)
from integrations.config import ApiKey, ConfigModel, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.families.servarr.client import ServarrClient
    from integrations.families.servarr.models import Page, QueueRecord, ServarrModel, TimeSpan

QueueT = TypeVar("QueueT", bound="QueueRecord")
MediaT = TypeVar("MediaT", bound="ServarrModel")

WANTED_ITEMS = 10
"""Missing items listed (the count covers them all)."""
MAX_CALENDAR_ITEMS = 100
PROTOCOLS = frozenset({"torrent", "usenet"})
QUEUE_STATUSES = {
    "downloading": "downloading",
    "queued": "queued",
    "paused": "paused",
    "completed": "completed",
    "failed": "failed",
    "warning": "warning",
    "delay": "delayed",  # held back by a delay profile
    "fallback": "delayed",  # held back for a preferred protocol
    "downloadclientunavailable": "warning",
}
FAILED_STATES = frozenset({"failed", "failedpending", "downloadfailed", "downloadfailedpending"})
"""Sonarr's and Radarr's names for a failed download, and Lidarr's and Readarr's."""
_TIMELEFT = re.compile(r"^(?:(?P<d>\d+)\.)?(?P<h>\d+):(?P<m>\d\d):(?P<s>\d\d)(?:\.\d+)?$")


class ServarrSettings(ConfigModel):
    """Settings of the Servarr integrations' own."""

    calendar_days: int = field(
        "Calendar days",
        default=7,
        ge=1,
        le=60,
        help="How many days ahead, from now, the calendar shows.",
    )


def queue_status(record: QueueRecord) -> str:
    """One word for a queue record: what its download client says (``status``), overridden
    by what the app makes of it (``trackedDownloadState`` and ``trackedDownloadStatus``)."""
    state = (record.tracked_download_state or "").lower()
    tracked = (record.tracked_download_status or "").lower()
    if state in FAILED_STATES or tracked == "error":
        return "failed"
    if state in ("importblocked", "importfailed") or tracked == "warning":
        return "warning"
    if state in ("importpending", "importing"):
        return "importing"
    if state == "imported":
        return "completed"
    raw = (record.status or "").lower()
    return QUEUE_STATUSES.get(raw, raw or "unknown")


def seconds_left(timeleft: str | TimeSpan | None) -> int | None:
    """A .NET TimeSpan (``[d.]hh:mm:ss[.fffffff]`` or an object) as whole seconds."""
    if timeleft is not None and not isinstance(timeleft, str):
        return int(timeleft.total_seconds)
    match = _TIMELEFT.match(timeleft or "")
    if match is None:
        return None
    hours = int(match["d"] or 0) * 24 + int(match["h"])
    return (hours * 60 + int(match["m"])) * 60 + int(match["s"])


class ServarrIntegration(Integration["ServarrClient"], Generic[QueueT, MediaT]):
    """A Servarr app: what it downloads, what it lacks, and what comes out soon."""

    categories: ClassVar[tuple[str, ...]] = ("media", "library")
    credentials = (ApiKey,)
    extra = ServarrSettings

    queue_params: ClassVar[dict[str, str]] = {}
    wanted_params: ClassVar[dict[str, str]] = {}
    calendar_params: ClassVar[dict[str, str]] = {}
    wanted_sort_key: ClassVar[str]
    """The date the wanted list is sorted by, newest first."""
    missing_search_command: ClassVar[str]
    """The command that searches for every missing monitored item (``MissingEpisodeSearch``,
    ...), as ``POST /command`` names it."""
    refresh_command: ClassVar[str]
    """The command that refreshes every series, movie, artist or author (``RefreshSeries``,
    ...)."""
    rss_sync_command: ClassVar[str] = "RssSync"

    # --- what each app supplies --------------------------------------------------------------

    @property
    @abstractmethod
    def queue_model(self) -> type[QueueT]:
        """What the queue holds: the app's queue records."""

    @property
    @abstractmethod
    def media_model(self) -> type[MediaT]:
        """What the wanted lists and the calendar hold: episodes, movies, albums or books."""

    @abstractmethod
    def queue_titles(self, record: QueueT) -> tuple[str | None, str | None]:
        """The title (series, movie, artist, author) and subtitle of a queue record."""

    @abstractmethod
    def wanted_item(self, record: MediaT) -> MediaWantedItem:
        """A record of the wanted list as shown."""

    @abstractmethod
    def calendar_item(
        self, record: MediaT, start: datetime, end: datetime
    ) -> MediaCalendarItem | None:
        """A calendar record as shown, None when it has no date."""

    # --- the operations ----------------------------------------------------------------------

    async def test_connection(self, client: ServarrClient) -> ServiceInfo:
        # /system/status needs the key too: it proves the key and names the app.
        status = await client.system_status()
        details = {
            "appName": status.app_name or "",
            "instanceName": status.instance_name or "",
            "branch": status.branch or "",
            "os": status.os_name or "",
        }
        return ServiceInfo.of(status.version, details)

    @endpoint(
        "queue",
        name="Queue",
        description=f"What the app is downloading: title, progress, state and time left (at "
        f"most {MAX_QUEUE_ITEMS}, the soonest done first).",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def queue(self, client: ServarrClient) -> MediaQueue:
        from integrations.families.servarr.models import page_of

        params: dict[str, str | int] = {"page": 1, "pageSize": MAX_QUEUE_ITEMS}
        params.update(self.queue_params)
        page = await client.get_json(client.path("queue"), page_of(self.queue_model), params=params)
        return MediaQueue(
            items=[self.queue_item(record) for record in page.records or []],
            total=page.total_records,
        )

    def queue_item(self, record: QueueT) -> MediaQueueItem:
        title, subtitle = self.queue_titles(record)
        size, left = max(record.size, 0.0), max(record.sizeleft, 0.0)
        protocol = (record.protocol or "").lower()
        return MediaQueueItem(
            id=str(record.id),
            title=title or record.title or f"#{record.id}",
            subtitle=subtitle,
            status=queue_status(record),
            progress=min(max((size - left) / size, 0.0), 1.0) if size > 0 else 0.0,
            size=round(size),
            size_left=round(left),
            eta_seconds=seconds_left(record.timeleft),
            download_client=record.download_client or None,
            protocol=protocol if protocol in PROTOCOLS else None,
        )

    @endpoint(
        "wanted",
        name="Wanted",
        description=f"How many monitored items are missing and how many are below their "
        f"quality cutoff, with the {WANTED_ITEMS} newest missing ones.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def wanted(self, client: ServarrClient) -> MediaWanted:
        sort = {"sortKey": self.wanted_sort_key, "sortDirection": "descending"}
        missing, cutoff = await together(
            self._wanted(client, "missing", WANTED_ITEMS, sort),
            self._wanted(client, "cutoff", 1, {}),
        )
        return MediaWanted(
            missing=missing.total_records,
            cutoff_unmet=cutoff.total_records,
            items=[self.wanted_item(record) for record in missing.records or []],
        )

    async def _wanted(
        self, client: ServarrClient, kind: str, size: int, sort: dict[str, str]
    ) -> Page[MediaT]:
        from integrations.families.servarr.models import page_of

        params: dict[str, str | int] = {"page": 1, "pageSize": size, "monitored": "true"}
        params.update(sort)
        params.update(self.wanted_params)
        response = await client.request(
            "GET", client.path(f"wanted/{kind}"), params=params, expect=(200, 404)
        )
        if response.status_code == 404:
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"this {client.app_name} has no wanted/{kind} API (HTTP 404): older releases "
                f"lack it, update {client.app_name}",
                status=404,
                url=response.url,
            )
        return client.parse(response, page_of(self.media_model))

    @endpoint(
        "calendar",
        name="Calendar",
        description="What comes out in the next days (calendarDays, 7 by default), and whether "
        "it is already in the library.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def calendar(self, client: ServarrClient) -> MediaCalendar:
        from integrations.families.servarr.models import list_of

        start = utcnow().replace(microsecond=0)
        end = start + timedelta(days=client.settings.calendar_days)
        params = {"start": iso(start), "end": iso(end), **self.calendar_params}
        records = await client.get_json(
            client.path("calendar"), list_of(self.media_model), params=params
        )
        items = [item for r in records if (item := self.calendar_item(r, start, end)) is not None]
        items.sort(key=lambda item: item.date)
        return MediaCalendar(
            items=items[:MAX_CALENDAR_ITEMS], capped=len(items) > MAX_CALENDAR_ITEMS
        )

    # --- actions ---------------------------------------------------------------------------

    @action(
        "searchMissing",
        label="Search missing",
        description="Asks the app to search its indexers for every missing monitored item.",
        affects=("queue", "wanted"),
    )
    async def search_missing(self, client: ServarrClient, input: NoInput) -> ActionResult:
        return await self._command(client, self.missing_search_command)

    @action(
        "refresh",
        label="Refresh",
        description="Asks the app to refresh the metadata of everything it manages and rescan "
        "its files.",
        affects=("wanted", "calendar"),
    )
    async def refresh(self, client: ServarrClient, input: NoInput) -> ActionResult:
        return await self._command(client, self.refresh_command)

    @action(
        "rssSync",
        label="RSS sync",
        description="Asks the app to read its indexers' RSS feeds now and grab what it wants.",
        affects=("queue",),
    )
    async def rss_sync(self, client: ServarrClient, input: NoInput) -> ActionResult:
        return await self._command(client, self.rss_sync_command)

    async def _command(self, client: ServarrClient, name: str) -> ActionResult:
        """Queue one of the app's commands; the app runs it in the background."""
        from integrations.families.servarr.models import Command

        response = await client.request(
            "POST", client.path("command"), json={"name": name}, expect=(200, 201)
        )
        command = client.parse(response, Command)
        return ActionResult(
            message=f"{client.app_name} queued {command.name or name} as command {command.id} "
            f"({command.status or 'status unknown'})"
        )


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """A UTC time as the Servarr APIs read a ``date-time`` query parameter."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
