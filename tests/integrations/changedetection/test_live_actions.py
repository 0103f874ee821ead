"""changedetection.io's recheckAll through Tilewire's GraphQL API, against the real
changedetection.io on loopback: the queued watches' last_checked, as its own API reports it,
moves."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.live.actions import create_app, run_action
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = pytest.mark.live

WAIT_S = 20.0
"""Three watches on loopback (a page, a file, a closed port): each check takes well under a
second, but they run one after another behind whatever else is queued."""
STEP_S = 0.2


def config(svc: ServiceInfo) -> dict[str, Any]:
    return {"url": svc.url, "credentials": {"type": "apiKey", "apiKey": svc.password}}


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[httpx.AsyncClient]:
    """changedetection.io's own API, without Tilewire."""
    assert svc.password is not None
    async with httpx.AsyncClient(
        base_url=f"{svc.url}/api/v1",
        headers={"x-api-key": svc.password},
        timeout=10.0,
        trust_env=False,
    ) as client:
        yield client


async def last_checked(raw: httpx.AsyncClient) -> dict[str, int]:
    response = await raw.get("/watch")
    response.raise_for_status()
    return {uuid: watch["last_checked"] for uuid, watch in response.json().items()}


async def test_recheck_all_checks_the_queued_watches(
    api: Api, svc: ServiceInfo, raw: httpx.AsyncClient
) -> None:
    before = await last_checked(raw)
    assert before
    # last_checked has whole seconds: let the newest one's second pass
    for _ in range(int(2 / STEP_S)):
        if time.time() >= max(before.values()) + 1.1:
            break
        await asyncio.sleep(STEP_S)
    app = await create_app(api, "changedetection", config(svc))

    result = await run_action(api, app, "recheckAll")

    assert result["__typename"] == "ActionSuccess", result
    # A watch already queued or running is not queued twice (changedetection.io 0.60 keeps the
    # closed port's watch "running" after its error): the answer counts those it queued.
    queued = result["affected"]
    assert 1 <= queued <= len(before)
    assert {data["endpointId"] for data in result["data"]} == {"watches", "system"}
    assert all(data["error"] is None for data in result["data"]), result["data"]
    after = before
    for _ in range(int(WAIT_S / STEP_S)):
        after = await last_checked(raw)
        if checked_again(before, after) >= queued:
            break
        await asyncio.sleep(STEP_S)
    assert checked_again(before, after) >= queued, (queued, before, after)


def checked_again(before: dict[str, int], after: dict[str, int]) -> int:
    return sum(after[uuid] > checked for uuid, checked in before.items())
