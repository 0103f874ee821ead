"""rTorrent integration against the real rTorrent 0.9.8 (Debian) started on loopback behind
lighttpd's SCGI mount with basic auth (tests/live/services/rtorrent): the connection test, the
endpoints compared with rTorrent's own XML-RPC answers, the refusal of a wrong password, and the
same through Tilewire's GraphQL API on each database.

rTorrent seeds the shared test torrent (verified 100 % from the local payload; its tracker is a
dead loopback port)."""

from __future__ import annotations

import time
import xmlrpc.client
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.rtorrent import integration
from integrations.rtorrent.client import RTorrentClient
from tests.live.graphql import check_through_graphql
from tests.live.services import TEST_PAYLOAD_DIR, TEST_TORRENT, ServiceInfo
from tests.live.specs.rtorrent import rpc
from tests.support.api import Api

pytestmark = pytest.mark.live

WRONG = "wrong-password"
SEED_TIMEOUT_S = 15.0
STEP_S = 0.2
COLUMNS = [
    "d.hash=",
    "d.name=",
    "d.state=",
    "d.complete=",
    "d.is_active=",
    "d.hashing=",
    "d.message=",
    "d.size_bytes=",
    "d.completed_bytes=",
    "d.timestamp.started=",
]


def settings(svc: ServiceInfo, password: str | None = None) -> dict[str, Any]:
    return {
        "url": svc.url,
        "credentials": {
            "type": "usernamePassword",
            "username": svc.username,
            "password": password or svc.password,
        },
    }


def seeded_hash() -> str:
    """The shared test torrent's info hash, upper case as rTorrent names torrents."""
    return TEST_TORRENT.with_suffix(".torrent.hash").read_text().strip().upper()


class Raw:
    """rTorrent's own answers through lighttpd, without Tilewire."""

    def __init__(self, svc: ServiceInfo) -> None:
        self.http = httpx.Client(trust_env=False, timeout=10)
        self.url = svc.url

    def __call__(self, method: str, *params: object) -> Any:
        return rpc(self.http, self.url, method, *params)

    def torrents(self) -> dict[str, dict[str, Any]]:
        """Every torrent by hash, its COLUMNS by name (``d.state``, ...)."""
        rows = self("d.multicall2", "", "main", *COLUMNS)
        names = [column.rstrip("=") for column in COLUMNS]
        return {row[0]: dict(zip(names, row, strict=True)) for row in rows}

    def state(self, torrent_hash: str) -> tuple[int, int, int]:
        """d.state, d.is_active and d.hashing of one torrent."""
        t = self.torrents()[torrent_hash]
        return t["d.state"], t["d.is_active"], t["d.hashing"]

    def until(self, torrent_hash: str, wanted: tuple[int, int, int], timeout: float = 5.0) -> None:
        """Wait (bounded) until the torrent's (d.state, d.is_active, d.hashing) is ``wanted``."""
        deadline = time.monotonic() + timeout
        while (now := self.state(torrent_hash)) != wanted:
            assert time.monotonic() < deadline, f"{torrent_hash}: {now}, not {wanted}"
            time.sleep(STEP_S)


RUNNING = (1, 1, 0)
STOPPED = (0, 0, 0)
PAUSED = (1, 0, 0)


@pytest.fixture
def raw(svc: ServiceInfo) -> Iterator[Raw]:
    raw = Raw(svc)
    yield raw
    raw.http.close()


@pytest.fixture
def seeded(raw: Raw) -> str:
    """The shared test torrent, verified complete and running; its hash. run.sh adds it once,
    and a run that ended between pausing and resuming leaves it stopped (d.state 0, kept in
    rTorrent's session) or paused: it is started (or resumed) here."""
    torrent_hash = seeded_hash()
    try:
        raw("d.name", torrent_hash)
    except xmlrpc.client.Fault:  # not there (a session dir removed by hand): add it
        raw("load.start_verbose", "", str(TEST_TORRENT), f"d.directory.set={TEST_PAYLOAD_DIR}")
    deadline = time.monotonic() + SEED_TIMEOUT_S
    while True:
        torrent = raw.torrents()[torrent_hash]
        state = (torrent["d.state"], torrent["d.is_active"], torrent["d.hashing"])
        if state == RUNNING and torrent["d.complete"] == 1:
            return torrent_hash
        if state == STOPPED:
            raw("d.start", torrent_hash)
        elif state == PAUSED:
            raw("d.resume", torrent_hash)
        assert time.monotonic() < deadline, f"test torrent not seeding: {torrent}"
        time.sleep(STEP_S)


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[RTorrentClient]:
    client = client_of(settings(svc))
    yield client
    await client.aclose()


