"""aria2 integration against the real aria2c (Debian 1.36.0) started on loopback: its
endpoints and actions through Tilewire's GraphQL API, compared with aria2's own RPC answers.

The test adds two downloads that cannot progress, from a closed loopback port (no internet):
one added paused, one that fails at once, so the queue holds a paused and an errored item."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from integrations.aria2 import integration
from integrations.capabilities import DownloadClientStatus, DownloadQueue
from integrations.errors import ErrorCode, IntegrationError
from tests.live.actions import create_app, run_action, succeed
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo
from tests.live.specs.aria2 import rpc
from tests.support.api import Api
from tests.support.server import free_port

pytestmark = pytest.mark.live

WRONG = "wrong-rpc-secret"
SETTLE_S = 10.0
STEP_S = 0.1
STATES = {"active": "downloading", "waiting": "queued", "paused": "paused", "error": "error"}
STATES["complete"] = "completed"
KEYS = ["gid", "status", "totalLength", "completedLength", "seeder"]


def settings(svc: ServiceInfo, secret: str | None = None) -> dict[str, Any]:
    return {"url": svc.url, "credentials": {"type": "rpcSecret", "secret": secret or svc.password}}


class Raw:
    """aria2's own answers, without Tilewire."""

    def __init__(self, svc: ServiceInfo) -> None:
        self.http = httpx.Client(trust_env=False, timeout=10)
        self.url = svc.url

    def __call__(self, method: str, *params: object) -> Any:
        return rpc(self.http, self.url, f"aria2.{method}", *params)

    def downloads(self) -> dict[str, dict[str, Any]]:
        listed = [
            *self("tellActive", KEYS),
            *self("tellWaiting", 0, 1000, KEYS),
            *self("tellStopped", 0, 1000, KEYS),
        ]
        return {d["gid"]: d for d in listed if d["status"] != "removed"}


@pytest.fixture
def raw(svc: ServiceInfo) -> Iterator[Raw]:
    raw = Raw(svc)
    yield raw
    raw.http.close()


@pytest.fixture
def stuck(raw: Raw) -> Iterator[tuple[str, str]]:
    """A paused download and a failed one, both from a closed loopback port; removed after."""
    dead = f"http://127.0.0.1:{free_port()}"
    paused = raw("addUri", [f"{dead}/paused.iso"], {"pause": "true"})
    failed = raw("addUri", [f"{dead}/failed.bin"])
    until(raw, failed, ("error",))  # at once: connection refused, --max-tries=1
    yield paused, failed
    for gid in (paused, failed):
        remove(raw, gid)


async def test_connection_reports_the_version(svc: ServiceInfo) -> None:
    config = integration.config_model.model_validate(settings(svc))
    client = integration.create_client(config)
    try:
        info = await integration.test_connection(client)
    finally:
        await client.aclose()
    assert info.version == svc.version == "1.36.0"


async def test_a_wrong_secret_is_unauthorized(svc: ServiceInfo) -> None:
    config = integration.config_model.model_validate(settings(svc, WRONG))
    client = integration.create_client(config)
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert WRONG not in str(caught.value) + repr(caught.value)


async def test_through_graphql_matches_aria2(
    api: Api, svc: ServiceInfo, raw: Raw, stuck: tuple[str, str]
) -> None:
    assert svc.password
    payloads = await check_through_graphql(
        api,
        "aria2",
        settings(svc),
        version=svc.version,
        wrong_credentials=settings(svc, WRONG),
        secrets=(svc.password, WRONG),
    )
    downloads = raw.downloads()
    stat = raw("getGlobalStat")
    status = DownloadClientStatus.model_validate(payloads["status"])
    assert status.version == svc.version
    assert status.total == len(downloads) >= 2
    assert status.paused == sum(d["status"] == "paused" for d in downloads.values()) >= 1
    assert status.errored == sum(d["status"] == "error" for d in downloads.values()) >= 1
    assert status.download_speed == int(stat["downloadSpeed"])
    option = raw("getGlobalOption")
    assert status.download_limit == (int(option["max-overall-download-limit"]) or None)

    queue = DownloadQueue.model_validate(payloads["queue"])
    assert queue.total == len(downloads)
    items = {item.id: item for item in queue.items}
    paused, failed = stuck
    assert (items[paused].name, items[paused].state) == ("paused.iso", "paused")
    assert items[failed].state == "error"
    for gid, item in items.items():
        assert item.state == STATES[downloads[gid]["status"]]
        assert item.size == int(downloads[gid]["totalLength"])


@pytest.fixture
def silent() -> Iterator[str]:
    """A loopback URL whose server accepts the connection and never answers: a download from
    it stays active (aria2's --timeout is 60 s) without any data."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield f"http://127.0.0.1:{server.getsockname()[1]}/silent.iso"


def until(raw: Raw, gid: str, statuses: tuple[str, ...]) -> str:
    """Wait (bounded) until aria2 reports the download in one of ``statuses``."""
    status = ""
    for _ in range(int(SETTLE_S / STEP_S)):
        status = raw("tellStatus", gid, ["status"])["status"]
        if status in statuses:
            return status
        time.sleep(STEP_S)
    raise AssertionError(f"aria2 reports {gid} {status}, not {statuses}, after {SETTLE_S} s")


def remove(raw: Raw, gid: str) -> None:
    with contextlib.suppress(httpx.HTTPError):  # a stopped download has only a result left
        raw("forceRemove", gid)
    with contextlib.suppress(httpx.HTTPError):
        until(raw, gid, ("removed", "error", "complete"))
        raw("removeDownloadResult", gid)


async def test_actions_through_graphql(
    api: Api, svc: ServiceInfo, raw: Raw, stuck: tuple[str, str], silent: str
) -> None:
    app = await create_app(api, "aria2", settings(svc))
    gid = raw("addUri", [silent])
    try:
        until(raw, gid, ("active",))
        data = await succeed(api, app, "pauseItem", {"id": gid.upper()})
        until(raw, gid, ("paused",))
        assert {"id": gid, "state": "paused"}.items() <= next(
            i for i in data["queue"]["items"] if i["id"] == gid
        ).items()

        result = await run_action(api, app, "resumeItem", {"id": gid})
        assert result["__typename"] == "ActionSuccess", result
        assert (result["message"], result["affected"]) == (f"Resumed download {gid}", 1)
        until(raw, gid, ("active", "waiting"))

        await succeed(api, app, "pauseAll")
        until(raw, gid, ("paused",))
        await succeed(api, app, "resumeAll")
        until(raw, gid, ("active", "waiting"))

        unknown = await run_action(api, app, "pauseItem", {"id": "0123456789abcdef"})
        assert unknown["__typename"] == "ActionFailure", unknown
        assert unknown["error"]["code"] == "NOT_FOUND"
    finally:
        remove(raw, gid)
