"""rTorrent's actions through Tilewire's GraphQL API against the real rTorrent 0.9.8 behind
lighttpd: each test reads the state from rTorrent's own XML-RPC, acts, checks rTorrent reports
the change (and the refreshed payload shows it), and puts the state back."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integrations.rtorrent.test_live import PAUSED, RUNNING, STOPPED, Raw, settings
from tests.integrations.rtorrent.test_live import raw as raw
from tests.integrations.rtorrent.test_live import seeded as seeded
from tests.live.actions import create_app, run_action, succeed
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = pytest.mark.live

UNKNOWN = "0123456789abcdef0123456789abcdef01234567"


def states(raw: Raw) -> dict[str, tuple[int, int, int]]:
    return {h: (t["d.state"], t["d.is_active"], t["d.hashing"]) for h, t in raw.torrents().items()}


def restore(raw: Raw, before: dict[str, tuple[int, int, int]]) -> None:
    """Start (or resume) again what was running before the test and is not now."""
    for torrent_hash, state in before.items():
        now = raw.state(torrent_hash)
        if state == RUNNING and now != RUNNING:
            raw("d.start" if now[0] == 0 else "d.resume", torrent_hash)
            raw.until(torrent_hash, RUNNING)


def item(data: dict[str, Any], torrent_hash: str) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in data["torrents"]["items"] if i["id"] == torrent_hash)
    return found


async def test_pause_and_resume_one_torrent(
    api: Api, svc: ServiceInfo, raw: Raw, seeded: str
) -> None:
    before = states(raw)
    app = await create_app(api, "rtorrent", settings(svc))
    try:
        data = await succeed(api, app, "pauseItem", {"id": seeded.lower()})
        raw.until(seeded, STOPPED)
        # Stopped and complete: "completed", as Transmission and qBittorrent show a stopped
        # finished torrent (an unfinished one would be "paused").
        assert item(data, seeded)["state"] == "completed"
        assert data["status"]["completed"] >= 1

        again = await run_action(api, app, "pauseItem", {"id": seeded})
        assert again["__typename"] == "ActionSuccess", again
        assert (again["message"], again["affected"]) == ("testfile.bin is already stopped", 0)

        result = await run_action(api, app, "resumeItem", {"id": seeded})
        assert result["__typename"] == "ActionSuccess", result
        assert (result["message"], result["affected"]) == ("Resumed testfile.bin", 1)
        raw.until(seeded, RUNNING)
        assert item({e["endpointId"]: e["json"] for e in result["data"]}, seeded)["state"] in (
            "seeding",
            "checking",
        )
    finally:
        restore(raw, before)


async def test_resume_a_torrent_paused_elsewhere(
    api: Api, svc: ServiceInfo, raw: Raw, seeded: str
) -> None:
    # ruTorrent's Pause (d.pause) leaves a torrent started but inactive; d.start would leave
    # it so, resumeItem resumes it.
    before = states(raw)
    app = await create_app(api, "rtorrent", settings(svc))
    try:
        raw("d.pause", seeded)
        raw.until(seeded, PAUSED)
        data = await succeed(api, app, "resumeItem", {"id": seeded})
        raw.until(seeded, RUNNING)
        assert item(data, seeded)["state"] == "seeding"
    finally:
        restore(raw, before)


async def test_pause_all_then_resume_all(api: Api, svc: ServiceInfo, raw: Raw, seeded: str) -> None:
    before = states(raw)
    started = sum(state[0] == 1 for state in before.values())
    app = await create_app(api, "rtorrent", settings(svc))
    try:
        paused = await run_action(api, app, "pauseAll")
        assert paused["__typename"] == "ActionSuccess", paused
        assert paused["affected"] == started >= 1
        assert all(state[0] == 0 for state in states(raw).values())

        resumed = await run_action(api, app, "resumeAll")
        assert resumed["__typename"] == "ActionSuccess", resumed
        assert resumed["affected"] == len(before)
        raw.until(seeded, RUNNING)
        assert all(state[0] == 1 for state in states(raw).values())
    finally:
        restore(raw, before)


async def test_unknown_torrent_fails_as_not_found(
    api: Api, svc: ServiceInfo, raw: Raw, seeded: str
) -> None:
    before = states(raw)
    app = await create_app(api, "rtorrent", settings(svc))
    for action_id in ("pauseItem", "resumeItem"):
        result = await run_action(api, app, action_id, {"id": UNKNOWN})
        assert result["__typename"] == "ActionFailure", result
        assert result["error"]["code"] == "NOT_FOUND"
        assert UNKNOWN.upper() in result["error"]["message"]
    assert states(raw) == before
