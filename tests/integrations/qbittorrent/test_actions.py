"""qBittorrent's actions against fixtures: pause/resume (stop/start since WebAPI 2.11) and the
alternative speed limits, which qBittorrent only toggles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult, PartiallyApplied
from integrations.errors import ErrorCode, IntegrationError
from integrations.qbittorrent import integration
from integrations.qbittorrent.client import QBittorrentClient
from tests.integrations.qbittorrent.test_qbittorrent import (
    ID,
    WEBAPI,
    FakeQBittorrent,
    assert_no_secret,
)
from tests.integrations.qbittorrent.test_qbittorrent import config as config
from tests.integrations.upstream import fixture, fixture_body, response_of

HASH = "296a4efefc39f7e0d86b3d57f6746dac009a06ee"
UNKNOWN = "0123456789abcdef0123456789abcdef01234567"
PAUSE = ("POST", "/api/v2/torrents/pause")
RESUME = ("POST", "/api/v2/torrents/resume")
STOP = ("POST", "/api/v2/torrents/stop")
START = ("POST", "/api/v2/torrents/start")
INFO = ("GET", "/api/v2/torrents/info")
MODE = ("GET", "/api/v2/transfer/speedLimitsMode")
TOGGLE = ("POST", "/api/v2/transfer/toggleSpeedLimitsMode")
V4_ROUTES = {PAUSE: "torrents_pause", RESUME: "torrents_resume", STOP: "torrents_stop_not_in_4"}
V5_ROUTES = {WEBAPI: "app_webapi_version_5", STOP: "torrents_stop", START: "torrents_start"}


async def run(client: QBittorrentClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def form(fake: FakeQBittorrent, key: tuple[str, str]) -> list[dict[str, list[str]]]:
    """The form bodies of the requests sent to ``key``."""
    return [
        parse_qs(r.content.decode())
        for r in fake.upstream.requests
        if (r.method, r.url.path) == key
    ]


def info_by_hash(request: httpx.Request) -> httpx.Response:
    """``torrents/info?hashes=h``: the recorded torrent when h is its hash, else []."""
    wanted = request.url.params.get("hashes")
    torrents = [t for t in fixture_body(ID, "torrents_info") if t["hash"] == wanted]
    return httpx.Response(200, json=torrents)


class SpeedMode:
    """``speedLimitsMode`` and ``toggleSpeedLimitsMode`` over one flag; ``sticky`` makes the
    toggle change nothing (another client toggled back at the same moment)."""

    def __init__(self, on: bool, *, sticky: bool = False) -> None:
        self.on, self.sticky = on, sticky

    def mode(self, request: httpx.Request) -> httpx.Response:
        return response_of(
            fixture(ID, "speed_limits_mode_on" if self.on else "speed_limits_mode_off")
        )

    def toggle(self, request: httpx.Request) -> httpx.Response:
        if not self.sticky:
            self.on = not self.on
        return response_of(fixture(ID, "toggle_speed_limits_mode"))

    def routes(self) -> dict[tuple[str, str], Any]:
        return {MODE: self.mode, TOGGLE: self.toggle}


def test_actions_declared() -> None:
    actions = integration.actions
    assert list(actions) == [
        "pauseAll",
        "resumeAll",
        "pauseItem",
        "resumeItem",
        "altSpeedOn",
        "altSpeedOff",
    ]
    assert not any(a.destructive for a in actions.values())
    assert actions["pauseAll"].affects == ("status", "torrents")
    assert actions["altSpeedOn"].affects == ("status",)
    assert [f.name for f in actions["pauseItem"].form()] == ["id"]


@pytest.mark.parametrize("bad", ["all", "../api/v2/app/shutdown", HASH[:-1], HASH + "|" + HASH])
def test_item_input_takes_only_a_torrent_hash(bad: str) -> None:
    with pytest.raises(ValidationError):
        integration.actions["pauseItem"].input.model_validate({"id": bad})


@pytest.mark.parametrize(
    ("action_id", "sent", "message"),
    [("pauseAll", PAUSE, "Paused every torrent"), ("resumeAll", RESUME, "Resumed every torrent")],
)
async def test_all_on_4x_uses_pause_and_resume(
    make_client: Callable[..., QBittorrentClient],
    action_id: str,
    sent: tuple[str, str],
    message: str,
) -> None:
    fake = FakeQBittorrent(V4_ROUTES)
    result = await run(make_client(fake.upstream), action_id)
    assert result == ActionResult(message=message)
    assert form(fake, sent) == [{"hashes": ["all"]}]
    assert fake.upstream.calls[STOP] == fake.upstream.calls[START] == 0


@pytest.mark.parametrize(("action_id", "sent"), [("pauseAll", STOP), ("resumeAll", START)])
async def test_all_on_5x_uses_stop_and_start(
    make_client: Callable[..., QBittorrentClient], action_id: str, sent: tuple[str, str]
) -> None:
    fake = FakeQBittorrent(V5_ROUTES)
    await run(make_client(fake.upstream), action_id)
    assert form(fake, sent) == [{"hashes": ["all"]}]
    assert fake.upstream.calls[PAUSE] == fake.upstream.calls[RESUME] == 0


@pytest.mark.parametrize(
    ("action_id", "routes", "sent", "message"),
    [
        ("pauseItem", V4_ROUTES, PAUSE, "Paused testfile.bin"),
        ("resumeItem", V4_ROUTES, RESUME, "Resumed testfile.bin"),
        ("pauseItem", V5_ROUTES, STOP, "Paused testfile.bin"),
        ("resumeItem", V5_ROUTES, START, "Resumed testfile.bin"),
    ],
)
async def test_item_pauses_or_resumes_that_torrent(
    make_client: Callable[..., QBittorrentClient],
    action_id: str,
    routes: dict[tuple[str, str], Any],
    sent: tuple[str, str],
    message: str,
) -> None:
    fake = FakeQBittorrent({**routes, INFO: info_by_hash})
    result = await run(make_client(fake.upstream), action_id, id=HASH.upper())
    assert result == ActionResult(message=message, affected=1)
    assert form(fake, sent) == [{"hashes": [HASH]}]
    looked_up = [r for r in fake.upstream.requests if (r.method, r.url.path) == INFO]
    assert [r.url.params["hashes"] for r in looked_up] == [HASH]


async def test_unknown_torrent_is_not_found_and_nothing_is_sent(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    # qBittorrent answers 200 to pausing a hash it does not have: the look-up tells.
    fake = FakeQBittorrent({**V4_ROUTES, INFO: "torrents_info_unknown_hash"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream), "pauseItem", id=UNKNOWN)
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert UNKNOWN in caught.value.message
    assert fake.upstream.calls[PAUSE] == 0
    assert_no_secret(caught.value)


@pytest.mark.parametrize(
    ("action_id", "before", "message"),
    [
        ("altSpeedOn", False, "Alternative speed limits turned on"),
        ("altSpeedOff", True, "Alternative speed limits turned off"),
    ],
)
async def test_alt_speed_toggles_when_needed(
    make_client: Callable[..., QBittorrentClient], action_id: str, before: bool, message: str
) -> None:
    speed = SpeedMode(before)
    fake = FakeQBittorrent(speed.routes())
    result = await run(make_client(fake.upstream), action_id)
    assert result == ActionResult(message=message)
    assert speed.on is not before
    assert fake.upstream.calls[TOGGLE] == 1
    assert fake.upstream.calls[MODE] == 2  # read before, checked after


@pytest.mark.parametrize(
    ("action_id", "already", "message"),
    [
        ("altSpeedOn", True, "Alternative speed limits were already on"),
        ("altSpeedOff", False, "Alternative speed limits were already off"),
    ],
)
async def test_alt_speed_already_there_is_not_toggled(
    make_client: Callable[..., QBittorrentClient], action_id: str, already: bool, message: str
) -> None:
    speed = SpeedMode(already)
    fake = FakeQBittorrent(speed.routes())
    result = await run(make_client(fake.upstream), action_id)
    assert result == ActionResult(message=message)
    assert speed.on is already
    assert fake.upstream.calls[TOGGLE] == 0


async def test_alt_speed_toggled_back_meanwhile_is_reported_not_retried(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    speed = SpeedMode(False, sticky=True)
    fake = FakeQBittorrent(speed.routes())
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream), "altSpeedOn")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "still off" in caught.value.message
    assert fake.upstream.calls[TOGGLE] == 1


async def test_alt_speed_mode_not_qbittorrents_is_invalid_response(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    fake = FakeQBittorrent({MODE: "not_that_service", TOGGLE: "toggle_speed_limits_mode"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream), "altSpeedOn")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert fake.upstream.calls[TOGGLE] == 0


async def test_refused_pause_is_upstream_error(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    fake = FakeQBittorrent({PAUSE: httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream), "pauseAll")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert fake.upstream.calls[PAUSE] == 1  # sent once, never retried
    assert_no_secret(caught.value)


async def test_expired_session_is_renewed_and_the_refused_pause_sent_again(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    # A 403 means qBittorrent applied nothing: the request is resent once after a new login.
    fake = FakeQBittorrent(V4_ROUTES)
    client = make_client(fake.upstream)
    await run(client, "pauseAll")
    fake.restart()
    await run(client, "resumeAll")
    assert fake.logins == 2
    assert form(fake, RESUME) == [{"hashes": ["all"]}]


async def test_alt_speed_toggled_but_not_read_back_is_partially_applied(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    # The toggle went through; only the check after it failed: the dashboard must not be told
    # that nothing happened (a second toggle would undo the first).
    speed = SpeedMode(False)
    reads = iter([speed.mode, lambda request: httpx.Response(500, text="Internal Server Error")])
    fake = FakeQBittorrent({MODE: lambda request: next(reads)(request), TOGGLE: speed.toggle})
    with pytest.raises(PartiallyApplied) as caught:
        await run(make_client(fake.upstream), "altSpeedOn")
    err = caught.value
    assert err.code is ErrorCode.PARTIALLY_APPLIED
    assert err.status == 500
    assert "toggled" in err.message and "should now be on" in err.message
    assert speed.on is True
    assert fake.upstream.calls[TOGGLE] == 1
    assert_no_secret(err)
