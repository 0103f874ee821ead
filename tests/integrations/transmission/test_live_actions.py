"""Transmission's actions through Tilewire's GraphQL API against the real transmission-daemon:
each test reads the state from Transmission's own RPC, acts, checks Transmission reports the
change, and puts the state back."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.integrations.transmission.test_live import Raw
from tests.integrations.transmission.test_live import raw as raw
from tests.integrations.transmission.test_live import seeded as seeded
from tests.live.actions import create_app, run_action, succeed
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("seeded")]

STOPPED = 0
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
    for _ in range(int(SETTLE_S / STEP_S)):
        if await check():
            return
        await asyncio.sleep(STEP_S)
    assert await check(), f"Transmission did not report {what} within {SETTLE_S} s"


async def statuses(raw: Raw) -> dict[str, int]:
    listed = await raw("torrent-get", {"fields": ["hashString", "status"]})
    return {t["hashString"]: t["status"] for t in listed["torrents"]}


async def restore(raw: Raw, before: dict[str, int]) -> None:
    """Start again what was running before the test and is stopped now."""
    now = await statuses(raw)
    again = [h for h, s in before.items() if s != STOPPED and now.get(h) == STOPPED]
    if again:
        await raw("torrent-start", {"ids": again})
        await until("the torrents started", lambda: none_stopped(raw, again))


async def none_stopped(raw: Raw, hashes: list[str]) -> bool:
    now = await statuses(raw)
    return all(now.get(h) != STOPPED for h in hashes)


async def is_stopped(raw: Raw, torrent_hash: str) -> bool:
    return (await statuses(raw)).get(torrent_hash) == STOPPED


async def test_pause_and_resume_one_torrent(api: Api, svc: ServiceInfo, raw: Raw) -> None:
    before = await statuses(raw)
    torrent_hash = next(h for h, s in before.items() if s != STOPPED)
    app = await create_app(api, "transmission", config_of(svc))
    try:
        data = await succeed(api, app, "pauseItem", {"id": torrent_hash})
        await until("the torrent stopped", lambda: is_stopped(raw, torrent_hash))
        assert torrent_hash in {i["id"] for i in data["torrents"]["items"]}

        result = await run_action(api, app, "resumeItem", {"id": torrent_hash.upper()})
        assert result["__typename"] == "ActionSuccess", result
        assert (result["message"], result["affected"]) == ("Resumed testfile.bin", 1)
        await until("the torrent started", lambda: none_stopped(raw, [torrent_hash]))
    finally:
        await restore(raw, before)


async def test_pause_all_then_resume_all(api: Api, svc: ServiceInfo, raw: Raw) -> None:
    before = await statuses(raw)
    app = await create_app(api, "transmission", config_of(svc))
    try:
        await succeed(api, app, "pauseAll")
        await until("every torrent stopped", lambda: all_stopped(raw))
        await succeed(api, app, "resumeAll")
        await until("every torrent started", lambda: none_stopped(raw, list(before)))
    finally:
        await restore(raw, before)


async def all_stopped(raw: Raw) -> bool:
    return all(s == STOPPED for s in (await statuses(raw)).values())


async def alt_speed(raw: Raw) -> bool:
    session = await raw("session-get", {"fields": ["alt-speed-enabled"]})
    enabled: bool = session["alt-speed-enabled"]
    return enabled


async def test_alternative_speed_on_then_off(api: Api, svc: ServiceInfo, raw: Raw) -> None:
    before = await alt_speed(raw)
    app = await create_app(api, "transmission", config_of(svc))
    try:
        on = await succeed(api, app, "altSpeedOn")
        assert await alt_speed(raw) is True
        assert on["status"]["downloadLimit"] is not None  # turtle mode limits are in force
        await succeed(api, app, "altSpeedOff")
        assert await alt_speed(raw) is False
    finally:
        await raw("session-set", {"alt-speed-enabled": before})
        assert await alt_speed(raw) is before


async def test_unknown_torrent_fails_as_not_found(api: Api, svc: ServiceInfo, raw: Raw) -> None:
    before = await statuses(raw)
    app = await create_app(api, "transmission", config_of(svc))
    result = await run_action(api, app, "pauseItem", {"id": UNKNOWN})
    assert result["__typename"] == "ActionFailure", result
    assert result["error"]["code"] == "NOT_FOUND"
    assert await statuses(raw) == before
