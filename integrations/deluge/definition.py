"""Deluge: session status and the torrent list, as the shared download-client payloads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from integrations.base import together
from integrations.capabilities import (
    MAX_QUEUE_ITEMS,
    DownloadClientStatus,
    DownloadItem,
    DownloadQueue,
    DownloadState,
)
from integrations.config import Credentials, Secret, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.deluge.client import DelugeClient
    from integrations.deluge.models import DelugeTorrent

STATUS_KEYS = ["state", "progress"]
TORRENT_KEYS = [
    "name",
    "state",
    "progress",
    "total_wanted",
    "download_payload_rate",
    "upload_payload_rate",
    "eta",
    "time_added",
    "label",
]
KIB = 1024

# Deluge 2.x torrent states (deluge/common.py TORRENT_STATE).
STATES: dict[str, DownloadState] = {
    "Allocating": DownloadState.CHECKING,
    "Checking": DownloadState.CHECKING,
    "Downloading": DownloadState.DOWNLOADING,
    "Seeding": DownloadState.SEEDING,
    "Paused": DownloadState.PAUSED,
    "Error": DownloadState.ERROR,
    "Queued": DownloadState.QUEUED,
    "Moving": DownloadState.CHECKING,
}


class DelugePassword(Credentials):
    """Deluge's web UI has a password and no username."""

    label = "Password"
    type: Literal["password"] = "password"
    password: Secret = field(
        "Password",
        help="The web UI password (Preferences > Interface > Password); Deluge's default is "
        "'deluge'.",
    )


def state_of(deluge_state: str, progress: float) -> DownloadState:
    """The shared state; a paused torrent that has everything counts as completed."""
    state = STATES.get(deluge_state, DownloadState.UNKNOWN)
    if state is DownloadState.PAUSED and progress >= 100:
        return DownloadState.COMPLETED
    return state


def item_of(torrent_id: str, torrent: DelugeTorrent) -> DownloadItem:
    state = state_of(torrent.state, torrent.progress)
    downloading = state is DownloadState.DOWNLOADING
    added = torrent.time_added
    return DownloadItem(
        id=torrent_id,
        name=torrent.name,
        state=state,
        progress=min(max(torrent.progress / 100, 0.0), 1.0),
        size=torrent.total_wanted,
        download_speed=torrent.download_payload_rate,
        upload_speed=torrent.upload_payload_rate,
        eta_seconds=torrent.eta if downloading and torrent.eta > 0 else None,
        category=torrent.label or None,
        added_at=datetime.fromtimestamp(added, UTC) if added > 0 else None,
    )


def limit(kib_per_second: float | None) -> int | None:
    """Deluge's rate limit (KiB/s) in bytes/s, None when unlimited (-1, or 0 for libtorrent)."""
    return round(kib_per_second * KIB) if kib_per_second and kib_per_second > 0 else None


class Deluge(Integration["DelugeClient"]):
    id = "deluge"
    name = "Deluge"
    icon = "deluge"
    categories = ("downloads", "torrent")
    docs_url = "https://deluge.readthedocs.io/en/latest/reference/webapi.html"
    verification = "Verified against a running Deluge 2.0.3 (libtorrent 2.0.8)"
    default_port = 8112
    credentials = (DelugePassword,)
    client_class = "integrations.deluge.client:DelugeClient"

    async def test_connection(self, client: DelugeClient) -> ServiceInfo:
        await client.ensure_connected()
        version, libtorrent = await together(
            client.call("daemon.get_version", [], str),
            client.call("core.get_libtorrent_version", [], str),
        )
        return ServiceInfo(version=version, details={"libtorrentVersion": libtorrent})

    @endpoint(
        "status",
        name="Status",
        description="Transfer speeds and limits, free disk space and torrent counts by state.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def status(self, client: DelugeClient) -> DownloadClientStatus:
        ui = await client.ui_state(STATUS_KEYS)  # first: the daemon's methods need a connection
        version = await client.call("daemon.get_version", [], str)
        torrents = (ui.torrents or {}).values()
        return DownloadClientStatus.from_states(
            (state_of(torrent.state, torrent.progress) for torrent in torrents),
            download_speed=round(ui.stats.download_rate),
            upload_speed=round(ui.stats.upload_rate),
            download_limit=limit(ui.stats.max_download),
            upload_limit=limit(ui.stats.max_upload),
            free_space=ui.stats.free_space if (ui.stats.free_space or 0) >= 0 else None,
            version=version,
        )

    @endpoint(
        "torrents",
        name="Torrents",
        description=f"The torrents, active first then newest first (at most {MAX_QUEUE_ITEMS}).",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def torrents(self, client: DelugeClient) -> DownloadQueue:
        ui = await client.ui_state(TORRENT_KEYS)
        return DownloadQueue.of(
            item_of(torrent_id, torrent) for torrent_id, torrent in (ui.torrents or {}).items()
        )
