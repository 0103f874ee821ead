"""NZBGet's actions through Tilewire's GraphQL API, against the real NZBGet 21.0 on loopback
(nzbget/run.sh: a paused NZB and a queued one, no reachable news server). Each test reads the
state from NZBGet's own JSON-RPC, runs the action, checks NZBGet reports the change, and puts
the state back."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.live.actions import create_app, run_action, succeed
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = pytest.mark.live

SETTLE_S = 5.0
STEP_S = 0.2
UNKNOWN_NZB = 99999


def config_of(svc: ServiceInfo) -> dict[str, Any]:
    return {
        "url": svc.url,
        "credentials": {
            "type": "usernamePassword",
            "username": svc.username,
            "password": svc.password,
        },
    }


Rpc = Callable[..., Awaitable[Any]]


@pytest.fixture
async def rpc(svc: ServiceInfo) -> AsyncIterator[Rpc]:
    """NZBGet's own JSON-RPC, without Tilewire."""
    assert svc.username and svc.password
    auth = (svc.username, svc.password)
    async with httpx.AsyncClient(base_url=svc.url, auth=auth, trust_env=False, timeout=10) as http:

        async def call(method: str, *params: Any) -> Any:
            body = {"method": method, "params": list(params), "id": 1}
            response = await http.post("/jsonrpc", json=body)
            response.raise_for_status()
            data = response.json()
            assert "error" not in data, data
            return data["result"]

        yield call


async def settled(read: Callable[[], Awaitable[Any]], expected: Any) -> Any:
    """``read()`` once it gives ``expected``, or its last value after SETTLE_S."""
    deadline = time.monotonic() + SETTLE_S
    value = await read()
    while value != expected and time.monotonic() < deadline:
        await asyncio.sleep(STEP_S)
        value = await read()
    return value


async def test_pause_all_then_resume_all(api: Api, svc: ServiceInfo, rpc: Rpc) -> None:
    assert (await rpc("status"))["DownloadPaused"] is False, "run.sh leaves downloads on"
    app = await create_app(api, "nzbget", config_of(svc))

    async def paused() -> bool:
        return bool((await rpc("status"))["DownloadPaused"])

    try:
        data = await succeed(api, app, "pauseAll")
        assert await settled(paused, True) is True
        # the refreshed status counts the queued NZB as paused while the queue is paused
        groups = await rpc("listgroups", 0)
        assert data["status"]["paused"] == len(groups)

        result = await run_action(api, app, "resumeAll")
        assert result["__typename"] == "ActionSuccess", result
        assert result["message"] == "Resumed the download queue"
        assert await settled(paused, False) is False
    finally:
        await rpc("resumedownload")


async def test_pause_item_then_resume_item(api: Api, svc: ServiceInfo, rpc: Rpc) -> None:
    queued = next(g["NZBID"] for g in await rpc("listgroups", 0) if g["Status"] == "QUEUED")
    app = await create_app(api, "nzbget", config_of(svc))

    async def group_status() -> str:
        groups = await rpc("listgroups", 0)
        return next((str(g["Status"]) for g in groups if g["NZBID"] == queued), "gone")

    try:
        result = await run_action(api, app, "pauseItem", {"id": str(queued)})
        assert result["__typename"] == "ActionSuccess", result
        assert (result["message"], result["affected"]) == (f"Paused NZB {queued}", 1)
        assert await settled(group_status, "PAUSED") == "PAUSED"
        refreshed = {d["endpointId"]: d["json"] for d in result["data"]}
        item = next(i for i in refreshed["queue"]["items"] if i["id"] == str(queued))
        assert item["state"] == "paused"

        data = await succeed(api, app, "resumeItem", {"id": str(queued)})
        assert await settled(group_status, "QUEUED") == "QUEUED"
        item = next(i for i in data["queue"]["items"] if i["id"] == str(queued))
        assert item["state"] == "queued"
    finally:
        await rpc("editqueue", "GroupResume", "", [queued])


async def test_unknown_nzb_is_not_found(api: Api, svc: ServiceInfo, rpc: Rpc) -> None:
    before = [(g["NZBID"], g["Status"]) for g in await rpc("listgroups", 0)]
    app = await create_app(api, "nzbget", config_of(svc))
    result = await run_action(api, app, "pauseItem", {"id": str(UNKNOWN_NZB)})
    assert result["__typename"] == "ActionFailure", result
    assert result["error"]["code"] == "NOT_FOUND"
    assert [(g["NZBID"], g["Status"]) for g in await rpc("listgroups", 0)] == before
