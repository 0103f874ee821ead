"""qBittorrent integration against the real qbittorrent-nox started on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from integrations.capabilities import DownloadClientStatus, DownloadQueue
from integrations.errors import ErrorCode, IntegrationError
from integrations.qbittorrent import integration
from integrations.qbittorrent.client import QBittorrentClient
from integrations.qbittorrent.definition import state_of
from tests.live.services import ServiceInfo, restart_service

pytestmark = pytest.mark.live

FREE_SPACE_SLACK = 256 * 1024 * 1024  # other processes write to the same disk meanwhile
SEEDING = {"uploading", "stalledUP", "forcedUP"}


class CountingClient(QBittorrentClient):
    logins = 0

    async def login(self) -> None:
        self.logins += 1
        await super().login()


def client_of(svc: ServiceInfo, password: str | None = None) -> CountingClient:
    integration.load()  # as create_client does: the endpoints use client.py and models.py
    config = integration.config_model.model_validate(
        {
            "url": svc.url,
            "credentials": {
                "type": "usernamePassword",
                "username": svc.username,
                "password": password or svc.password,
            },
        }
    )
    return CountingClient(config)


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[CountingClient]:
    client = client_of(svc)
    yield client
    await client.aclose()


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[httpx.AsyncClient]:
    """qBittorrent's own answers, fetched without Tilewire."""
    async with httpx.AsyncClient(base_url=svc.url, trust_env=False, timeout=10) as http:
        login = await http.post(
            "/api/v2/auth/login", data={"username": svc.username, "password": svc.password}
        )
        assert login.text == "Ok."
        yield http


async def raw_json(raw: httpx.AsyncClient, path: str, **params: Any) -> Any:
    response = await raw.get(path, params=params)
    response.raise_for_status()
    return response.json()


async def test_connection_reports_service_version(
    svc: ServiceInfo, client: CountingClient, raw: httpx.AsyncClient
) -> None:
    info = await integration.test_connection(client)
    assert info.version == svc.version == "v4.5.2"
    web_api = (await raw.get("/api/v2/app/webapiVersion")).text
    assert info.details == {"webApiVersion": web_api}
    assert client.logins == 1


async def test_wrong_password_is_unauthorized(svc: ServiceInfo) -> None:
    client = client_of(svc, password="wrong-password")
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 200  # qBittorrent 4.5 answers "Fails." with 200
    assert "wrong-password" not in str(caught.value) + repr(caught.value)


async def test_status_matches_service(
    svc: ServiceInfo, client: CountingClient, raw: httpx.AsyncClient
) -> None:
    # Just started, qBittorrent reports 0 bytes free until it has looked at the disk.
    for _ in range(100):
        maindata = await raw_json(raw, "/api/v2/sync/maindata", rid=0)
        if maindata["server_state"]["free_space_on_disk"] > 0:
            break
        await asyncio.sleep(0.1)
    status = await integration.fetch_data(client, "status")
    transfer = await raw_json(raw, "/api/v2/transfer/info")
    main = await raw_json(raw, "/api/v2/sync/maindata", rid=0)
    torrents = await raw_json(raw, "/api/v2/torrents/info")

    assert isinstance(status, DownloadClientStatus)
    states = [t["state"] for t in torrents]
    assert states, "qbittorrent/run.sh seeds a torrent"
    assert status.total == len(torrents)
    assert status.seeding == sum(s in SEEDING for s in states)
    assert status.paused == states.count("pausedDL")
    assert status.completed == states.count("pausedUP")
    assert status.download_speed == transfer["dl_info_speed"]
    assert status.upload_speed == transfer["up_info_speed"]
    assert status.download_limit == (transfer["dl_rate_limit"] or None)
    assert status.upload_limit == (transfer["up_rate_limit"] or None)
    assert status.free_space is not None
    free = main["server_state"]["free_space_on_disk"]
    assert abs(status.free_space - free) < FREE_SPACE_SLACK
    assert status.version == svc.version


async def test_torrents_match_service(client: CountingClient, raw: httpx.AsyncClient) -> None:
    queue = await integration.fetch_data(client, "torrents")
    torrents = {t["hash"]: t for t in await raw_json(raw, "/api/v2/torrents/info")}

    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(torrents)
    assert {item.id for item in queue.items} == set(torrents)
    for item in queue.items:
        torrent = torrents[item.id]
        assert item.name == torrent["name"]
        assert item.state is state_of(torrent["state"])
        assert item.progress == torrent["progress"]
        assert item.size == torrent["size"]
    assert any(item.name == "testfile.bin" and item.progress == 1 for item in queue.items)


async def test_session_reused_then_renewed_once_after_restart(
    client: CountingClient,
) -> None:
    await integration.test_connection(client)
    await integration.fetch_data(client, "status")
    await integration.fetch_data(client, "torrents")
    assert client.logins == 1

    restart_service("qbittorrent")  # forgets every SID: the kept cookie now gets 403

    status = await integration.fetch_data(client, "status")
    assert status.total >= 1
    assert client.logins == 2
    await integration.fetch_data(client, "torrents")
    assert client.logins == 2
