"""Flood: transfer status and the torrent list, as the shared download-client payloads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from integrations.actions import ActionResult, ItemInput, NoInput, action
from integrations.base import together
from integrations.capabilities import (
    MAX_QUEUE_ITEMS,
    DownloadClientStatus,
    DownloadItem,
    DownloadQueue,
    DownloadState,
)
from integrations.config import NoCredentials, UsernamePassword, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.flood.client import FloodClient
    from integrations.flood.models import Torrent

TORRENT_HASH_PATTERN = r"^[0-9A-Fa-f]{40}$"
AFFECTS = ("status", "torrents")


class TorrentHashInput(ItemInput):
    """One torrent, by its info hash (the ``torrents`` endpoint's item id)."""

    id: str = field(
        "Torrent",
        help="The torrent's info hash, as the torrents endpoint's item id shows it.",
        min_length=40,
        max_length=40,
        pattern=TORRENT_HASH_PATTERN,
    )


def plural(count: int) -> str:
    return f"{count} torrent{'' if count == 1 else 's'}"


def state_of(status: list[str], percent_complete: float) -> DownloadState:
    """One state from Flood's list of statuses, most telling first."""
    flags = set(status)
    if "error" in flags:
        return DownloadState.ERROR
    if "checking" in flags:
        return DownloadState.CHECKING
    if "downloading" in flags:
        return DownloadState.STALLED if "inactive" in flags else DownloadState.DOWNLOADING
    if "seeding" in flags:
        return DownloadState.SEEDING
    if "stopped" in flags:
        done = "complete" in flags or percent_complete >= 100
        return DownloadState.COMPLETED if done else DownloadState.PAUSED
    if "complete" in flags:
        return DownloadState.COMPLETED
    return DownloadState.UNKNOWN


def item_of(torrent: Torrent) -> DownloadItem:
    state = state_of(torrent.status, torrent.percent_complete)
    moving = state is DownloadState.DOWNLOADING
    return DownloadItem(
        id=torrent.hash,
        name=torrent.name,
        state=state,
        progress=min(max(torrent.percent_complete / 100, 0.0), 1.0),
        size=torrent.size_bytes,
        download_speed=torrent.down_rate,
        upload_speed=torrent.up_rate,
        eta_seconds=round(torrent.eta) if moving and torrent.eta >= 0 else None,
        category=torrent.tags[0] if torrent.tags else None,
        added_at=datetime.fromtimestamp(torrent.date_added, UTC)
        if torrent.date_added > 0
        else None,
    )


def limit(bytes_per_second: int | None) -> int | None:
    """A global rate limit, None when unlimited (0) or not reported."""
    return bytes_per_second if bytes_per_second else None


class Flood(Integration["FloodClient"]):
    id = "flood"
    name = "Flood"
    icon = "flood"
    categories = ("downloads", "torrent")
    docs_url = "https://github.com/jesec/flood/tree/master/server/routes/api"
    verification = "Built from the Flood API documentation, version 4.x"
    default_port = 3000
    credentials = (UsernamePassword, NoCredentials)
    client_class = "integrations.flood.client:FloodClient"

    async def test_connection(self, client: FloodClient) -> ServiceInfo:
        from integrations.flood.models import ACCESS_LEVELS, Verification

        # verify needs the session; Flood names no version of its own in its API.
        verification, connected = await together(
            client.get_json("api/auth/verify", Verification), client.torrent_client_connected()
        )
        details = {"torrentClient": "connected" if connected else "not connected"}
        if verification.username:
            details["user"] = verification.username
        if verification.level is not None:
            details["level"] = ACCESS_LEVELS.get(verification.level, str(verification.level))
        if verification.configs is not None and verification.configs.auth_method:
            details["authMethod"] = verification.configs.auth_method
        return ServiceInfo(version=None, details=details)

    @endpoint(
        "status",
        name="Status",
        description="Transfer speeds, global limits and torrent counts by state.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def status(self, client: FloodClient) -> DownloadClientStatus:
        from integrations.flood.models import ClientSettings, TorrentListSummary

        summary, settings = await together(
            client.get_json("api/torrents", TorrentListSummary),
            client.get_json("api/client/settings", ClientSettings),
        )
        torrents = summary.torrents.values()
        return DownloadClientStatus.from_states(
            (state_of(t.status, t.percent_complete) for t in torrents),
            download_speed=sum(t.down_rate for t in torrents),
            upload_speed=sum(t.up_rate for t in torrents),
            download_limit=limit(
                settings.throttle_global_down_speed or settings.throttle_global_down_max
            ),
            upload_limit=limit(
                settings.throttle_global_up_speed or settings.throttle_global_up_max
            ),
        )

    @endpoint(
        "torrents",
        name="Torrents",
        description=f"The torrents, active first then newest first (at most {MAX_QUEUE_ITEMS}).",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def torrents(self, client: FloodClient) -> DownloadQueue:
        from integrations.flood.models import TorrentListSummary

        summary = await client.get_json("api/torrents", TorrentListSummary)
        return DownloadQueue.of(item_of(torrent) for torrent in summary.torrents.values())

    async def _send(self, client: FloodClient, route: str, hashes: list[str]) -> None:
        """``POST api/torrents/stop`` or ``start`` with ``{hashes}``; its answer is empty."""
        await client.request("POST", f"api/torrents/{route}", json={"hashes": hashes})

    async def _all(self, client: FloodClient, route: str, verb: str) -> ActionResult:
        from integrations.flood.models import TorrentListSummary

        summary = await client.get_json("api/torrents", TorrentListSummary)
        hashes = [torrent.hash for torrent in summary.torrents.values()]
        if not hashes:
            return ActionResult(message=f"Flood has no torrents to {verb}", affected=0)
        await self._send(client, route, hashes)
        return ActionResult(
            message=f"{verb.capitalize()}d {plural(len(hashes))}", affected=len(hashes)
        )

    async def _one(
        self, client: FloodClient, route: str, verb: str, torrent_hash: str
    ) -> ActionResult:
        from integrations.flood.models import TorrentListSummary

        summary = await client.get_json("api/torrents", TorrentListSummary)
        wanted = torrent_hash.upper()  # Flood lists hashes in upper case
        torrent = next((t for t in summary.torrents.values() if t.hash.upper() == wanted), None)
        if torrent is None:
            raise IntegrationError(ErrorCode.NOT_FOUND, f"Flood has no torrent with hash {wanted}")
        await self._send(client, route, [torrent.hash])
        return ActionResult(message=f"{verb.capitalize()}d {torrent.name}", affected=1)

    @action(
        "pauseAll",
        label="Pause all",
        description="Stops every torrent Flood lists (api/torrents/stop).",
        affects=AFFECTS,
    )
    async def pause_all(self, client: FloodClient, input: NoInput) -> ActionResult:
        return await self._all(client, "stop", "pause")

    @action(
        "resumeAll",
        label="Resume all",
        description="Starts every torrent Flood lists (api/torrents/start).",
        affects=AFFECTS,
    )
    async def resume_all(self, client: FloodClient, input: NoInput) -> ActionResult:
        return await self._all(client, "start", "resume")

    @action(
        "pauseItem",
        label="Pause torrent",
        description="Stops one torrent (api/torrents/stop).",
        input=TorrentHashInput,
        affects=AFFECTS,
    )
    async def pause_item(self, client: FloodClient, input: TorrentHashInput) -> ActionResult:
        return await self._one(client, "stop", "pause", input.id)

    @action(
        "resumeItem",
        label="Resume torrent",
        description="Starts one torrent (api/torrents/start).",
        input=TorrentHashInput,
        affects=AFFECTS,
    )
    async def resume_item(self, client: FloodClient, input: TorrentHashInput) -> ActionResult:
        return await self._one(client, "start", "resume", input.id)