def client_of(config: dict[str, Any]) -> RTorrentClient:
    return integration.create_client(integration.config_model.model_validate(config))


async def test_connection_reports_the_version(
    svc: ServiceInfo, client: RTorrentClient, raw: Raw
) -> None:
    info = await integration.test_connection(client)
    assert info.version == svc.version == raw("system.client_version") == "0.9.8"
    assert info.details == {"libtorrent": raw("system.library_version")}


async def refusal(svc: ServiceInfo, credentials: dict[str, Any]) -> IntegrationError:
    client = client_of({"url": svc.url, "credentials": credentials})
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert svc.password
    for secret in (WRONG, svc.password):
        assert secret not in str(caught.value) + repr(caught.value)
    return caught.value


async def test_a_wrong_password_is_unauthorized(svc: ServiceInfo) -> None:
    error = await refusal(svc, settings(svc, WRONG)["credentials"])
    assert (error.code, error.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "rejected the username or password" in error.message


async def test_no_credentials_are_unauthorized(svc: ServiceInfo) -> None:
    error = await refusal(svc, {"type": "none"})
    assert (error.code, error.status) == (ErrorCode.UNAUTHORIZED, 401)


def expected_state(torrent: dict[str, Any]) -> DownloadState:
    """The state rTorrent's own flags mean, as docs/notes/rtorrent.md tells them."""
    if torrent["d.hashing"]:
        return DownloadState.CHECKING
    if not torrent["d.state"]:
        return DownloadState.COMPLETED if torrent["d.complete"] else DownloadState.PAUSED
    if not torrent["d.is_active"]:
        return DownloadState.ERROR if torrent["d.message"] else DownloadState.PAUSED
    return DownloadState.SEEDING if torrent["d.complete"] else DownloadState.DOWNLOADING


def check_status(status: DownloadClientStatus, raw: Raw, version: str) -> None:
    torrents = raw.torrents().values()
    states = [expected_state(t) for t in torrents]
    assert status.total == len(torrents) >= 1
    assert status.seeding == states.count(DownloadState.SEEDING) >= 1
    assert status.paused == states.count(DownloadState.PAUSED)
    assert status.completed == states.count(DownloadState.COMPLETED)
    assert status.errored == states.count(DownloadState.ERROR)
    # No peer ever connects (private torrent, dead tracker): the rates stay 0.
    assert status.download_speed == raw("throttle.global_down.rate") == 0
    assert status.upload_speed == raw("throttle.global_up.rate") == 0
    assert status.download_limit == (raw("throttle.global_down.max_rate") or None)
    assert status.upload_limit == (raw("throttle.global_up.max_rate") or None)
    assert status.version == version


def check_torrents(queue: DownloadQueue, raw: Raw, seeded: str) -> None:
    torrents = raw.torrents()
    assert queue.total == len(torrents)
    assert {item.id for item in queue.items} == set(torrents)
    for item in queue.items:
        torrent = torrents[item.id]
        assert item.name == torrent["d.name"]
        assert item.state is expected_state(torrent)
        assert item.size == torrent["d.size_bytes"]
        assert item.progress == round(torrent["d.completed_bytes"] / torrent["d.size_bytes"], 4)
        started = torrent["d.timestamp.started"]
        assert item.added_at == (datetime.fromtimestamp(started, UTC) if started else None)
    ours = next(item for item in queue.items if item.id == seeded)
    assert (ours.name, ours.state, ours.progress, ours.size) == (
        "testfile.bin",
        DownloadState.SEEDING,
        1.0,
        200000,
    )


async def test_status_matches_rtorrent(
    svc: ServiceInfo, client: RTorrentClient, raw: Raw, seeded: str
) -> None:
    status = await integration.fetch_data(client, "status")
    assert isinstance(status, DownloadClientStatus)
    check_status(status, raw, svc.version)


async def test_torrents_match_rtorrent(client: RTorrentClient, raw: Raw, seeded: str) -> None:
    queue = await integration.fetch_data(client, "torrents")
    assert isinstance(queue, DownloadQueue)
    check_torrents(queue, raw, seeded)


async def test_through_graphql_matches_rtorrent(
    api: Api, svc: ServiceInfo, raw: Raw, seeded: str
) -> None:
    assert svc.password
    payloads = await check_through_graphql(
        api,
        "rtorrent",
        settings(svc),
        version=svc.version,
        wrong_credentials=settings(svc, WRONG),
        secrets=(svc.password, WRONG),
    )
    check_status(DownloadClientStatus.model_validate(payloads["status"]), raw, svc.version)
    check_torrents(DownloadQueue.model_validate(payloads["torrents"]), raw, seeded)
