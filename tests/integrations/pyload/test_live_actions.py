"""pyLoad's actions through Tilewire's GraphQL API, against the real pyLoad-ng on loopback
(pyload/run.sh: admin / adminpass123 and an API key). Each test reads the server's pause from
pyLoad's own API, runs the action, checks pyLoad reports the change, and unpauses it again."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from tests.live.actions import create_app, run_action, succeed
from tests.live.services import ServiceInfo
from tests.live.specs.pyload import API_KEY
from tests.support.api import Api

pytestmark = pytest.mark.live

SETTLE_S = 5.0
STEP_S = 0.5
"""pyLoad allows 100 API calls a minute per address: poll gently."""


def key_config(svc: ServiceInfo) -> dict[str, Any]:
    return {"url": svc.url, "credentials": {"type": "apiKey", "apiKey": API_KEY}}


def password_config(svc: ServiceInfo) -> dict[str, Any]:
    creds = {"type": "usernamePassword", "username": svc.username, "password": svc.password}
    return {"url": svc.url, "credentials": creds}


async def server(svc: ServiceInfo) -> dict[str, Any]:
    """pyLoad's own ``status_server``, fetched without Tilewire."""
    async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
        response = await http.get(f"{svc.url}/api/status_server", headers={"X-API-Key": API_KEY})
    response.raise_for_status()
    answer: dict[str, Any] = response.json()
    return answer


async def paused_settled(svc: ServiceInfo, expected: bool) -> bool:
    deadline = time.monotonic() + SETTLE_S
    value = bool((await server(svc))["pause"])
    while value != expected and time.monotonic() < deadline:
        await asyncio.sleep(STEP_S)
        value = bool((await server(svc))["pause"])
    return value


async def unpause(svc: ServiceInfo) -> None:
    async with httpx.AsyncClient(trust_env=False, timeout=10) as http:
        response = await http.post(f"{svc.url}/api/unpause_server", headers={"X-API-Key": API_KEY})
    response.raise_for_status()


@pytest.mark.parametrize("config", [key_config, password_config], ids=["api-key", "password"])
async def test_pause_all_then_resume_all(api: Api, svc: ServiceInfo, config: Any) -> None:
    before = await server(svc)
    assert before["pause"] is False and before["download"] is True, "run.sh leaves it running"
    app = await create_app(api, "pyload", config(svc))
    try:
        result = await run_action(api, app, "pauseAll")
        assert result["__typename"] == "ActionSuccess", result
        assert result["message"] == "Paused pyLoad: no new downloads start"
        assert await paused_settled(svc, True) is True
        assert (await server(svc))["download"] is False

        await succeed(api, app, "resumeAll")
        assert await paused_settled(svc, False) is False
        assert (await server(svc))["download"] is True
    finally:
        await unpause(svc)
