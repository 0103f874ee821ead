"""pyLoad: download status and the package list, as the shared download-client payloads."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import TYPE_CHECKING

from integrations.actions import ActionResult, NoInput, action
from integrations.base import together
from integrations.capabilities import (
    MAX_QUEUE_ITEMS,
    DownloadClientStatus,
    DownloadItem,
    DownloadQueue,
    DownloadState,
)
from integrations.config import ApiKey, UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.pyload.client import PyloadClient
    from integrations.pyload.models import ActiveDownload, Package

COLLECTOR = "collector"
"""Category of packages in the collector: added, but not queued for download."""


class LinkStatus(IntEnum):
    """pyLoad's ``DownloadStatus`` of one link (file)."""

    FINISHED = 0
    OFFLINE = 1
    ONLINE = 2
    QUEUED = 3
    SKIPPED = 4
    WAITING = 5
    TEMPOFFLINE = 6
    STARTING = 7
    FAILED = 8
    ABORTED = 9
    DECRYPTING = 10
    CUSTOM = 11
    DOWNLOADING = 12
    PROCESSING = 13
    UNKNOWN = 14


ACTIVE = {LinkStatus.DOWNLOADING, LinkStatus.STARTING, LinkStatus.WAITING, LinkStatus.DECRYPTING}
PENDING = {
    LinkStatus.QUEUED,
    LinkStatus.ONLINE,
    LinkStatus.TEMPOFFLINE,
    LinkStatus.CUSTOM,
    LinkStatus.UNKNOWN,
}
FAILED = {LinkStatus.FAILED, LinkStatus.OFFLINE, LinkStatus.ABORTED}
DONE = {LinkStatus.FINISHED, LinkStatus.SKIPPED}


def link_state(status: int, *, downloads_on: bool) -> DownloadState:
    """One link's state; waiting links are paused while pyLoad does not download."""
    if status in ACTIVE:
        return DownloadState.DOWNLOADING
    if status == LinkStatus.PROCESSING:
        return DownloadState.CHECKING
    if status in PENDING:
        return DownloadState.QUEUED if downloads_on else DownloadState.PAUSED
    if status in FAILED:
        return DownloadState.ERROR
    if status in DONE:
        return DownloadState.COMPLETED
    return DownloadState.UNKNOWN


def package_state(states: Iterable[DownloadState]) -> DownloadState:
    """A package's state from its links': the first of these any link is in."""
    found = set(states)
    for state in (
        DownloadState.DOWNLOADING,
        DownloadState.CHECKING,
        DownloadState.QUEUED,
        DownloadState.PAUSED,
        DownloadState.ERROR,
        DownloadState.UNKNOWN,
    ):
        if state in found:
            return state
    return DownloadState.COMPLETED if found else DownloadState.UNKNOWN


def progress_of(package: Package) -> float:
    """Bytes done when pyLoad knows the sizes, else links done."""
    if package.sizetotal:
        return min((package.sizedone or 0) / package.sizetotal, 1.0)
    links = package.linkstotal if package.linkstotal is not None else len(package.links or ())
    return min((package.linksdone or 0) / links, 1.0) if links else 0.0


def queued_item(
    package: Package, downloads: list[ActiveDownload], *, downloads_on: bool
) -> DownloadItem:
    state = package_state(
        link_state(link.status, downloads_on=downloads_on) for link in package.links or ()
    )
    mine = [d for d in downloads if d.package_id == package.pid]
    etas = [d.eta for d in mine if d.eta > 0]
    return DownloadItem(
        id=str(package.pid),
        name=package.name,
        state=state,
        progress=progress_of(package),
        size=package.sizetotal or 0,
        download_speed=sum(d.speed for d in mine),
        eta_seconds=max(etas) if etas and state is DownloadState.DOWNLOADING else None,
    )


def collected_item(package: Package) -> DownloadItem:
    return DownloadItem(
        id=str(package.pid),
        name=package.name,
        state=DownloadState.PAUSED,  # waits until someone moves it to the queue
        progress=progress_of(package),
        size=package.sizetotal or 0,
        category=COLLECTOR,
    )


class Pyload(Integration["PyloadClient"]):
    id = "pyload"
    name = "pyLoad"
    icon = "pyload"
    categories = ("downloads",)
    docs_url = "https://github.com/pyload/pyload/wiki"
    verification = "Verified against a running pyLoad-ng 0.5.0b3.dev101"
    default_port = 8000
    credentials = (ApiKey, UsernamePassword)
    client_class = "integrations.pyload.client:PyloadClient"

    async def test_connection(self, client: PyloadClient) -> ServiceInfo:
        from integrations.pyload.models import VERSION

        # get_server_version needs a valid key or session like every other API method.
        version = await client.get_json("api/get_server_version", VERSION)
        return ServiceInfo(version=version)

    @endpoint(
        "status",
        name="Status",
        description="Download speed, free disk space, and the links (files) of the queue by state.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def status(self, client: PyloadClient) -> DownloadClientStatus:
        from integrations.pyload.models import FREE_SPACE, PACKAGES, ServerStatus

        server, free, queue = await together(
            client.get_json("api/status_server", ServerStatus),
            client.get_json("api/free_space", FREE_SPACE),
            client.get_json("api/get_queue_data", PACKAGES),
        )
        return DownloadClientStatus.from_states(
            (
                link_state(link.status, downloads_on=server.download)
                for package in queue
                for link in package.links or ()
            ),
            download_speed=server.speed,
            upload_speed=0,
            free_space=free,
        )

    @endpoint(
        "queue",
        name="Packages",
        description="The packages of the queue, then those of the collector (category "
        f"'{COLLECTOR}'); downloading first (at most {MAX_QUEUE_ITEMS}).",
        ttl=15.0,
        min_refresh=10.0,
    )
    async def queue(self, client: PyloadClient) -> DownloadQueue:
        from integrations.pyload.models import DOWNLOADS, PACKAGES, ServerStatus

        server, queue, collector = await together(
            client.get_json("api/status_server", ServerStatus),
            client.get_json("api/get_queue_data", PACKAGES),
            client.get_json("api/get_collector", PACKAGES),
        )
        downloads = (
            await client.get_json("api/status_downloads", DOWNLOADS) if server.active else []
        )
        return DownloadQueue.of(
            [queued_item(p, downloads, downloads_on=server.download) for p in queue]
            + [collected_item(p) for p in collector]
        )

    # --- actions ------------------------------------------------------------------------------
    # pyLoad's API has no pause for one package (only stop_downloads, which aborts its files)
    # and no alternative speed mode (one limit in the download config): docs/notes/pyload.md.

    @action(
        "pauseAll",
        label="Pause all",
        description="Pauses the server (pause_server): no new downloads start; running ones "
        "finish.",
        affects=("status", "queue"),
    )
    async def pause_all(self, client: PyloadClient, input: NoInput) -> ActionResult:
        await client.call("pause_server")
        return ActionResult(message="Paused pyLoad: no new downloads start")

    @action(
        "resumeAll",
        label="Resume all",
        description="Unpauses the server (unpause_server): queued downloads start again.",
        affects=("status", "queue"),
    )
    async def resume_all(self, client: PyloadClient, input: NoInput) -> ActionResult:
        await client.call("unpause_server")
        return ActionResult(message="Resumed pyLoad's downloads")
