"""Synology Download Station: transfer speeds and task counts, and the task list, as the shared
download-client payloads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from integrations.base import together
from integrations.capabilities import (
    MAX_QUEUE_ITEMS,
    DownloadClientStatus,
    DownloadItem,
    DownloadQueue,
    DownloadState,
)
from integrations.families.synology.definition import SynologyIntegration
from integrations.types import ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.downloadstation.client import DownloadStationClient
    from integrations.downloadstation.models import Statistic, Task

MAX_NAME = 200
"""The most characters of a task's title a payload carries."""
LISTED = "detail,transfer"
"""What ``list`` adds to each task: its creation time, and its bytes and speeds."""

STATES: dict[str, DownloadState] = {
    "waiting": DownloadState.QUEUED,
    "downloading": DownloadState.DOWNLOADING,
    "paused": DownloadState.PAUSED,
    "finishing": DownloadState.CHECKING,
    "finished": DownloadState.COMPLETED,
    "hash_checking": DownloadState.CHECKING,
    "seeding": DownloadState.SEEDING,
    "filehost_waiting": DownloadState.QUEUED,
    "extracting": DownloadState.CHECKING,
    "error": DownloadState.ERROR,
}
"""The task statuses of the Download Station Official API (``finishing`` and ``extracting``:
worked on after the transfer)."""
NUMBERED: dict[int, DownloadState] = {
    1: DownloadState.QUEUED,
    2: DownloadState.DOWNLOADING,
    3: DownloadState.PAUSED,
    4: DownloadState.CHECKING,
    5: DownloadState.COMPLETED,
    6: DownloadState.CHECKING,
    8: DownloadState.SEEDING,
}
"""Numbered statuses, which some Download Station releases are reported to send in place of the
words (no guide documents them): only the numbers the reports agree on are read, in the
documented order; 7, 9 and 10 differ between the reports and read as unknown."""
FIRST_ERROR_NUMBER = 101
"""Numbered statuses from 101 on are errors (broken link, disk full, timeout, ...)."""


def state_of(status: str | int) -> DownloadState:
    if isinstance(status, int):
        if status >= FIRST_ERROR_NUMBER:
            return DownloadState.ERROR
        return NUMBERED.get(status, DownloadState.UNKNOWN)
    return STATES.get(status, DownloadState.UNKNOWN)


def item_of(task: Task) -> DownloadItem:
    state = state_of(task.status)
    extra = task.additional
    transfer = extra.transfer if extra is not None else None
    detail = extra.detail if extra is not None else None
    done = transfer.size_downloaded if transfer is not None else 0
    down = transfer.speed_download if transfer is not None else 0
    up = transfer.speed_upload if transfer is not None else 0
    if task.size > 0:
        progress = min(max(done / task.size, 0.0), 1.0)
    else:
        progress = 1.0 if state in (DownloadState.COMPLETED, DownloadState.SEEDING) else 0.0
    eta = None
    if state is DownloadState.DOWNLOADING and down > 0 and task.size > done:
        eta = (task.size - done) // down
    created = detail.create_time if detail is not None else None
    title = task.title if len(task.title) <= MAX_NAME else task.title[: MAX_NAME - 1] + "…"
    return DownloadItem(
        id=task.id,
        name=title,
        state=state,
        progress=round(progress, 4),
        size=max(task.size, 0),
        download_speed=max(down, 0),
        upload_speed=max(up, 0),
        eta_seconds=eta,
        added_at=datetime.fromtimestamp(created, UTC) if created else None,
    )


def speeds(stats: Statistic) -> tuple[int, int]:
    """Download and upload bytes/s over every task, eMule's included."""
    down = stats.speed_download + (stats.emule_speed_download or 0)
    up = stats.speed_upload + (stats.emule_speed_upload or 0)
    return max(down, 0), max(up, 0)


class DownloadStation(SynologyIntegration["DownloadStationClient"]):
    """Synology Download Station (BitTorrent, HTTP/FTP, NZB, eMule tasks) on DSM."""

    id = "downloadstation"
    name = "Synology Download Station"
    categories = ("downloads", "torrent")
    docs_url = (
        "https://global.download.synology.com/download/Document/Software/DeveloperGuide/Package/"
        "DownloadStation/All/enu/Synology_Download_Station_Web_API.pdf"
    )
    verification = (
        "Built from the Synology Download Station API documentation, version 2014-03-26 "
        "(Download Station Official API), with the DSM Login Web API Guide for DSM 7.0"
    )
    client_class = "integrations.downloadstation.client:DownloadStationClient"

    async def test_connection(self, client: DownloadStationClient) -> ServiceInfo:
        from integrations.downloadstation.client import INFO
        from integrations.downloadstation.models import Info

        info = await client.call(INFO, "getinfo", Info)
        version = info.version_string or (str(info.version) if info.version is not None else None)
        manager = None if info.is_manager is None else ("yes" if info.is_manager else "no")
        return ServiceInfo.of(version, {"manager": manager})

    @endpoint(
        "status",
        name="Status",
        description="Download and upload speeds, and the tasks counted by state.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def status(self, client: DownloadStationClient) -> DownloadClientStatus:
        from integrations.downloadstation.client import INFO, STATISTIC, TASK
        from integrations.downloadstation.models import Info, Statistic, TaskStatuses

        stats, listed, info = await together(
            client.call(STATISTIC, "getinfo", Statistic),
            client.call(TASK, "list", TaskStatuses),
            client.call(INFO, "getinfo", Info),
        )
        down, up = speeds(stats)
        return DownloadClientStatus.from_states(
            (state_of(task.status) for task in listed.tasks),
            download_speed=down,
            upload_speed=up,
            version=info.version_string,
        )

    @endpoint(
        "tasks",
        name="Tasks",
        description=f"The download tasks, active first then newest first (at most "
        f"{MAX_QUEUE_ITEMS}), with progress, speeds and time left.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def tasks(self, client: DownloadStationClient) -> DownloadQueue:
        from integrations.downloadstation.client import TASK
        from integrations.downloadstation.models import Tasks

        listed = await client.call(TASK, "list", Tasks, additional=LISTED)
        return DownloadQueue.of(item_of(task) for task in listed.tasks)
