"""SABnzbd's actions through Tilewire's GraphQL API, against the real SABnzbd 3.7.1 on loopback
(sabnzbd/run.sh: one paused job, a dead news server). Each test reads the state from SABnzbd's
own API, runs the action, checks SABnzbd reports the change, and puts the state back."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.live.actions import create_app, run_action, succeed
from tests.live.services import ServiceInfo
from tests.live.specs.sabnzbd import API_KEY
from tests.support.api import Api

pytestmark = pytest.mark.live

SETTLE_S = 5.0
STEP_S = 0.2


def config(svc: ServiceInfo) -> dict[str, Any]:
    return {"url": svc.url, "credentials": {"type": "apiKey", "apiKey": API_KEY}}


async def raw(svc: ServiceInfo, mode: str, **params: str) -> Any:
    """SABnzbd's own answer, fetched without Tilewire."""
    query = {"mode": mode, "output": "json", "apikey": API_KEY, **params}
    async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
        response = await http.get(f"{svc.url}/api", params=query)
    response.raise_for_status()
    return response.json()


async def queue(svc: ServiceInfo) -> dict[str, Any]:
    answer: dict[str, Any] = (await raw(svc, "queue"))["queue"]
    return answer


async def settled(read: Callable[[], Awaitable[Any]], expected: Any) -> Any:
    """``read()`` once it gives ``expected``, or its last value after SETTLE_S."""
    deadline = time.monotonic() + SETTLE_S
    value = await read()
    while value != expected and time.monotonic() < deadline:
        await asyncio.sleep(STEP_S)
        value = await read()
    return value


async def test_pause_all_then_resume_all(api: Api, svc: ServiceInfo) -> None:
    assert (await queue(svc))["paused"] is False, "run.sh leaves the queue running"
    app = await create_app(api, "sabnzbd", config(svc))

    async def paused() -> bool:
        return bool((await queue(svc))["paused"])

    try:
        result = await run_action(api, app, "pauseAll")
        assert result["__typename"] == "ActionSuccess", result
        assert result["message"] == "Paused the download queue"
        assert {d["endpointId"] for d in result["data"]} == {"status", "queue"}
        assert await settled(paused, True) is True

        data = await succeed(api, app, "resumeAll")
        assert await settled(paused, False) is False
        assert data["queue"]["total"] == len((await queue(svc))["slots"])
    finally:
        await raw(svc, "resume")


async def test_resume_item_then_pause_item(api: Api, svc: ServiceInfo) -> None:
    slots = (await queue(svc))["slots"]
    job = next(s["nzo_id"] for s in slots if s["status"] == "Paused")
    app = await create_app(api, "sabnzbd", config(svc))

    async def job_status() -> str:
        found = (await raw(svc, "queue", nzo_ids=job))["queue"]["slots"]
        return str(found[0]["status"]) if found else "gone"

    # The whole queue is paused meanwhile, so the resumed job does not try the dead server.
    await raw(svc, "pause")
    try:
        result = await run_action(api, app, "resumeItem", {"id": job})
        assert result["__typename"] == "ActionSuccess", result
        assert (result["message"], result["affected"]) == (f"Resumed job {job}", 1)
        assert await settled(job_status, "Queued") == "Queued"
        refreshed = {d["endpointId"]: d["json"] for d in result["data"]}
        item = next(i for i in refreshed["queue"]["items"] if i["id"] == job)
        assert item["state"] == "queued"

        data = await succeed(api, app, "pauseItem", {"id": job})
        assert await settled(job_status, "Paused") == "Paused"
        item = next(i for i in data["queue"]["items"] if i["id"] == job)
        assert item["state"] == "paused"
    finally:
        await raw(svc, "queue", name="pause", value=job)
        await raw(svc, "resume")


async def test_unknown_job_is_not_found_and_changes_nothing(api: Api, svc: ServiceInfo) -> None:
    before = await queue(svc)
    app = await create_app(api, "sabnzbd", config(svc))
    result = await run_action(api, app, "pauseItem", {"id": "SABnzbd_nzo_nosuchjob"})
    assert result["__typename"] == "ActionFailure", result
    assert result["error"]["code"] == "NOT_FOUND"
    after = await queue(svc)
    assert [(s["nzo_id"], s["status"]) for s in after["slots"]] == [
        (s["nzo_id"], s["status"]) for s in before["slots"]
    ]
    assert after["paused"] == before["paused"]
