"""NZBGet integration against the real NZBGet started on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.nzbget import integration
from integrations.nzbget.client import NZBGetClient
from integrations.nzbget.definition import state_of
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = pytest.mark.live

FREE_SPACE_SLACK = 256 * 1024 * 1024  # other processes write to the same disk meanwhile


def config_of(svc: ServiceInfo, password: str | None = None) -> dict[str, Any]:
    return {
        "url": svc.url,
        "credentials": {
            "type": "usernamePassword",
            "username": svc.username,
            "password": password or svc.password,
        },
    }


def size(item: dict[str, Any], name: str) -> int:
    return int(item[f"{name}Hi"]) * 2**32 + int(item[f"{name}Lo"])


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[NZBGetClient]:
    client = integration.create_client(integration.config_model.model_validate(config_of(svc)))
    yield client
    await client.aclose()


class Raw:
    """NZBGet's own answers, fetched without Tilewire."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(self, method: str, *params: Any) -> Any:
        body = {"method": method, "params": list(params), "id": 1}
        response = await self.http.post("/jsonrpc", json=body)
        response.raise_for_status()
        data = response.json()
        assert "error" not in data, data
        return data["result"]


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[Raw]:
    assert svc.username is not None
    assert svc.password is not None
    auth = (svc.username, svc.password)
    async with httpx.AsyncClient(base_url=svc.url, auth=auth, trust_env=False, timeout=10) as http:
        yield Raw(http)


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    assert svc.password is not None
    payloads = await check_through_graphql(
        api,
        "nzbget",
        config_of(svc),
        version=svc.version,
        wrong_credentials=config_of(svc, "wrong-password"),
        secrets=(svc.password, "wrong-password"),
    )
    assert payloads["status"]["total"] == payloads["queue"]["total"] >= 2


async def test_connection_reports_service_version(svc: ServiceInfo, client: NZBGetClient) -> None:
    info = await integration.test_connection(client)
    assert info.version == svc.version == "21.0"


async def test_wrong_password_is_unauthorized(svc: ServiceInfo) -> None:
    client = integration.create_client(
        integration.config_model.model_validate(config_of(svc, "wrong-password"))
    )
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert "wrong-password" not in str(caught.value) + repr(caught.value)


async def test_status_matches_service(svc: ServiceInfo, client: NZBGetClient, raw: Raw) -> None:
    status = await integration.fetch_data(client, "status")
    raw_status, groups = await raw("status"), await raw("listgroups", 0)

    assert isinstance(status, DownloadClientStatus)
    assert raw_status["DownloadPaused"] is False
    statuses = [g["Status"] for g in groups]
    assert status.total == len(groups) >= 2, "nzbget/run.sh queues two NZBs"
    assert status.paused == statuses.count("PAUSED") >= 1
    assert status.queued == statuses.count("QUEUED") >= 1
    assert status.download_speed == raw_status["DownloadRate"] == 0
    assert status.download_limit == (raw_status["DownloadLimit"] or None)
    assert status.free_space is not None
    assert abs(status.free_space - size(raw_status, "FreeDiskSpace")) < FREE_SPACE_SLACK
    assert status.version == svc.version


async def test_queue_matches_service(client: NZBGetClient, raw: Raw) -> None:
    queue = await integration.fetch_data(client, "queue")
    groups = await raw("listgroups", 0)

    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(groups)
    assert [item.id for item in queue.items] == [str(g["NZBID"]) for g in groups]
    for item, group in zip(queue.items, groups, strict=True):
        assert item.name == group["NZBName"]
        assert item.state is state_of(group["Status"])
        assert item.size == size(group, "FileSize")
        assert item.progress == 1 - size(group, "RemainingSize") / size(group, "FileSize")
        assert item.category == (group["Category"] or None)
    assert ("tilewire-movies", "Movies") in [(i.name, i.category) for i in queue.items]


async def test_paused_download_queue(client: NZBGetClient, raw: Raw) -> None:
    await raw("pausedownload")
    try:
        status = await integration.fetch_data(client, "status")
        queue = await integration.fetch_data(client, "queue")
        assert (await raw("status"))["DownloadPaused"] is True
    finally:
        await raw("resumedownload")
    assert status.paused == status.total >= 2
    assert {item.state for item in queue.items} == {DownloadState.PAUSED}
