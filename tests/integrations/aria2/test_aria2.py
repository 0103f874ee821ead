"""aria2 integration against answers recorded from aria2 1.36.0 and transcribed from its
manual (RPC interface)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult, NoInput
from integrations.aria2 import integration
from integrations.aria2.client import Aria2Client
from integrations.aria2.definition import GidInput
from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    one_secret_config,
    response_of,
    secret_check,
)

ID = "aria2"
SECRET = "fixture-rpc-secret"
BASE = "http://aria2.test:6800"
RPC = ("POST", "/jsonrpc")

MakeClient = Callable[..., Aria2Client]

body = partial(fixture_body, ID)
config = one_secret_config(BASE, "rpcSecret", "secret", SECRET)
assert_no_secret = secret_check(SECRET)

FIXTURES = {
    "aria2.getVersion": "get_version",
    "aria2.getGlobalStat": "get_global_stat",
    "aria2.getGlobalOption": "get_global_option",
    "aria2.tellActive": "tell_active",
    "aria2.tellWaiting": "tell_waiting",
    "aria2.tellStopped": "tell_stopped",
    "aria2.pauseAll": "pause_all",
}
KNOWN_GIDS = {"2089b05ecca3d829", "a7fdc4e2c1b63f01", "504e646ba76fe9b8", "d7f1a4cc912eea83"}


def result(name: str) -> Any:
    return body(name)["result"]


class FakeAria2:
    """aria2's rules over the recorded answers: every call's first param is ``token:<secret>``
    (else 400 Unauthorized); pause/unpause know only the recorded GIDs."""

    def __init__(self, secret: str | None = SECRET) -> None:
        self.secret = secret
        self.calls: list[tuple[str, list[Any]]] = []
        self.upstream = FakeUpstream(ID, {RPC: self.handle})

    def handle(self, request: httpx.Request) -> httpx.Response:
        call = json.loads(request.content)
        assert call["jsonrpc"] == "2.0" and call["id"]
        method, params = call["method"], list(call["params"])
        if self.secret is not None and (not params or params.pop(0) != f"token:{self.secret}"):
            return response_of(fixture(ID, "unauthorized"))
        self.calls.append((method, params))
        if method in ("aria2.pause", "aria2.unpause"):
            if params[0] not in KNOWN_GIDS:
                return response_of(fixture(ID, "gid_not_found"))
            return httpx.Response(
                200, json={"id": call["id"], "jsonrpc": "2.0", "result": params[0]}
            )
        if method == "aria2.unpauseAll":
            return response_of(fixture(ID, "pause_all"))
        return response_of(fixture(ID, FIXTURES[method]))

    def methods(self) -> list[str]:
        return [method for method, _ in self.calls]


async def test_connection_says_the_version(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(FakeAria2().upstream))
    assert info.version == result("get_version")["version"] == "1.36.0"
    assert info.details == {"active": "0", "waiting": "1"}


async def test_status_counts_downloads_by_state(make_client: MakeClient) -> None:
    fake = FakeAria2()
    status = await integration.fetch_data(make_client(fake.upstream), "status")
    assert status == DownloadClientStatus(
        download_speed=0,
        upload_speed=0,
        downloading=1,  # the manual's active download
        seeding=1,  # the active torrent that has everything
        paused=1,
        queued=0,
        completed=0,
        errored=1,
        total=4,
        download_limit=None,  # max-overall-download-limit "0": unlimited
        upload_limit=1_048_576,
        free_space=None,
        version="1.36.0",
    )
    waiting = dict(fake.calls)["aria2.tellWaiting"]
    assert waiting[:2] == [0, 1000]  # bounded


async def test_queue_lists_every_download(make_client: MakeClient) -> None:
    queue = await integration.fetch_data(make_client(FakeAria2().upstream), "queue")
    assert isinstance(queue, DownloadQueue)
    items = {item.id: item for item in queue.items}
    assert queue.total == 4 and set(items) == KNOWN_GIDS
    active = items["2089b05ecca3d829"]
    assert (active.name, active.state, active.size) == ("file", DownloadState.DOWNLOADING, 34896138)
    assert active.progress == pytest.approx(901120 / 34896138)
    assert active.download_speed == 15158
    assert active.eta_seconds == (34896138 - 901120) // 15158
    seeding = items["a7fdc4e2c1b63f01"]
    assert (seeding.name, seeding.state, seeding.progress) == (
        "debian-12.iso",
        DownloadState.SEEDING,
        1.0,
    )
    assert seeding.upload_speed == 2048 and seeding.eta_seconds is None
    paused = items["504e646ba76fe9b8"]  # no file name yet: the URI's
    assert (paused.name, paused.state, paused.size, paused.progress) == (
        "file.iso",
        DownloadState.PAUSED,
        0,
        0.0,
    )
    assert items["d7f1a4cc912eea83"].state is DownloadState.ERROR
    assert queue.items[0].state is DownloadState.DOWNLOADING


async def test_a_wrong_secret_is_unauthorized_without_the_secret(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeAria2().upstream, "wrong-secret"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 400
    assert "--rpc-secret" in caught.value.message
    assert_no_secret(caught.value, "wrong-secret", SECRET)


async def test_no_secret_when_aria2_wants_one_says_so(clients: Any) -> None:
    client = clients({"url": BASE, "credentials": {"type": "none"}}, FakeAria2().upstream)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "RPC secret" in caught.value.message


async def test_without_a_secret_no_token_is_sent(clients: Any) -> None:
    fake = FakeAria2(secret=None)
    client = clients({"url": BASE, "credentials": {"type": "none"}}, fake.upstream)
    await integration.test_connection(client)
    assert all(not params for _, params in fake.calls)


async def test_rpc_path_is_configurable(clients: Any) -> None:
    fake = FakeAria2()
    fake.upstream.route("POST", "/aria2/jsonrpc", fake.handle)
    cfg = {**config(), "extra": {"rpcPath": "aria2/jsonrpc"}}
    info = await integration.test_connection(clients(cfg, fake.upstream))
    assert info.version == "1.36.0"


async def test_pause_all_and_resume_all(make_client: MakeClient) -> None:
    fake = FakeAria2()
    client = make_client(fake.upstream)
    paused = await integration.run_action(client, "pauseAll", NoInput())
    resumed = await integration.run_action(client, "resumeAll", NoInput())
    assert paused == ActionResult(message="Paused every download")
    assert resumed == ActionResult(message="Resumed every download")
    assert fake.calls == [("aria2.pauseAll", []), ("aria2.unpauseAll", [])]


async def test_pause_and_resume_one_download(make_client: MakeClient) -> None:
    fake = FakeAria2()
    client = make_client(fake.upstream)
    paused = await integration.run_action(client, "pauseItem", GidInput(id="2089B05ECCA3D829"))
    resumed = await integration.run_action(client, "resumeItem", GidInput(id="504e646ba76fe9b8"))
    assert paused == ActionResult(message="Paused download 2089b05ecca3d829", affected=1)
    assert resumed == ActionResult(message="Resumed download 504e646ba76fe9b8", affected=1)
    assert fake.calls == [
        ("aria2.pause", ["2089b05ecca3d829"]),
        ("aria2.unpause", ["504e646ba76fe9b8"]),
    ]


async def test_an_unknown_gid_is_not_found(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.run_action(
            make_client(FakeAria2().upstream), "pauseItem", GidInput(id="0123456789abcdef")
        )
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert "0123456789abcdef is not found" in caught.value.message


@pytest.mark.parametrize("gid", ["../../etc/passwd", "2089b05ecca3d82", "zzzzzzzzzzzzzzzz"])
def test_a_gid_that_is_not_one_is_refused(gid: str) -> None:
    with pytest.raises(ValidationError):
        GidInput.model_validate({"id": gid})
