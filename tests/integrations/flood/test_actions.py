"""Flood's actions against fixtures transcribed from Flood's API documentation (jesec/flood 4.x
route docs and shared types)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.errors import ErrorCode, IntegrationError
from integrations.flood import integration
from integrations.flood.client import FloodClient
from tests.integrations.flood.test_flood import (
    ID,
    TORRENTS,
    FakeFlood,
    assert_no_secret,
    body,
    torrents,
)
from tests.integrations.flood.test_flood import make_client as make_client
from tests.integrations.upstream import fixture

STOP = ("POST", "/api/torrents/stop")
START = ("POST", "/api/torrents/start")
ROUTES = {STOP: "torrents_stop", START: "torrents_start"}
HASH = "8A19577FB5F690970CA43A57FF1011AE202244B8"


async def run(client: FloodClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def sent(flood: FakeFlood, key: tuple[str, str]) -> list[Any]:
    return [json.loads(r.content) for r in flood.upstream.requests if (r.method, r.url.path) == key]


def test_actions_declared() -> None:
    actions = integration.actions
    assert list(actions) == ["pauseAll", "resumeAll", "pauseItem", "resumeItem"]
    assert "altSpeedOn" not in actions  # Flood's API documents no alternative speed mode
    assert not any(a.destructive for a in actions.values())
    assert all(a.affects == ("status", "torrents") for a in actions.values())


@pytest.mark.parametrize("bad", ["", HASH[:-1], "all", "../api/auth/" + HASH[12:]])
def test_item_input_takes_only_a_torrent_hash(bad: str) -> None:
    with pytest.raises(ValidationError):
        integration.actions["pauseItem"].input.model_validate({"id": bad})


@pytest.mark.parametrize(
    ("action_id", "key", "message"),
    [("pauseAll", STOP, "Paused 7 torrents"), ("resumeAll", START, "Resumed 7 torrents")],
)
async def test_all_sends_every_listed_hash(
    make_client: Callable[..., FloodClient], action_id: str, key: tuple[str, str], message: str
) -> None:
    flood = FakeFlood(ROUTES)
    result = await run(make_client(flood.upstream), action_id)
    assert result == ActionResult(message=message, affected=7)
    assert sent(flood, key) == [{"hashes": [t["hash"] for t in torrents()]}]


async def test_all_with_no_torrents_sends_nothing(make_client: Callable[..., FloodClient]) -> None:
    empty = {**body("torrents"), "torrents": {}}
    flood = FakeFlood({**ROUTES, TORRENTS: empty})
    result = await run(make_client(flood.upstream), "pauseAll")
    assert result == ActionResult(message="Flood has no torrents to pause", affected=0)
    assert flood.upstream.calls[STOP] == 0


@pytest.mark.parametrize(
    ("action_id", "key", "name", "verb"),
    [
        ("pauseItem", STOP, "torrents_stop", "Paused"),
        ("resumeItem", START, "torrents_start", "Resumed"),
    ],
)
async def test_item_sends_that_hash(
    make_client: Callable[..., FloodClient],
    action_id: str,
    key: tuple[str, str],
    name: str,
    verb: str,
) -> None:
    flood = FakeFlood(ROUTES)
    result = await run(make_client(flood.upstream), action_id, id=HASH.lower())
    assert result == ActionResult(message=f"{verb} debian-12.5.0-amd64-netinst.iso", affected=1)
    assert sent(flood, key) == [fixture(ID, name)["request"]["body"]]


async def test_unknown_torrent_is_not_found_and_nothing_is_sent(
    make_client: Callable[..., FloodClient],
) -> None:
    flood = FakeFlood(ROUTES)
    with pytest.raises(IntegrationError) as caught:
        await run(
            make_client(flood.upstream), "pauseItem", id="0123456789ABCDEF0123456789ABCDEF01234567"
        )
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert flood.upstream.calls[STOP] == 0


async def test_torrent_client_failure_is_upstream_error_sent_once(
    make_client: Callable[..., FloodClient],
) -> None:
    flood = FakeFlood({STOP: "torrents_stop_client_error"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(flood.upstream), "pauseItem", id=HASH)
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "ECONNREFUSED" in caught.value.message
    assert flood.upstream.calls[STOP] == 1
    assert_no_secret(caught.value)


async def test_expired_cookie_is_renewed_before_the_torrent_is_started(
    make_client: Callable[..., FloodClient],
) -> None:
    # A 401 means Flood did nothing: the look-up goes again after a new login, then the start.
    flood = FakeFlood(ROUTES)
    client = make_client(flood.upstream)
    await run(client, "pauseItem", id=HASH)
    flood.restart()
    await run(client, "resumeItem", id=HASH)
    assert flood.logins == 2
    assert sent(flood, START) == [{"hashes": [HASH]}]
