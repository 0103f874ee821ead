"""Transmission: transfer status and the torrent list, as the shared download-client payloads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import field_validator

from integrations.actions import ActionResult, ItemInput, NoInput, action
from integrations.base import together
from integrations.capabilities import (
    MAX_QUEUE_ITEMS,
    DownloadClientStatus,
    DownloadItem,
    DownloadQueue,
    DownloadState,
)
from integrations.config import ConfigModel, NoCredentials, UsernamePassword, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.transmission.client import TransmissionClient
    from integrations.transmission.models import NamedTorrent, Session, Torrent, TorrentStatus

DEFAULT_RPC_PATH = "/transmission/rpc"
SESSION_FIELDS = (
    "version",
    "rpc-version",
    "download-dir",
    "download-dir-free-space",
    "speed-limit-down",
    "speed-limit-down-enabled",
    "speed-limit-up",
    "speed-limit-up-enabled",
    "alt-speed-enabled",
    "alt-speed-down",
    "alt-speed-up",
    "units",
)
STATUS_FIELDS = ("status", "percentDone", "error")
TORRENT_FIELDS = (
    "hashString",
    "name",
    "status",
    "percentDone",
    "error",
    "sizeWhenDone",
    "rateDownload",
    "rateUpload",
    "eta",
    "addedDate",
    "labels",
)

TORRENT_HASH_PATTERN = r"^[0-9A-Fa-f]{40}$"
AFFECTS = ("status", "torrents")

# tr_torrent_activity: 0 stopped, 1 check-wait, 2 check, 3 download-wait, 4 download,
# 5 seed-wait, 6 seed.
STATUSES: dict[int, DownloadState] = {
    1: DownloadState.CHECKING,
    2: DownloadState.CHECKING,
    3: DownloadState.QUEUED,
    4: DownloadState.DOWNLOADING,
    5: DownloadState.QUEUED,
    6: DownloadState.SEEDING,
}


class TransmissionSettings(ConfigModel):
    """Where the RPC endpoint is, for daemons with a custom ``rpc-url``."""

    rpc_path: str = field(
        "RPC path",
        default=DEFAULT_RPC_PATH,
        min_length=1,
        help="Path of the RPC endpoint under the URL (rpc-url in settings.json, plus 'rpc').",
    )

    @field_validator("rpc_path")
    @classmethod
    def _absolute(cls, value: str) -> str:
        return "/" + value.lstrip("/")


class TorrentHashInput(ItemInput):
    """One torrent, by its info hash (the ``torrents`` endpoint's item id)."""

    id: str = field(
        "Torrent",
        help="The torrent's info hash (hashString), as the torrents endpoint's item id shows it.",
        min_length=40,
        max_length=40,
        pattern=TORRENT_HASH_PATTERN,
    )


def state_of(torrent: TorrentStatus) -> DownloadState:
    if torrent.error != 0:
        return DownloadState.ERROR
    if torrent.status == 0:
        return DownloadState.COMPLETED if torrent.percent_done >= 1 else DownloadState.PAUSED
    return STATUSES.get(torrent.status, DownloadState.UNKNOWN)


def item_of(torrent: Torrent) -> DownloadItem:
    state = state_of(torrent)
    downloading = state is DownloadState.DOWNLOADING
    return DownloadItem(
        id=torrent.hash_string,
        name=torrent.name,
        state=state,
        progress=torrent.percent_done,
        size=torrent.size_when_done,
        download_speed=torrent.rate_download,
        upload_speed=torrent.rate_upload,
        eta_seconds=torrent.eta if downloading and torrent.eta >= 0 else None,
        category=torrent.labels[0] if torrent.labels else None,
        added_at=datetime.fromtimestamp(torrent.added_date, UTC) if torrent.added_date else None,
    )


def limits(session: Session) -> tuple[int | None, int | None]:
    """The download and upload limits in force, in bytes/s (None when unlimited)."""
    k = session.units.speed_bytes
    if session.alt_speed_enabled:  # "turtle mode" overrides the normal limits
        return session.alt_speed_down * k, session.alt_speed_up * k
    down = session.speed_limit_down * k if session.speed_limit_down_enabled else None
    up = session.speed_limit_up * k if session.speed_limit_up_enabled else None
    return down, up


class Transmission(Integration["TransmissionClient"]):
    id = "transmission"
    name = "Transmission"
    icon = "transmission"
    categories = ("downloads", "torrent")
    docs_url = "https://github.com/transmission/transmission/blob/main/docs/rpc-spec.md"
    verification = "Verified against a running Transmission 3.00 (RPC version 16)"
    default_port = 9091
    credentials = (UsernamePassword, NoCredentials)
    extra = TransmissionSettings
    client_class = "integrations.transmission.client:TransmissionClient"

    async def test_connection(self, client: TransmissionClient) -> ServiceInfo:
        from integrations.transmission.models import Session

        session = await client.rpc("session-get", Session, {"fields": ["version", "rpc-version"]})
        return ServiceInfo(
            version=session.version, details={"rpcVersion": str(session.rpc_version)}
        )

    @endpoint(
        "status",
        name="Status",
        description="Transfer speeds and limits, free disk space and torrent counts by state.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def status(self, client: TransmissionClient) -> DownloadClientStatus:
        from integrations.transmission.models import Session, SessionStats, TorrentStatuses

        stats, session, listed = await together(
            client.rpc("session-stats", SessionStats),
            client.rpc("session-get", Session, {"fields": list(SESSION_FIELDS)}),
            client.rpc("torrent-get", TorrentStatuses, {"fields": list(STATUS_FIELDS)}),
        )
        download_limit, upload_limit = limits(session)
        return DownloadClientStatus.from_states(
            (state_of(torrent) for torrent in listed.torrents),
            download_speed=stats.download_speed,
            upload_speed=stats.upload_speed,
            download_limit=download_limit,
            upload_limit=upload_limit,
            free_space=await self._free_space(client, session),
            version=session.version,
        )

    async def _free_space(self, client: TransmissionClient, session: Session) -> int | None:
        from integrations.transmission.models import FreeSpace

        if session.download_dir_free_space is not None:
            return session.download_dir_free_space if session.download_dir_free_space >= 0 else None
        if not session.download_dir:
            return None
        try:  # download-dir-free-space is deprecated since Transmission 4: ask free-space
            free = await client.rpc("free-space", FreeSpace, {"path": session.download_dir})
        except IntegrationError as err:
            if err.code is ErrorCode.UPSTREAM_ERROR and err.status == 200:
                return None  # the RPC refused (e.g. the folder does not exist yet)
            raise
        return free.size_bytes if free.size_bytes >= 0 else None

    @endpoint(
        "torrents",
        name="Torrents",
        description=f"The torrents, active first then newest first (at most {MAX_QUEUE_ITEMS}).",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def torrents(self, client: TransmissionClient) -> DownloadQueue:
        from integrations.transmission.models import Torrents

        listed = await client.rpc("torrent-get", Torrents, {"fields": list(TORRENT_FIELDS)})
        return DownloadQueue.of(item_of(torrent) for torrent in listed.torrents)

    async def _known_torrent(self, client: TransmissionClient, torrent_hash: str) -> NamedTorrent:
        """The torrent with this hash; NOT_FOUND when Transmission has none (it answers
        success to stopping an id it does not know, which would read as done)."""
        from integrations.transmission.models import NamedTorrents

        listed = await client.rpc(
            "torrent-get",
            NamedTorrents,
            {"ids": [torrent_hash.lower()], "fields": ["hashString", "name"]},
        )
        if not listed.torrents:
            raise IntegrationError(
                ErrorCode.NOT_FOUND, f"Transmission has no torrent with hash {torrent_hash}"
            )
        return listed.torrents[0]

    async def _run(
        self, client: TransmissionClient, method: str, arguments: dict[str, object]
    ) -> None:
        from integrations.transmission.models import NoArguments

        await client.rpc(method, NoArguments, arguments)

    @action(
        "pauseAll",
        label="Pause all",
        description="Stops every torrent (torrent-stop).",
        affects=AFFECTS,
    )
    async def pause_all(self, client: TransmissionClient, input: NoInput) -> ActionResult:
        await self._run(client, "torrent-stop", {})  # no ids: every torrent
        return ActionResult(message="Paused every torrent")

    @action(
        "resumeAll",
        label="Resume all",
        description="Starts every torrent (torrent-start).",
        affects=AFFECTS,
    )
    async def resume_all(self, client: TransmissionClient, input: NoInput) -> ActionResult:
        await self._run(client, "torrent-start", {})
        return ActionResult(message="Resumed every torrent")

    @action(
        "pauseItem",
        label="Pause torrent",
        description="Stops one torrent (torrent-stop).",
        input=TorrentHashInput,
        affects=AFFECTS,
    )
    async def pause_item(self, client: TransmissionClient, input: TorrentHashInput) -> ActionResult:
        torrent = await self._known_torrent(client, input.id)
        await self._run(client, "torrent-stop", {"ids": [torrent.hash_string]})
        return ActionResult(message=f"Paused {torrent.name}", affected=1)

    @action(
        "resumeItem",
        label="Resume torrent",
        description="Starts one torrent (torrent-start).",
        input=TorrentHashInput,
        affects=AFFECTS,
    )
    async def resume_item(
        self, client: TransmissionClient, input: TorrentHashInput
    ) -> ActionResult:
        torrent = await self._known_torrent(client, input.id)
        await self._run(client, "torrent-start", {"ids": [torrent.hash_string]})
        return ActionResult(message=f"Resumed {torrent.name}", affected=1)

    @action(
        "altSpeedOn",
        label="Alternative speed on",
        description="Turns Transmission's alternative speed limits (turtle mode) on.",
        affects=("status",),
    )
    async def alt_speed_on(self, client: TransmissionClient, input: NoInput) -> ActionResult:
        await self._run(client, "session-set", {"alt-speed-enabled": True})
        return ActionResult(message="Alternative speed limits turned on")

    @action(
        "altSpeedOff",
        label="Alternative speed off",
        description="Turns Transmission's alternative speed limits (turtle mode) off.",
        affects=("status",),
    )
    async def alt_speed_off(self, client: TransmissionClient, input: NoInput) -> ActionResult:
        await self._run(client, "session-set", {"alt-speed-enabled": False})
        return ActionResult(message="Alternative speed limits turned off")
