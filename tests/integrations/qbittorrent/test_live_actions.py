"""qBittorrent's actions through Tilewire's GraphQL API against the real qbittorrent-nox: each
test reads the state from qBittorrent's own API, acts, checks qBittorrent reports the change,
and puts the state back."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.integrations.qbittorrent.test_live import raw as raw
from tests.integrations.qbittorrent.test_live import raw_json
from tests.live.actions import create_app, run_action, succeed
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = pytest.mark.live

PAUSED = {"pausedUP", "pausedDL", "stoppedUP", "stoppedDL"}
SETTLE_S = 5.0
STEP_S = 0.2
UNKNOWN = "0123456789abcdef0123456789abcdef01234567"


def config_of(svc: ServiceInfo) -> dict[str, Any]:
    return {
        "url": svc.url,
        "credentials": {
            "type": "usernamePassword",
            "username": svc.username,
            "password": svc.password,
        },
    }


async def until(what: str, check: Callable[[], Awaitable[bool]]) -> None:
    """Wait (at most SETTLE_S) for qBittorrent to report ``check``: it applies a pause a
    moment after answering."""
    for _ in range(int(SETTLE_S / STEP_S)):
        if await check():
            return
        await asyncio.sleep(STEP_S)
    assert await check(), f"qBittorrent did not report {what} within {SETTLE_S} s"


async def states(raw: httpx.AsyncClient) -> dict[str, str]:
    return {t["hash"]: t["state"] for t in await raw_json(raw, "/api/v2/torrents/info")}


async def the_torrent(raw: httpx.AsyncClient) -> tuple[str, str]:
    listed = await states(raw)
    assert listed, "qbittorrent/run.sh seeds a torrent"
    return next(iter(listed.items()))


async def restore(raw: httpx.AsyncClient, before: dict[str, str]) -> None:
    """Resume what was running before the test and is paused now."""
    now = await states(raw)
    again = [h for h, state in before.items() if state not in PAUSED and now.get(h) in PAUSED]
    if again:
        await raw.post("/api/v2/torrents/resume", data={"hashes": "|".join(again)})
        await until("the torrents resumed", lambda: _none_paused(raw, again))


async def _none_paused(raw: httpx.AsyncClient, hashes: list[str]) -> bool:
    now = await states(raw)
    return all(now.get(h) not in PAUSED for h in hashes)


async def test_pause_and_resume_one_torrent(
    api: Api, svc: ServiceInfo, raw: httpx.AsyncClient
) -> None:
    before = await states(raw)
    torrent_hash, state = await the_torrent(raw)
    assert state not in PAUSED, f"the seeded torrent should be running: {state}"
    app = await create_app(api, "qbittorrent", config_of(svc))
    try:
        data = await succeed(api, app, "pauseItem", {"id": torrent_hash})
        await until("the torrent paused", lambda: _is(raw, torrent_hash, PAUSED))
        assert {i["id"] for i in data["torrents"]["items"]} == set(before)

        result = await run_action(api, app, "resumeItem", {"id": torrent_hash})
        assert result["__typename"] == "ActionSuccess", result
        assert result["message"] == "Resumed testfile.bin"
        assert result["affected"] == 1
        await until("the torrent resumed", lambda: _is_not(raw, torrent_hash, PAUSED))
    finally:
        await restore(raw, before)


async def _is(raw: httpx.AsyncClient, torrent_hash: str, wanted: set[str]) -> bool:
    return (await states(raw)).get(torrent_hash) in wanted


async def _is_not(raw: httpx.AsyncClient, torrent_hash: str, unwanted: set[str]) -> bool:
    return (await states(raw)).get(torrent_hash) not in unwanted


async def test_pause_all_then_resume_all(
    api: Api, svc: ServiceInfo, raw: httpx.AsyncClient
) -> None:
    before = await states(raw)
    app = await create_app(api, "qbittorrent", config_of(svc))
    try:
        await succeed(api, app, "pauseAll")
        await until("every torrent paused", lambda: _all_in(raw, PAUSED))
        await succeed(api, app, "resumeAll")
        await until("every torrent resumed", lambda: _none_paused(raw, list(before)))
    finally:
        await restore(raw, before)


async def _all_in(raw: httpx.AsyncClient, wanted: set[str]) -> bool:
    return all(state in wanted for state in (await states(raw)).values())


async def alt_mode(raw: httpx.AsyncClient) -> str:
    response = await raw.get("/api/v2/transfer/speedLimitsMode")
    response.raise_for_status()
    return response.text


async def test_alternative_speed_on_then_off(
    api: Api, svc: ServiceInfo, raw: httpx.AsyncClient
) -> None:
    before = await alt_mode(raw)
    app = await create_app(api, "qbittorrent", config_of(svc))
    try:
        if before == "1":  # someone left it on: start from off
            await succeed(api, app, "altSpeedOff")
        assert await alt_mode(raw) == "0"

        on = await run_action(api, app, "altSpeedOn")
        assert on["message"] == "Alternative speed limits turned on", on
        assert await alt_mode(raw) == "1"
        again = await run_action(api, app, "altSpeedOn")  # read first: no second toggle
        assert again["message"] == "Alternative speed limits were already on", again
        assert await alt_mode(raw) == "1"

        off = await run_action(api, app, "altSpeedOff")
        assert off["message"] == "Alternative speed limits turned off", off
        assert await alt_mode(raw) == "0"
    finally:
        if await alt_mode(raw) != before:
            await raw.post("/api/v2/transfer/toggleSpeedLimitsMode")
        assert await alt_mode(raw) == before


async def test_unknown_torrent_fails_as_not_found(
    api: Api, svc: ServiceInfo, raw: httpx.AsyncClient
) -> None:
    before = await states(raw)
    app = await create_app(api, "qbittorrent", config_of(svc))
    result = await run_action(api, app, "pauseItem", {"id": UNKNOWN})
    assert result["__typename"] == "ActionFailure", result
    assert result["error"]["code"] == "NOT_FOUND"
    assert await states(raw) == before
