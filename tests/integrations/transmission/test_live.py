"""Transmission integration against the real transmission-daemon started on loopback."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from integrations.capabilities import DownloadClientStatus, DownloadQueue
from integrations.errors import ErrorCode, IntegrationError
from integrations.transmission import integration
from integrations.transmission.client import TransmissionClient
from integrations.transmission.definition import state_of
from integrations.transmission.models import TorrentStatus
from tests.live.services import (
    TEST_PAYLOAD_DIR,
    TEST_TORRENT,
    ServiceInfo,
    restart_service,
)

pytestmark = pytest.mark.live

FREE_SPACE_SLACK = 256 * 1024 * 1024  # other processes write to the same disk meanwhile
SEED_TIMEOUT_S = 15.0


class Raw:
    """Transmission's own answers, fetched without Tilewire (handshake done by hand)."""

    def __init__(self, svc: ServiceInfo) -> None:
        assert svc.username
        assert svc.password
        self.http = httpx.AsyncClient(
            auth=(svc.username, svc.password), trust_env=False, timeout=10
        )
        self.url = f"{svc.url}/transmission/rpc"

    async def __call__(self, method: str, arguments: dict[str, Any] | None = None) -> Any:
        body: dict[str, Any] = {"method": method, "arguments": arguments or {}}
        response = await self.http.post(self.url, json=body)
        if response.status_code == 409:
            self.http.headers["X-Transmission-Session-Id"] = response.headers[
                "X-Transmission-Session-Id"
            ]
            response = await self.http.post(self.url, json=body)
        response.raise_for_status()
        data = response.json()
        assert data["result"] == "success", data
        return data["arguments"]


def client_of(svc: ServiceInfo, credentials: dict[str, Any] | None = None) -> TransmissionClient:
    creds = credentials or {
        "type": "usernamePassword",
        "username": svc.username,
        "password": svc.password,
    }
    config = integration.config_model.model_validate({"url": svc.url, "credentials": creds})
    client = integration.create_client(config)
    return client


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[Raw]:
    raw = Raw(svc)
    yield raw
    await raw.http.aclose()


@pytest.fixture
async def seeded(raw: Raw) -> None:
    """The shared test torrent is in the list and verified (transmission/run.sh adds none)."""
    await raw(
        "torrent-add",
        {
            "metainfo": base64.b64encode(TEST_TORRENT.read_bytes()).decode(),
            "download-dir": str(TEST_PAYLOAD_DIR),
        },
    )  # answers "torrent-duplicate" when it is already there
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SEED_TIMEOUT_S
    while True:
        listed = await raw("torrent-get", {"fields": ["id", "name", "status", "percentDone"]})
        ours = [t for t in listed["torrents"] if t["name"] == "testfile.bin"]
        if any(t["status"] == 6 for t in ours):
            return
        if any(t["status"] == 0 for t in ours):
            # A run that ended between pausing and resuming leaves it stopped on the service.
            await raw("torrent-start", {"ids": [t["id"] for t in ours]})
        assert loop.time() < deadline, f"test torrent not seeding: {listed}"
        await asyncio.sleep(0.3)


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[TransmissionClient]:
    client = client_of(svc)
    yield client
    await client.aclose()


async def test_connection_reports_service_version(
    svc: ServiceInfo, client: TransmissionClient, raw: Raw
) -> None:
    info = await integration.test_connection(client)
    session = await raw("session-get", {"fields": ["rpc-version"]})
    assert info.version == svc.version == "3.00 (bb6b5a062e)"
    assert info.details == {"rpcVersion": str(session["rpc-version"])}


async def test_wrong_password_is_unauthorized(svc: ServiceInfo) -> None:
    client = client_of(
        svc, {"type": "usernamePassword", "username": svc.username, "password": "wrong-password"}
    )
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert "wrong-password" not in str(caught.value) + repr(caught.value)


async def test_missing_credentials_are_unauthorized(svc: ServiceInfo) -> None:
    client = client_of(svc, {"type": "none"})
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "username and password" in caught.value.message


@pytest.mark.usefixtures("seeded")
async def test_status_matches_service(
    svc: ServiceInfo, client: TransmissionClient, raw: Raw
) -> None:
    status = await integration.fetch_data(client, "status")
    stats = await raw("session-stats")
    session = await raw("session-get")
    torrents = (await raw("torrent-get", {"fields": ["status", "percentDone", "error"]}))[
        "torrents"
    ]

    assert isinstance(status, DownloadClientStatus)
    assert status.total == stats["torrentCount"] == len(torrents)
    assert status.seeding == sum(t["status"] == 6 and t["error"] == 0 for t in torrents) >= 1
    assert status.downloading == sum(t["status"] == 4 and t["error"] == 0 for t in torrents)
    assert status.download_speed == stats["downloadSpeed"]
    assert status.upload_speed == stats["uploadSpeed"]
    k = session["units"]["speed-bytes"]
    assert status.download_limit == (
        session["speed-limit-down"] * k if session["speed-limit-down-enabled"] else None
    )
    assert status.upload_limit == (
        session["speed-limit-up"] * k if session["speed-limit-up-enabled"] else None
    )
    assert status.free_space is not None
    assert abs(status.free_space - session["download-dir-free-space"]) < FREE_SPACE_SLACK
    assert status.version == svc.version


@pytest.mark.usefixtures("seeded")
async def test_torrents_match_service(client: TransmissionClient, raw: Raw) -> None:
    queue = await integration.fetch_data(client, "torrents")
    fields = ["hashString", "name", "status", "percentDone", "error", "sizeWhenDone"]
    torrents = {
        t["hashString"]: t for t in (await raw("torrent-get", {"fields": fields}))["torrents"]
    }

    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(torrents)
    assert {item.id for item in queue.items} == set(torrents)
    for item in queue.items:
        torrent = torrents[item.id]
        assert item.name == torrent["name"]
        assert item.state is state_of(TorrentStatus.model_validate(torrent))
        assert item.progress == torrent["percentDone"]
        assert item.size == torrent["sizeWhenDone"]
    assert any(item.name == "testfile.bin" and item.progress == 1 for item in queue.items)


async def test_new_session_id_after_restart(client: TransmissionClient) -> None:
    statuses: list[int] = []

    async def record(response: httpx.Response) -> None:
        statuses.append(response.status_code)

    client.http.event_hooks["response"].append(record)
    await integration.test_connection(client)
    await integration.test_connection(client)
    assert statuses == [409, 200, 200]  # one handshake, then the id is reused
    first_id = client.session_id

    restart_service("transmission")  # a new daemon issues a new session id
    statuses.clear()

    info = await integration.test_connection(client)
    assert info.version is not None
    assert statuses == [409, 200]
    assert client.session_id not in (None, first_id)
