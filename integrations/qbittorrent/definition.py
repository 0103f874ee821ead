"""qBittorrent: transfer status and the torrent list, as the shared download-client payloads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from integrations.actions import ActionResult, ItemInput, NoInput, PartiallyApplied, action
from integrations.base import together
from integrations.capabilities import (
    MAX_QUEUE_ITEMS,
    DownloadClientStatus,
    DownloadItem,
    DownloadQueue,
    DownloadState,
)
from integrations.config import UsernamePassword, field
from integrations.errors import ErrorCode, IntegrationError
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


TORRENT_HASH_PATTERN = r"^(?:[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})$"
STOP_START_SINCE = (2, 11)
"""The WebAPI version (qBittorrent 5.0) that renamed ``torrents/pause`` and ``torrents/resume``
to ``torrents/stop`` and ``torrents/start``."""
AFFECTS = ("status", "torrents")


class TorrentHashInput(ItemInput):
    """One torrent, by its info hash (the ``torrents`` endpoint's item id)."""

    id: str = field(
        "Torrent",
        help="The torrent's info hash, as the torrents endpoint's item id shows it.",
        min_length=40,
        max_length=64,
        pattern=TORRENT_HASH_PATTERN,
    )


def web_api_version(text: str) -> tuple[int, ...]:
    """``app/webapiVersion`` ("2.8.19") as numbers; what is not a number counts as 0."""
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("."))


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

    async def _transfer_path(self, client: QBittorrentClient, verb: str) -> str:
        """``torrents/pause`` or ``torrents/resume``, named ``stop``/``start`` since 5.0."""
        version = web_api_version(await client.get_version("api/v2/app/webapiVersion"))
        if version >= STOP_START_SINCE:
            return f"api/v2/torrents/{'stop' if verb == 'pause' else 'start'}"
        return f"api/v2/torrents/{verb}"

    async def _known_torrent(self, client: QBittorrentClient, torrent_hash: str) -> Torrent:
        """The torrent with this hash; NOT_FOUND when qBittorrent has none (it answers 200 to
        pausing an unknown hash, which would read as success)."""
        from integrations.qbittorrent.models import TORRENT_LIST

        response = await client.request(
            "GET", "api/v2/torrents/info", params={"hashes": torrent_hash.lower()}
        )
        torrents = client.parse(response, TORRENT_LIST)
        if not torrents:
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"qBittorrent has no torrent with hash {torrent_hash}",
                status=response.status_code,
                url=response.url,
            )
        return torrents[0]

    @action(
        "pauseAll",
        label="Pause all",
        description="Pauses (stops, in qBittorrent 5) every torrent.",
        affects=AFFECTS,
    )
    async def pause_all(self, client: QBittorrentClient, input: NoInput) -> ActionResult:
        path = await self._transfer_path(client, "pause")
        await client.request("POST", path, data={"hashes": "all"})
        return ActionResult(message="Paused every torrent")

    @action(
        "resumeAll",
        label="Resume all",
        description="Resumes (starts, in qBittorrent 5) every torrent.",
        affects=AFFECTS,
    )
    async def resume_all(self, client: QBittorrentClient, input: NoInput) -> ActionResult:
        path = await self._transfer_path(client, "resume")
        await client.request("POST", path, data={"hashes": "all"})
        return ActionResult(message="Resumed every torrent")

    @action(
        "pauseItem",
        label="Pause torrent",
        description="Pauses (stops, in qBittorrent 5) one torrent.",
        input=TorrentHashInput,
        affects=AFFECTS,
    )
    async def pause_item(self, client: QBittorrentClient, input: TorrentHashInput) -> ActionResult:
        torrent = await self._known_torrent(client, input.id)
        path = await self._transfer_path(client, "pause")
        await client.request("POST", path, data={"hashes": torrent.hash})
        return ActionResult(message=f"Paused {torrent.name}", affected=1)

    @action(
        "resumeItem",
        label="Resume torrent",
        description="Resumes (starts, in qBittorrent 5) one torrent.",
        input=TorrentHashInput,
        affects=AFFECTS,
    )
    async def resume_item(self, client: QBittorrentClient, input: TorrentHashInput) -> ActionResult:
        torrent = await self._known_torrent(client, input.id)
        path = await self._transfer_path(client, "resume")
        await client.request("POST", path, data={"hashes": torrent.hash})
        return ActionResult(message=f"Resumed {torrent.name}", affected=1)

    async def _alt_speed(self, client: QBittorrentClient, on: bool) -> ActionResult:
        """qBittorrent only toggles its alternative limits: read the mode, toggle only if it
        differs, then read it again (another client may have toggled at the same moment)."""
        words = "on" if on else "off"
        if await client.speed_limits_mode() == on:
            return ActionResult(message=f"Alternative speed limits were already {words}")
        await client.request("POST", "api/v2/transfer/toggleSpeedLimitsMode")
        try:
            now = await client.speed_limits_mode()
        except IntegrationError as err:
            raise PartiallyApplied(
                f"qBittorrent toggled its alternative speed limits (they should now be {words}) "
                f"but reading them back failed: {err.message}",
                status=err.status,
                url=err.url,
            ) from err
        if now != on:
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"qBittorrent toggled its alternative speed limits but reports them still "
                f"{'off' if on else 'on'}: did another client toggle them at the same time?",
            )
        return ActionResult(message=f"Alternative speed limits turned {words}")

    @action(
        "altSpeedOn",
        label="Alternative speed on",
        description="Turns qBittorrent's alternative speed limits on (toggles them only if they "
        "are off).",
        affects=("status",),
    )
    async def alt_speed_on(self, client: QBittorrentClient, input: NoInput) -> ActionResult:
        return await self._alt_speed(client, True)

    @action(
        "altSpeedOff",
        label="Alternative speed off",
        description="Turns qBittorrent's alternative speed limits off (toggles them only if they "
        "are on).",
        affects=("status",),
    )
    async def alt_speed_off(self, client: QBittorrentClient, input: NoInput) -> ActionResult:
        return await self._alt_speed(client, False)
