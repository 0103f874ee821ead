"""Deluge's actions against fixtures recorded from Deluge 2.0.3 (deluged + deluge-web)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.deluge import integration
from integrations.deluge.client import DelugeClient
from integrations.errors import ErrorCode, IntegrationError
from tests.integrations.deluge.test_deluge import ID, FakeDeluge, assert_no_secret
from tests.integrations.deluge.test_deluge import config as config
from tests.integrations.upstream import fixture

HASH = "296a4efefc39f7e0d86b3d57f6746dac009a06ee"
UNKNOWN = "0123456789abcdef0123456789abcdef01234567"
ANSWERS = {
    "core.get_session_state": "core_get_session_state",
    "core.pause_torrents": "core_pause_torrents",
    "core.resume_torrents": "core_resume_torrents",
    "core.pause_torrent": "core_pause_torrent",
    "core.resume_torrent": "core_resume_torrent",
}


class ActingDeluge(FakeDeluge):
    """FakeDeluge that also knows the recorded torrent's status, and keeps every call sent."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.calls: list[tuple[str, list[Any]]] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        call = json.loads(request.content)
        self.calls.append((call["method"], call["params"]))
        return super().handle(request)

    def fixture_for(self, method: str, params: list[Any]) -> str:
        if method == "core.get_torrent_status":
            known = params[0] == HASH
            return "core_get_torrent_status_name" if known else "core_get_torrent_status_unknown"
        return super().fixture_for(method, params)

    def sent(self, method: str) -> list[list[Any]]:
        return [params for name, params in self.calls if name == method]


def fake(**answers: Any) -> ActingDeluge:
    return ActingDeluge(answers={**ANSWERS, **answers})


async def run(client: DelugeClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def recorded_params(name: str) -> list[Any]:
    params: list[Any] = fixture(ID, name)["request"]["body"]["params"]
    return params


def test_actions_declared() -> None:
    actions = integration.actions
    assert list(actions) == ["pauseAll", "resumeAll", "pauseItem", "resumeItem"]
    assert "altSpeedOn" not in actions  # Deluge's core has no alternative speed limits
    assert not any(a.destructive for a in actions.values())
    assert all(a.affects == ("status", "torrents") for a in actions.values())


@pytest.mark.parametrize("bad", ["", HASH[:39], "all", "../" + HASH[3:]])
def test_item_input_takes_only_a_torrent_id(bad: str) -> None:
    with pytest.raises(ValidationError):
        integration.actions["pauseItem"].input.model_validate({"id": bad})


@pytest.mark.parametrize(
    ("action_id", "method", "name", "message"),
    [
        ("pauseAll", "core.pause_torrents", "core_pause_torrents", "Paused 1 torrent"),
        ("resumeAll", "core.resume_torrents", "core_resume_torrents", "Resumed 1 torrent"),
    ],
)
async def test_all_acts_on_every_listed_torrent(
    make_client: Callable[..., DelugeClient], action_id: str, method: str, name: str, message: str
) -> None:
    deluge = fake()
    result = await run(make_client(deluge.upstream), action_id)
    assert result == ActionResult(message=message, affected=1)
    assert deluge.sent(method) == [recorded_params(name)] == [[[HASH]]]
    # Each torrent's state is read afresh first: Deluge 2.0 decides on a cached state.
    methods = [name for name, _ in deluge.calls]
    assert methods.index("core.get_torrent_status") < methods.index(method)
    assert deluge.sent("core.get_torrent_status") == [
        recorded_params("core_get_torrent_status_name")
    ]


async def test_all_with_no_torrents_sends_nothing(make_client: Callable[..., DelugeClient]) -> None:
    # An empty list means "every torrent" to Deluge: with none listed nothing is sent at all.
    empty = httpx.Response(200, json={"result": [], "error": None, "id": 1})
    deluge = fake(**{"core.get_session_state": empty})
    result = await run(make_client(deluge.upstream), "pauseAll")
    assert result == ActionResult(message="Deluge has no torrents to pause", affected=0)
    assert deluge.sent("core.pause_torrents") == []


async def test_all_connects_a_disconnected_web_ui_first(
    make_client: Callable[..., DelugeClient],
) -> None:
    deluge = fake()
    deluge.connected = False
    await run(make_client(deluge.upstream), "resumeAll")
    methods = [name for name, _ in deluge.calls if name != "auth.login"]
    assert methods[: methods.index("core.get_session_state")] == [
        "web.connected",
        "web.get_hosts",
        "web.connect",
        "web.connected",
    ]


@pytest.mark.parametrize(
    ("action_id", "method", "name", "message"),
    [
        ("pauseItem", "core.pause_torrent", "core_pause_torrent", "Paused testfile.bin"),
        ("resumeItem", "core.resume_torrent", "core_resume_torrent", "Resumed testfile.bin"),
    ],
)
async def test_item_looks_the_torrent_up_then_acts_on_it(
    make_client: Callable[..., DelugeClient], action_id: str, method: str, name: str, message: str
) -> None:
    deluge = fake()
    result = await run(make_client(deluge.upstream), action_id, id=HASH.upper())
    assert result == ActionResult(message=message, affected=1)
    assert deluge.sent("core.get_torrent_status") == [
        recorded_params("core_get_torrent_status_name")
    ]
    assert deluge.sent(method) == [recorded_params(name)] == [[HASH]]


async def test_unknown_torrent_is_not_found_and_nothing_is_paused(
    make_client: Callable[..., DelugeClient],
) -> None:
    deluge = fake()
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(deluge.upstream), "pauseItem", id=UNKNOWN)
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert UNKNOWN in caught.value.message
    assert deluge.sent("core.pause_torrent") == []


async def test_daemon_error_is_upstream_error_sent_once(
    make_client: Callable[..., DelugeClient],
) -> None:
    # What the daemon answers for a torrent removed between the look-up and the pause.
    deluge = fake(**{"core.pause_torrent": "core_pause_torrent_unknown"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(deluge.upstream), "pauseItem", id=HASH)
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.message.startswith("Deluge could not run core.pause_torrent")
    assert len(caught.value.message) < 600  # the daemon's traceback is cut short
    assert len(deluge.sent("core.pause_torrent")) == 1
    assert_no_secret(caught.value)


async def test_expired_session_is_renewed_and_the_refused_call_sent_again(
    make_client: Callable[..., DelugeClient],
) -> None:
    # "Not authenticated" means Deluge ran nothing: the call goes again once after a login.
    deluge = fake()
    client = make_client(deluge.upstream)
    await run(client, "pauseAll")
    deluge.restart()
    await run(client, "resumeAll")
    assert deluge.logins == 2
    assert deluge.sent("core.resume_torrents") == [[[HASH]]]
