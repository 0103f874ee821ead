"""Deluge integration against the real deluged + deluge-web started on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from integrations.capabilities import DownloadClientStatus, DownloadQueue
from integrations.deluge import integration
from integrations.deluge.client import DelugeClient
from integrations.deluge.definition import state_of
from integrations.errors import ErrorCode, IntegrationError
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo, restart_service
from tests.support.api import Api

pytestmark = pytest.mark.live

FREE_SPACE_SLACK = 256 * 1024 * 1024  # other processes write to the same disk meanwhile
KEYS = ["name", "state", "progress", "total_wanted", "time_added"]


class CountingClient(DelugeClient):
    logins = 0

    async def login(self) -> str:
        self.logins += 1
        return await super().login()


def config_of(svc: ServiceInfo, password: str | None = None) -> dict[str, Any]:
    return {
        "url": svc.url,
        "credentials": {"type": "password", "password": password or svc.password},
    }


def client_of(svc: ServiceInfo, password: str | None = None) -> CountingClient:
    return CountingClient(integration.config_model.model_validate(config_of(svc, password)))


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[CountingClient]:
    client = client_of(svc)
    yield client
    await client.aclose()


class Raw:
    """Deluge's own answers, fetched without Tilewire."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(self, method: str, *params: Any) -> Any:
        response = await self.http.post(
            "/json", json={"method": method, "params": list(params), "id": 1}
        )
        response.raise_for_status()
        data = response.json()
        assert data["error"] is None, data
        return data["result"]


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[Raw]:
    async with httpx.AsyncClient(base_url=svc.url, trust_env=False, timeout=10) as http:
        rpc = Raw(http)
        assert await rpc("auth.login", svc.password) is True
        yield rpc


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    assert svc.password is not None
    payloads = await check_through_graphql(
        api,
        "deluge",
        config_of(svc),
        version=svc.version,
        wrong_credentials=config_of(svc, "wrong-password"),
        secrets=(svc.password, "wrong-password"),
    )
    assert payloads["status"]["total"] == payloads["torrents"]["total"] >= 1


async def test_connection_reports_service_version(
    svc: ServiceInfo, client: CountingClient, raw: Raw
) -> None:
    info = await integration.test_connection(client)
    assert info.version == svc.version == "2.0.3"
    assert info.details == {"libtorrentVersion": await raw("core.get_libtorrent_version")}
    assert client.logins == 1


async def test_wrong_password_is_unauthorized(svc: ServiceInfo) -> None:
    client = client_of(svc, password="wrong-password")
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 200  # Deluge answers {"result": false} with HTTP 200
    assert "wrong-password" not in str(caught.value) + repr(caught.value)


async def test_status_matches_service(svc: ServiceInfo, client: CountingClient, raw: Raw) -> None:
    status = await integration.fetch_data(client, "status")
    ui = await raw("web.update_ui", KEYS, {})
    stats, torrents = ui["stats"], ui["torrents"]

    assert isinstance(status, DownloadClientStatus)
    assert torrents, "deluge/run.sh seeds a torrent"
    states = [state_of(t["state"], t["progress"]) for t in torrents.values()]
    assert status.total == len(torrents)
    assert status.seeding == sum(s.value == "seeding" for s in states) >= 1
    assert status.paused == sum(s.value == "paused" for s in states)
    assert status.download_speed == round(stats["download_rate"])
    assert status.upload_speed == round(stats["upload_rate"])
    config = await raw("core.get_config_values", ["max_download_speed", "max_upload_speed"])
    assert config["max_download_speed"] == stats["max_download"] == -1  # unlimited
    assert status.download_limit is None
    assert status.upload_limit is None
    assert status.free_space is not None
    assert abs(status.free_space - stats["free_space"]) < FREE_SPACE_SLACK
    assert status.version == svc.version == await raw("daemon.get_version")


async def test_torrents_match_service(client: CountingClient, raw: Raw) -> None:
    queue = await integration.fetch_data(client, "torrents")
    torrents = (await raw("web.update_ui", KEYS, {}))["torrents"]

    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(torrents)
    assert {item.id for item in queue.items} == set(torrents)
    for item in queue.items:
        torrent = torrents[item.id]
        assert item.name == torrent["name"]
        assert item.state is state_of(torrent["state"], torrent["progress"])
        assert item.progress == torrent["progress"] / 100
        assert item.size == torrent["total_wanted"]
        assert item.added_at is not None
        assert item.added_at.timestamp() == torrent["time_added"]
    assert any(item.name == "testfile.bin" and item.progress == 1 for item in queue.items)


async def test_reconnects_a_disconnected_web_ui(client: CountingClient, raw: Raw) -> None:
    await raw("web.disconnect")
    assert await raw("web.connected") is False

    queue = await integration.fetch_data(client, "torrents")

    assert queue.total >= 1
    assert await raw("web.connected") is True


async def test_session_reused_then_renewed_once_after_restart(client: CountingClient) -> None:
    await integration.test_connection(client)
    await integration.fetch_data(client, "status")
    await integration.fetch_data(client, "torrents")
    assert client.logins == 1

    restart_service("deluge")  # run.sh rewrites web.conf: the kept session is unknown now

    status = await integration.fetch_data(client, "status")
    assert status.total >= 1
    assert client.logins == 2
    await integration.fetch_data(client, "torrents")
    assert client.logins == 2
