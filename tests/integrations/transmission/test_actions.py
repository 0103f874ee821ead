"""Transmission's actions against fixtures recorded from Transmission 3.00 (RPC version 16)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.errors import ErrorCode, IntegrationError
from integrations.transmission import integration
from integrations.transmission.client import TransmissionClient
from tests.integrations.transmission.test_transmission import (
    ID,
    FakeTransmission,
    assert_no_secret,
)
from tests.integrations.transmission.test_transmission import config as config
from tests.integrations.upstream import fixture

HASH = "296a4efefc39f7e0d86b3d57f6746dac009a06ee"
UNKNOWN = "0123456789abcdef0123456789abcdef01234567"


async def run(client: TransmissionClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def recorded(name: str) -> dict[str, Any]:
    """The RPC body a fixture was recorded with: what Tilewire must send."""
    body: dict[str, Any] = fixture(ID, name)["request"]["body"]
    return body


def torrent_get(rpc: dict[str, Any]) -> str:
    known = rpc["arguments"].get("ids") == [HASH]
    return "torrent_get_by_hash" if known else "torrent_get_unknown_hash"


def fake(**methods: Any) -> FakeTransmission:
    return FakeTransmission({"torrent-get": torrent_get, **methods})


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
    assert actions["resumeItem"].affects == ("status", "torrents")
    assert actions["altSpeedOff"].affects == ("status",)


@pytest.mark.parametrize("bad", ["1", "recently-active", HASH + "0", "../" + HASH[3:]])
def test_item_input_takes_only_a_torrent_hash(bad: str) -> None:
    # Transmission's ids also take numbers and "recently-active": only a hash is an item here.
    with pytest.raises(ValidationError):
        integration.actions["pauseItem"].input.model_validate({"id": bad})


@pytest.mark.parametrize(
    ("action_id", "method", "name", "message"),
    [
        ("pauseAll", "torrent-stop", "torrent_stop_all", "Paused every torrent"),
        ("resumeAll", "torrent-start", "torrent_start_all", "Resumed every torrent"),
        (
            "altSpeedOn",
            "session-set",
            "session_set_alt_speed_on",
            "Alternative speed limits turned on",
        ),
        (
            "altSpeedOff",
            "session-set",
            "session_set_alt_speed_off",
            "Alternative speed limits turned off",
        ),
    ],
)
async def test_session_wide_actions_send_the_documented_rpc(
    make_client: Callable[..., TransmissionClient],
    action_id: str,
    method: str,
    name: str,
    message: str,
) -> None:
    transmission = fake(**{method: name})
    result = await run(make_client(transmission.upstream), action_id)
    assert result == ActionResult(message=message)
    assert transmission.bodies == [recorded(name)]


@pytest.mark.parametrize(
    ("action_id", "method", "name", "message"),
    [
        ("pauseItem", "torrent-stop", "torrent_stop", "Paused testfile.bin"),
        ("resumeItem", "torrent-start", "torrent_start", "Resumed testfile.bin"),
    ],
)
async def test_item_actions_look_the_torrent_up_then_act_on_it(
    make_client: Callable[..., TransmissionClient],
    action_id: str,
    method: str,
    name: str,
    message: str,
) -> None:
    transmission = fake(**{method: name})
    result = await run(make_client(transmission.upstream), action_id, id=HASH.upper())
    assert result == ActionResult(message=message, affected=1)
    assert transmission.bodies == [recorded("torrent_get_by_hash"), recorded(name)]


async def test_unknown_torrent_is_not_found_and_nothing_is_stopped(
    make_client: Callable[..., TransmissionClient],
) -> None:
    # Transmission answers success to stopping an id it does not know: the look-up tells.
    transmission = fake(**{"torrent-stop": "torrent_stop"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(transmission.upstream), "pauseItem", id=UNKNOWN)
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert UNKNOWN in caught.value.message
    assert [body["method"] for body in transmission.bodies] == ["torrent-get"]


async def test_refused_rpc_is_upstream_error_with_transmissions_words(
    make_client: Callable[..., TransmissionClient],
) -> None:
    transmission = fake(**{"session-set": "session_set_invalid"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(transmission.upstream), "altSpeedOn")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "download directory path is not absolute" in caught.value.message
    assert len(transmission.bodies) == 1  # sent once, never retried
    assert_no_secret(caught.value)


async def test_server_error_is_upstream_error(
    make_client: Callable[..., TransmissionClient],
) -> None:
    transmission = fake(**{"torrent-stop": httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(transmission.upstream), "pauseAll")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert len(transmission.bodies) == 1


async def test_new_session_id_is_taken_and_the_refused_rpc_sent_once_more(
    make_client: Callable[..., TransmissionClient],
) -> None:
    # A 409 is Transmission's CSRF guard: it applied nothing, so the request goes again once.
    transmission = fake(**{"torrent-start": "torrent_start_all"})
    client = make_client(transmission.upstream)
    transmission.rotate("RotatedSessionId0123456789abcdefghijklmnopqrstu")
    await run(client, "resumeAll")
    assert transmission.bodies == [recorded("torrent_start_all")]
