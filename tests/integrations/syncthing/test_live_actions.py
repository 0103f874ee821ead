"""Syncthing's actions through Tilewire's GraphQL API, against the real Syncthing on loopback:
each reads the state from Syncthing's own REST API, acts, checks the change there, and puts it
back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.live.actions import create_app, run_action, succeed
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = pytest.mark.live

FOLDER = "folder1"
WAIT_S = 5.0
STEP_S = 0.2


def config(svc: ServiceInfo) -> dict[str, Any]:
    return {"url": svc.url, "credentials": {"type": "apiKey", "apiKey": svc.password}}


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[httpx.AsyncClient]:
    """Syncthing's own REST API, without Tilewire."""
    assert svc.password is not None
    async with httpx.AsyncClient(
        base_url=svc.url, headers={"X-API-Key": svc.password}, timeout=10.0, trust_env=False
    ) as client:
        yield client


async def get(raw: httpx.AsyncClient, path: str) -> Any:
    response = await raw.get(path)
    response.raise_for_status()
    return response.json()


async def peer(raw: httpx.AsyncClient) -> str:
    """The remote device run.sh configures (never connected)."""
    me = (await get(raw, "/rest/system/status"))["myID"]
    devices = await get(raw, "/rest/config/devices")
    device_id: str = next(d["deviceID"] for d in devices if d["deviceID"] != me)
    return device_id


async def paused(raw: httpx.AsyncClient, device: str) -> bool:
    value: bool = (await get(raw, f"/rest/config/devices/{device}"))["paused"]
    return value


async def last_scan(raw: httpx.AsyncClient) -> datetime:
    return datetime.fromisoformat((await get(raw, "/rest/stats/folder"))[FOLDER]["lastScan"])


async def test_pause_and_resume_device(api: Api, svc: ServiceInfo, raw: httpx.AsyncClient) -> None:
    device = await peer(raw)
    assert await paused(raw, device) is False
    app = await create_app(api, "syncthing", config(svc))
    try:
        data = await succeed(api, app, "pauseDevice", {"device": device})
        assert await paused(raw, device) is True
        connections = await get(raw, "/rest/system/connections")
        assert connections["connections"][device]["paused"] is True
        assert data["status"]["devicesPaused"] == 1
        shown = {d["id"]: d["paused"] for d in data["status"]["devices"]}
        assert shown[device] is True

        data = await succeed(api, app, "resumeDevice", {"device": device})
        assert await paused(raw, device) is False
        assert data["status"]["devicesPaused"] == 0
    finally:
        (await raw.post("/rest/system/resume", params={"device": device})).raise_for_status()


async def test_rescan_folder(api: Api, svc: ServiceInfo, raw: httpx.AsyncClient) -> None:
    before = await last_scan(raw)
    # lastScan has whole seconds: let one pass so that the rescan's is later
    for _ in range(int(2 / STEP_S)):
        if datetime.now(UTC) >= before + timedelta(seconds=1.1):
            break
        await asyncio.sleep(STEP_S)
    app = await create_app(api, "syncthing", config(svc))

    result = await run_action(api, app, "rescanFolder", {"folder": FOLDER})

    assert result["__typename"] == "ActionSuccess", result
    assert result["message"] == f"Rescanning folder {FOLDER}"
    for _ in range(int(WAIT_S / STEP_S)):
        if await last_scan(raw) > before:
            break
        await asyncio.sleep(STEP_S)
    assert await last_scan(raw) > before


async def test_unknown_folder_is_not_found(api: Api, svc: ServiceInfo) -> None:
    app = await create_app(api, "syncthing", config(svc))
    result = await run_action(api, app, "rescanFolder", {"folder": "no-such-folder"})
    assert result["__typename"] == "ActionFailure", result
    assert result["error"]["code"] == "NOT_FOUND"
