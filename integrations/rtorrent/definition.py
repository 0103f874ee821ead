"""rTorrent: speeds, limits and torrents by state (DownloadClientStatus), and its queue
(DownloadQueue)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from integrations.base import together
from integrations.capabilities import (
    DownloadClientStatus,
    DownloadItem,
    DownloadQueue,
    DownloadState,
)
from integrations.config import ConfigModel, NoCredentials, UsernamePassword, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.rtorrent.client import RTorrentClient

MAX_TORRENTS = 5000


class RTorrentSettings(ConfigModel):
    """Where rTorrent's XML-RPC answers."""

    rpc_path: str = field(
        "RPC path",
        default="RPC2",
        max_length=200,
        pattern=r"^[A-Za-z0-9_./-]+$",
        help="The path of rTorrent's XML-RPC mount under the URL (RPC2 for the usual nginx or "
        "lighttpd SCGI mount).",
    )


def _state(row: list[Any]) -> DownloadState:
    (_hash, _name, started, complete, active, hashing, *_rest) = row
    message = str(row[10] or "")
    if hashing:
        return DownloadState.CHECKING
    if message and not active:
        return DownloadState.ERROR
    if not started:
        return DownloadState.COMPLETED if complete else DownloadState.PAUSED
    if not active:
        return DownloadState.PAUSED
    return DownloadState.SEEDING if complete else DownloadState.DOWNLOADING


def _item(row: list[Any]) -> DownloadItem:
    size, done, down, up = (int(row[i] or 0) for i in (6, 7, 8, 9))
    started = int(row[12] or 0)
    state = _state(row)
    eta = (size - done) // down if state is DownloadState.DOWNLOADING and down > 0 else None
    return DownloadItem(
        id=str(row[0]),
        name=str(row[1])[:300],
        state=state,
        progress=round(done / size, 4) if size else 0.0,
        size=size,
        download_speed=down,
        upload_speed=up,
        eta_seconds=eta,
        category=str(row[11]) or None,
        added_at=datetime.fromtimestamp(started, UTC) if started else None,
    )


class RTorrent(Integration["RTorrentClient"]):
    id = "rtorrent"
    name = "rTorrent"
    icon = "rtorrent"
    categories = ("downloads",)
    docs_url = "https://rtorrent-docs.readthedocs.io/en/latest/cmd-ref.html"
    verification = "Built from the rTorrent XML-RPC documentation, version 0.9.8"
    default_port = 80
    credentials = (NoCredentials, UsernamePassword)
    extra = RTorrentSettings
    client_class = "integrations.rtorrent.client:RTorrentClient"

    def _path(self, client: RTorrentClient) -> str:
        extra = client.config.extra
        return extra.rpc_path if isinstance(extra, RTorrentSettings) else "RPC2"

    async def _rows(self, client: RTorrentClient) -> list[list[Any]]:
        from integrations.rtorrent.models import FIELDS

        rows = await client.call(self._path(client), "d.multicall2", "", "main", *FIELDS)
        if not isinstance(rows, list) or any(
            not isinstance(r, list) or len(r) != len(FIELDS) for r in rows
        ):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE, "rTorrent's torrent list has an unexpected shape"
            )
        return rows[:MAX_TORRENTS]

    async def test_connection(self, client: RTorrentClient) -> ServiceInfo:
        version = await client.call(self._path(client), "system.client_version")
        return ServiceInfo.of(str(version)[:40] or None, {})

    @endpoint(
        "status",
        name="Status",
        description="Download and upload speeds and limits, and torrents by state.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def status(self, client: RTorrentClient) -> DownloadClientStatus:
        path = self._path(client)
        rows, down, up, down_limit, up_limit, version = await together(
            self._rows(client),
            client.call(path, "throttle.global_down.rate"),
            client.call(path, "throttle.global_up.rate"),
            client.call(path, "throttle.global_down.max_rate"),
            client.call(path, "throttle.global_up.max_rate"),
            client.call(path, "system.client_version"),
        )
        return DownloadClientStatus.from_states(
            (_state(row) for row in rows),
            download_speed=int(down or 0),
            upload_speed=int(up or 0),
            download_limit=int(down_limit) or None if down_limit else None,
            upload_limit=int(up_limit) or None if up_limit else None,
            version=str(version)[:40] or None,
        )

    @endpoint(
        "torrents",
        name="Torrents",
        description="The torrents moving data first, then the newest, with progress, speeds "
        "and label.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def torrents(self, client: RTorrentClient) -> DownloadQueue:
        return DownloadQueue.of(_item(row) for row in await self._rows(client))
