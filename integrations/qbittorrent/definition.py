"""qBittorrent: transfer status and the torrent list, as the shared download-client payloads."""

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
from integrations.config import UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.qbittorrent.client import QBittorrentClient
    from integrations.qbittorrent.models import Torrent

STATES: dict[str, DownloadState] = {
    "downloading": DownloadState.DOWNLOADING,
    "metaDL": DownloadState.DOWNLOADING,
    "forcedMetaDL": DownloadState.DOWNLOADING,  # 5.x
    "forcedDL": DownloadState.DOWNLOADING,
    "uploading": DownloadState.SEEDING,
    "forcedUP": DownloadState.SEEDING,
    "stalledUP": DownloadState.SEEDING,
    "pausedDL": DownloadState.PAUSED,
    "stoppedDL": DownloadState.PAUSED,  # 5.x renamed paused to stopped
    "pausedUP": DownloadState.COMPLETED,
    "stoppedUP": DownloadState.COMPLETED,
    "queuedDL": DownloadState.QUEUED,
    "queuedUP": DownloadState.QUEUED,
    "checkingDL": DownloadState.CHECKING,
    "checkingUP": DownloadState.CHECKING,
    "checkingResumeData": DownloadState.CHECKING,
    "moving": DownloadState.CHECKING,
    "allocating": DownloadState.CHECKING,
    "stalledDL": DownloadState.STALLED,
    "error": DownloadState.ERROR,
    "missingFiles": DownloadState.ERROR,
}


def state_of(qbittorrent_state: str) -> DownloadState:
    return STATES.get(qbittorrent_state, DownloadState.UNKNOWN)


def item_of(torrent: Torrent) -> DownloadItem:
    from integrations.qbittorrent.models import ETA_INFINITY

    state = state_of(torrent.state)
    downloading = state is DownloadState.DOWNLOADING
    return DownloadItem(
        id=torrent.hash,
        name=torrent.name,
        state=state,
        progress=torrent.progress,
        size=torrent.size,
        download_speed=torrent.dlspeed,
        upload_speed=torrent.upspeed,
        eta_seconds=torrent.eta if downloading and 0 <= torrent.eta < ETA_INFINITY else None,
        category=torrent.category or None,
        added_at=datetime.fromtimestamp(torrent.added_on, UTC) if torrent.added_on > 0 else None,
    )


def limit(bytes_per_second: int) -> int | None:
    """qBittorrent's rate limit, None when unlimited (0)."""
    return bytes_per_second if bytes_per_second > 0 else None


class QBittorrent(Integration["QBittorrentClient"]):
    id = "qbittorrent"
    name = "qBittorrent"
    icon = "qbittorrent"
    categories = ("downloads", "torrent")
    docs_url = "https://github.com/qbittorrent/qBittorrent/wiki/WebUI-API-(qBittorrent-4.1)"
    verification = "Verified against a running qBittorrent 4.5.2 (WebAPI 2.8.19)"
    default_port = 8080
    credentials = (UsernamePassword,)
    client_class = "integrations.qbittorrent.client:QBittorrentClient"

    async def test_connection(self, client: QBittorrentClient) -> ServiceInfo:
        version, web_api = await together(
            client.get_version("api/v2/app/version"),
            client.get_version("api/v2/app/webapiVersion"),
        )
        return ServiceInfo(version=version, details={"webApiVersion": web_api})

    @endpoint(
        "status",
        name="Status",
        description="Transfer speeds and limits, free disk space and torrent counts by state.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def status(self, client: QBittorrentClient) -> DownloadClientStatus:
        from integrations.qbittorrent.models import MainData

        # sync/maindata is transfer/info plus every torrent's state plus the free space: one call.
        main, version = await together(
            client.get_json("api/v2/sync/maindata", MainData, params={"rid": 0}),
            client.get_version("api/v2/app/version"),
        )
        server = main.server_state
        return DownloadClientStatus.from_states(
            (state_of(torrent.state) for torrent in main.torrents.values()),
            download_speed=server.dl_info_speed,
            upload_speed=server.up_info_speed,
            download_limit=limit(server.dl_rate_limit),
            upload_limit=limit(server.up_rate_limit),
            free_space=server.free_space_on_disk,
            version=version,
        )

    @endpoint(
        "torrents",
        name="Torrents",
        description=f"The torrents, active first then newest first (at most {MAX_QUEUE_ITEMS}).",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def torrents(self, client: QBittorrentClient) -> DownloadQueue:
        from integrations.qbittorrent.models import TORRENT_LIST

        torrents = await client.get_json("api/v2/torrents/info", TORRENT_LIST)
        return DownloadQueue.of(item_of(torrent) for torrent in torrents)
