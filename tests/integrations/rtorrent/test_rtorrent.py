"""rTorrent integration against XML-RPC answers of the rTorrent 0.9.8 command reference."""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.rtorrent import integration
from integrations.rtorrent.client import RTorrentClient
from tests.integrations.upstream import FakeUpstream, fixture, response_of

ID = "rtorrent"
BASE = "http://seedbox.test"

MakeClient = Callable[..., RTorrentClient]
ANSWERS = {
    "d.multicall2": "multicall",
    "throttle.global_down.rate": "down_rate",
    "throttle.global_up.rate": "up_rate",
    "throttle.global_down.max_rate": "down_max",
    "throttle.global_up.max_rate": "up_max",
    "system.client_version": "version",
}


def config(url: str = BASE, **extra: Any) -> dict[str, Any]:
    return {"url": url, "credentials": {"type": "none"}, "extra": extra}


def fake(path: str = "/RPC2", **answers: Any) -> FakeUpstream:
    def rpc(request: httpx.Request) -> httpx.Response:
        _, method = xmlrpc.client.loads(request.content)
        answer = {**ANSWERS, **answers}.get(method or "", "fault")
        if isinstance(answer, httpx.Response):
            return answer
        return response_of(fixture(ID, answer))

    return FakeUpstream(ID, {("POST", path): rpc})


async def test_status(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake()), "status")
    assert isinstance(payload, DownloadClientStatus)
    assert (payload.download_speed, payload.upload_speed) == (5242880, 196608)
    assert (payload.download_limit, payload.upload_limit, payload.version) == (
        None,
        1048576,
        "0.9.8",
    )
    assert (
        payload.downloading,
        payload.seeding,
        payload.paused,
        payload.errored,
        payload.completed,
    ) == (
        1,
        1,
        1,
        1,
        1,
    )


async def test_torrents(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake()), "torrents")
    assert isinstance(payload, DownloadQueue) and payload.total == 5
    first = payload.items[0]
    assert (first.name, first.state, first.progress) == (
        "ubuntu-24.04-desktop-amd64.iso",
        DownloadState.DOWNLOADING,
        0.5,
    )
    assert first.eta_seconds == (6114656256 - 3057328128) // 5242880 and first.category == "linux"
    states = {i.name: i.state for i in payload.items}
    assert states["broken-tracker"] is DownloadState.ERROR
    assert states["done-and-stopped"] is DownloadState.COMPLETED


async def test_another_rpc_path(make_client: MakeClient) -> None:
    info = await integration.test_connection(
        make_client(fake("/rutorrent/RPC"), rpc_path="rutorrent/RPC")
    )
    assert info.version == "0.9.8"


async def test_a_fault_quotes_rtorrent(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake(**{"d.multicall2": "fault"})), "torrents")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR and "not defined" in caught.value.message


@pytest.mark.parametrize(
    "text",
    [
        "<html>nginx</html>",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><methodResponse>&a;</methodResponse>',
    ],
)
async def test_not_xml_rpc_is_invalid(make_client: MakeClient, text: str) -> None:
    answer = httpx.Response(200, text=text)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(**{"system.client_version": answer})))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
