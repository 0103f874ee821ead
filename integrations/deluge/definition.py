"""Deluge: session status and the torrent list, as the shared download-client payloads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from integrations.actions import ActionResult, ItemInput, NoInput, action
from integrations.base import together
from integrations.capabilities import (
    MAX_QUEUE_ITEMS,
    DownloadClientStatus,
    DownloadItem,
    DownloadQueue,
    DownloadState,
)
from integrations.config import Credentials, Secret, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.deluge.client import DelugeClient
    from integrations.deluge.models import DelugeTorrent, DelugeTorrentName

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
TORRENT_ID_PATTERN = r"^[0-9A-Fa-f]{40}$"
AFFECTS = ("status", "torrents")
REFRESH_BATCH = 16
"""Torrents whose state a pause/resume of every torrent refreshes at once (see ``_refresh``)."""

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


class TorrentIdInput(ItemInput):
    """One torrent, by Deluge's torrent id (its info hash, the ``torrents`` item id)."""

    id: str = field(
        "Torrent",
        help="The torrent's id (its info hash), as the torrents endpoint's item id shows it.",
        min_length=40,
        max_length=40,
        pattern=TORRENT_ID_PATTERN,
    )


def plural(count: int) -> str:
    return f"{count} torrent{'' if count == 1 else 's'}"


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

    async def _refresh(self, client: DelugeClient, torrent_id: str) -> DelugeTorrentName:
        """``core.get_torrent_status`` (``{}`` for an unknown id). It also makes the daemon
        read the torrent's state afresh from libtorrent: Deluge 2.0 decides a pause or resume
        on its cached state, and just after the opposite action that cache is stale and the
        daemon answers success without doing anything."""
        from integrations.deluge.models import DelugeTorrentName

        return await client.call(
            "core.get_torrent_status", [torrent_id, ["name"]], DelugeTorrentName
        )

    async def _all(self, client: DelugeClient, method: str, verb: str) -> ActionResult:
        """``core.pause_torrents``/``resume_torrents`` with every id the daemon lists (an
        empty list would mean "all" to Deluge too, but then nothing says how many)."""
        from integrations.deluge.models import TORRENT_IDS

        await client.ensure_connected()
        ids = await client.call("core.get_session_state", [], TORRENT_IDS)
        if not ids:
            return ActionResult(message=f"Deluge has no torrents to {verb}", affected=0)
        for start in range(0, len(ids), REFRESH_BATCH):
            await together(*(self._refresh(client, i) for i in ids[start : start + REFRESH_BATCH]))
        await client.call(method, [ids], object)
        return ActionResult(message=f"{verb.capitalize()}d {plural(len(ids))}", affected=len(ids))

    async def _one(
        self, client: DelugeClient, method: str, verb: str, torrent_id: str
    ) -> ActionResult:
        """Look the torrent up first: pausing an unknown id fails with a Python traceback."""
        await client.ensure_connected()
        torrent_id = torrent_id.lower()
        status = await self._refresh(client, torrent_id)
        if status.name is None:
            raise IntegrationError(
                ErrorCode.NOT_FOUND, f"Deluge has no torrent with id {torrent_id}"
            )
        await client.call(method, [torrent_id], object)
        return ActionResult(message=f"{verb.capitalize()}d {status.name}", affected=1)

    @action(
        "pauseAll",
        label="Pause all",
        description="Pauses every torrent (core.pause_torrents).",
        affects=AFFECTS,
    )
    async def pause_all(self, client: DelugeClient, input: NoInput) -> ActionResult:
        return await self._all(client, "core.pause_torrents", "pause")

    @action(
        "resumeAll",
        label="Resume all",
        description="Resumes every torrent (core.resume_torrents).",
        affects=AFFECTS,
    )
    async def resume_all(self, client: DelugeClient, input: NoInput) -> ActionResult:
        return await self._all(client, "core.resume_torrents", "resume")

    @action(
        "pauseItem",
        label="Pause torrent",
        description="Pauses one torrent (core.pause_torrent).",
        input=TorrentIdInput,
        affects=AFFECTS,
    )
    async def pause_item(self, client: DelugeClient, input: TorrentIdInput) -> ActionResult:
        return await self._one(client, "core.pause_torrent", "pause", input.id)

    @action(
        "resumeItem",
        label="Resume torrent",
        description="Resumes one torrent (core.resume_torrent).",
        input=TorrentIdInput,
        affects=AFFECTS,
    )
    async def resume_item(self, client: DelugeClient, input: TorrentIdInput) -> ActionResult:
        return await self._one(client, "core.resume_torrent", "resume", input.id)
