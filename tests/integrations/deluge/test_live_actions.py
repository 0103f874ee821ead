"""Deluge's actions through Tilewire's GraphQL API against the real deluged and deluge-web:
each test reads the state from Deluge's own JSON-RPC, acts, checks Deluge reports the change
(it applies a pause a moment after answering), and puts the state back."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from tests.integrations.deluge.test_live import Raw, config_of
from tests.integrations.deluge.test_live import raw as raw
from tests.live.actions import create_app, run_action, succeed
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = pytest.mark.live

PAUSED = "Paused"
SETTLE_S = 5.0
STEP_S = 0.2
UNKNOWN = "0123456789abcdef0123456789abcdef01234567"


async def until(what: str, check: Callable[[], Awaitable[bool]]) -> None:
    for _ in range(int(SETTLE_S / STEP_S)):
        if await check():
            return
        await asyncio.sleep(STEP_S)
    assert await check(), f"Deluge did not report {what} within {SETTLE_S} s"


async def states(raw: Raw) -> dict[str, str]:
    if not await raw("web.connected"):
        hosts = await raw("web.get_hosts")
        await raw("web.connect", hosts[0][0])
    listed = await raw("core.get_torrents_status", {}, ["state"])
    return {torrent_id: status["state"] for torrent_id, status in listed.items()}


async def none_paused(raw: Raw, ids: list[str]) -> bool:
    now = await states(raw)
    return all(now.get(i) != PAUSED for i in ids)


async def all_paused(raw: Raw) -> bool:
    return all(state == PAUSED for state in (await states(raw)).values())


async def restore(raw: Raw, before: dict[str, str]) -> None:
    """Resume what was running before the test and is paused now."""
    now = await states(raw)
    again = [i for i, s in before.items() if s != PAUSED and now.get(i) == PAUSED]
    if again:
        await raw("core.resume_torrents", again)
        await until("the torrents resumed", lambda: none_paused(raw, again))


async def test_pause_and_resume_one_torrent(api: Api, svc: ServiceInfo, raw: Raw) -> None:
    before = await states(raw)
    torrent_id = next(i for i, s in before.items() if s != PAUSED)
    app = await create_app(api, "deluge", config_of(svc))
    try:
        result = await run_action(api, app, "pauseItem", {"id": torrent_id})
        assert result["__typename"] == "ActionSuccess", result
        assert (result["message"], result["affected"]) == ("Paused testfile.bin", 1)
        await until("the torrent paused", lambda: _state_is(raw, torrent_id, PAUSED))

        await succeed(api, app, "resumeItem", {"id": torrent_id})
        await until("the torrent resumed", lambda: none_paused(raw, [torrent_id]))
    finally:
        await restore(raw, before)


async def _state_is(raw: Raw, torrent_id: str, state: str) -> bool:
    return (await states(raw)).get(torrent_id) == state


async def test_pause_all_then_resume_all(api: Api, svc: ServiceInfo, raw: Raw) -> None:
    before = await states(raw)
    app = await create_app(api, "deluge", config_of(svc))
    try:
        paused = await run_action(api, app, "pauseAll")
        assert paused["__typename"] == "ActionSuccess", paused
        assert paused["affected"] == len(before)
        await until("every torrent paused", lambda: all_paused(raw))
        await succeed(api, app, "resumeAll")
        await until("every torrent resumed", lambda: none_paused(raw, list(before)))
    finally:
        await restore(raw, before)


async def test_unknown_torrent_fails_as_not_found(api: Api, svc: ServiceInfo, raw: Raw) -> None:
    before = await states(raw)
    app = await create_app(api, "deluge", config_of(svc))
    result = await run_action(api, app, "pauseItem", {"id": UNKNOWN})
    assert result["__typename"] == "ActionFailure", result
    assert result["error"]["code"] == "NOT_FOUND"
    assert await states(raw) == before


async def test_no_alternative_speed_action(api: Api, svc: ServiceInfo) -> None:
    app = await create_app(api, "deluge", config_of(svc))
    result = await run_action(api, app, "altSpeedOn")
    assert result["__typename"] == "ValidationErrors", result
    assert [e["code"] for e in result["errors"]] == ["UNKNOWN_ACTION"]
