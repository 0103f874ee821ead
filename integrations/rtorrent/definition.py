"""rTorrent: speeds, limits and torrents by state (DownloadClientStatus), its queue
(DownloadQueue), and pausing (d.stop) and resuming (d.start, or d.resume) torrents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from integrations.actions import ActionResult, ItemInput, NoInput, PartiallyApplied, action
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
TORRENT_HASH_PATTERN = r"^[0-9A-Fa-f]{40}$"
AFFECTS = ("status", "torrents")
BATCH = 500
"""Calls per system.multicall of an action on every torrent (rTorrent refuses an XML-RPC request
over network.xmlrpc.size_limit, 512 KiB by default; 500 calls are about 90 KB)."""


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


class TorrentHashInput(ItemInput):
    """One torrent, by its info hash (the ``torrents`` endpoint's item id)."""

    id: str = field(
        "Torrent",
        help="The torrent's info hash (d.hash), as the torrents endpoint's item id shows it.",
        min_length=40,
        max_length=40,
        pattern=TORRENT_HASH_PATTERN,
    )


def _state(row: list[Any]) -> DownloadState:
    (_hash, _name, started, complete, active, hashing, *_rest) = row
    message = str(row[10] or "")
    if hashing:
        return DownloadState.CHECKING
    if not started:  # stopped (d.stop): its last tracker message is no error of its own
        return DownloadState.COMPLETED if complete else DownloadState.PAUSED
    if not active:  # started but not running: paused (d.pause), or halted by an error
        return DownloadState.ERROR if message else DownloadState.PAUSED
    return DownloadState.SEEDING if complete else DownloadState.DOWNLOADING


def plural(count: int) -> str:
    return f"{count} torrent{'' if count == 1 else 's'}"


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
    verification = "Verified against a running rTorrent 0.9.8 (libtorrent 0.13.8) behind lighttpd"
    default_port = 80
    credentials = (NoCredentials, UsernamePassword)
    extra = RTorrentSettings
    client_class = "integrations.rtorrent.client:RTorrentClient"

    def _path(self, client: RTorrentClient) -> str:
        extra = client.config.extra
        return extra.rpc_path if isinstance(extra, RTorrentSettings) else "RPC2"

    async def _all_rows(self, client: RTorrentClient) -> list[list[Any]]:
        """Every torrent of the ``main`` view, as the FIELDS columns."""
        from integrations.rtorrent.models import FIELDS

        rows = await client.call(self._path(client), "d.multicall2", "", "main", *FIELDS)
        if not isinstance(rows, list) or any(
            not isinstance(r, list) or len(r) != len(FIELDS) for r in rows
        ):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE, "rTorrent's torrent list has an unexpected shape"
            )
        return rows

    async def _rows(self, client: RTorrentClient) -> list[list[Any]]:
        return (await self._all_rows(client))[:MAX_TORRENTS]

    async def test_connection(self, client: RTorrentClient) -> ServiceInfo:
        path = self._path(client)
        version, library = await together(
            client.call(path, "system.client_version"),
            client.call(path, "system.library_version"),
        )
        return ServiceInfo.of(str(version)[:40] or None, {"libtorrent": str(library)[:40]})

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

    async def _torrent(
        self, client: RTorrentClient, torrent_hash: str
    ) -> tuple[str, str, int, int, int]:
        """The torrent with this hash (rTorrent's ids are upper case): its hash, name, d.state,
        d.is_active and d.hashing, read in one system.multicall; NOT_FOUND when rTorrent has no
        torrent of that hash."""
        from pydantic import ValidationError

        from integrations.rtorrent.models import LOOKUP, TORRENT

        wanted = torrent_hash.upper()
        values = await client.multicall(self._path(client), [(m, (wanted,)) for m in LOOKUP])
        for value in values:
            if isinstance(value, IntegrationError):
                raise value
        try:
            name, started, active, hashing = TORRENT.validate_python(tuple(values))
        except ValidationError:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "rTorrent's answer about a torrent has an unexpected shape",
            ) from None
        return wanted, name[:300], started, active, hashing

    async def _apply(
        self, client: RTorrentClient, calls: Sequence[tuple[str, str]], verb: str
    ) -> int:
        """Runs ``(method, hash)`` calls in system.multicall batches; how many rTorrent
        applied. A torrent removed meanwhile is skipped; a refusal fails the action, or, when
        some calls were applied, makes it PartiallyApplied, saying how many of each."""
        done = refused = 0
        first: IntegrationError | None = None
        path = self._path(client)
        for start in range(0, len(calls), BATCH):
            batch = [(method, (h,)) for method, h in calls[start : start + BATCH]]
            try:
                results = await client.multicall(path, batch)
            except IntegrationError as err:
                if not done:
                    raise
                raise PartiallyApplied(
                    f"rTorrent {verb}d {plural(done)}, then the request for the other "
                    f"{plural(len(calls) - start)} failed: {err.message}",
                    status=err.status,
                    url=err.url,
                ) from err
            for result in results:
                if not isinstance(result, IntegrationError):
                    done += 1
                elif result.code is not ErrorCode.NOT_FOUND:
                    refused += 1
                    first = first or result
        if first is not None:
            if not done:
                raise IntegrationError(
                    ErrorCode.UPSTREAM_ERROR,
                    f"rTorrent refused to {verb} {plural(refused)}: {first.message}",
                )
            raise PartiallyApplied(
                f"rTorrent {verb}d {plural(done)} but refused {plural(refused)}: {first.message}"
            )
        return done

    @action(
        "pauseAll",
        label="Pause all",
        description="Stops every started torrent (d.stop, as rTorrent's ^D does).",
        affects=AFFECTS,
    )
    async def pause_all(self, client: RTorrentClient, input: NoInput) -> ActionResult:
        calls = [("d.stop", str(row[0])) for row in await self._all_rows(client) if row[2]]
        if not calls:
            return ActionResult(message="No torrent is started", affected=0)
        done = await self._apply(client, calls, "pause")
        return ActionResult(message=f"Paused {plural(done)}", affected=done)

    @action(
        "resumeAll",
        label="Resume all",
        description="Starts every stopped torrent (d.start) and resumes every paused one "
        "(d.resume).",
        affects=AFFECTS,
    )
    async def resume_all(self, client: RTorrentClient, input: NoInput) -> ActionResult:
        calls = [
            (_resume_method(started=bool(row[2])), str(row[0]))
            for row in await self._all_rows(client)
            if not (row[2] and (row[4] or row[5]))  # not running, nor checking
        ]
        if not calls:
            return ActionResult(message="Every torrent is running", affected=0)
        done = await self._apply(client, calls, "resume")
        return ActionResult(message=f"Resumed {plural(done)}", affected=done)

    @action(
        "pauseItem",
        label="Pause torrent",
        description="Stops one torrent (d.stop).",
        input=TorrentHashInput,
        affects=AFFECTS,
    )
    async def pause_item(self, client: RTorrentClient, input: TorrentHashInput) -> ActionResult:
        torrent_hash, name, started, _active, _hashing = await self._torrent(client, input.id)
        if not started:
            return ActionResult(message=f"{name} is already stopped", affected=0)
        await client.call(self._path(client), "d.stop", torrent_hash)
        return ActionResult(message=f"Paused {name}", affected=1)

    @action(
        "resumeItem",
        label="Resume torrent",
        description="Starts one stopped torrent (d.start), or resumes it if it is paused "
        "(d.resume).",
        input=TorrentHashInput,
        affects=AFFECTS,
    )
    async def resume_item(self, client: RTorrentClient, input: TorrentHashInput) -> ActionResult:
        torrent_hash, name, started, active, hashing = await self._torrent(client, input.id)
        if started and (active or hashing):
            return ActionResult(message=f"{name} is already running", affected=0)
        await client.call(self._path(client), _resume_method(started=bool(started)), torrent_hash)
        return ActionResult(message=f"Resumed {name}", affected=1)


def _resume_method(*, started: bool) -> str:
    """d.start for a stopped torrent (d.state 0); d.resume for one started but paused, which
    d.start leaves as it is (it is in rTorrent's ``started`` view already)."""
    return "d.resume" if started else "d.start"
