"""Frigate integration against answers shaped by Frigate 0.17.2's API documentation and sources
(frigate/stats/util.py, frigate/api/auth.py, the event response model)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode, IntegrationError
from integrations.frigate import integration
from integrations.frigate.client import FrigateClient
from integrations.frigate.definition import FrigateEvents, FrigateStats
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    response_of,
    secret_check,
)

ID = "frigate"
BASE = "http://frigate.test:8971"
STATS = ("GET", "/api/stats")
EVENTS = ("GET", "/api/events")
LOGIN = ("POST", "/api/login")
USER, PASSWORD = "admin", "fixture-password"
JWT = "eyJhbGciOiJIUzI1NiJ9.fixture.jwt"

MakeClient = Callable[..., FrigateClient]

assert_no_secret = secret_check(PASSWORD, always=(JWT,))


def config(password: str | None = None, url: str = BASE, **extra: Any) -> dict[str, Any]:
    credentials: dict[str, Any] = {"type": "none"}
    if password is not None:
        credentials = {"type": "usernamePassword", "username": USER, "password": password}
    return {"url": url, "credentials": credentials, "extra": extra}


class FakeFrigate:
    """Frigate's authenticated port: a login sets the JWT cookie every other call needs."""

    def __init__(self, *, protected: bool = True) -> None:
        self.logins = 0
        self.protected = protected
        self.upstream = FakeUpstream(
            ID,
            {STATS: "stats", EVENTS: "events", LOGIN: self.login},
            refuse=self.refuse,
            open_routes=[LOGIN],
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        self.logins += 1
        sent = json.loads(request.content)
        if sent != {"user": USER, "password": PASSWORD}:
            return response_of(fixture(ID, "login_failed"))
        return httpx.Response(200, headers={"set-cookie": f"frigate_token={JWT}; HttpOnly; Path=/"})

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if not self.protected or request.headers.get("cookie") == f"frigate_token={JWT}":
            return None
        return response_of(fixture(ID, "unauthorized"))


async def test_stats_without_a_login_on_the_internal_port(make_client: MakeClient) -> None:
    frigate = FakeFrigate(protected=False)
    payload = await integration.fetch_data(make_client(frigate.upstream), "stats")
    assert isinstance(payload, FrigateStats)
    assert frigate.logins == 0
    assert (payload.version, payload.latest_version, payload.uptime_seconds) == (
        "0.17.2-1a2b3c4",
        "0.17.2",
        86400,
    )
    backyard, front = payload.cameras
    assert backyard.name == "backyard" and not backyard.online
    assert backyard.connection_quality == "unusable"
    assert front.online and front.camera_fps == 5.0 and front.detection_fps == 1.2
    assert payload.cameras_online == 1
    assert [(d.name, d.inference_ms) for d in payload.detectors] == [("coral", 8.52)]
    assert payload.recordings_used_bytes == int(476837.2 * 2**20)
    assert payload.recordings_total_bytes == int(953674.3 * 2**20)


async def test_login_once_then_the_cookie(make_client: MakeClient) -> None:
    frigate = FakeFrigate()
    client = make_client(frigate.upstream, PASSWORD)
    info = await integration.test_connection(client)
    await integration.fetch_data(client, "stats")
    await integration.fetch_data(client, "events")
    assert info.version == "0.17.2-1a2b3c4" and info.details == {"cameras": "1 of 2 online"}
    assert frigate.logins == 1


async def test_an_expired_cookie_logs_in_again(make_client: MakeClient) -> None:
    frigate = FakeFrigate()
    client = make_client(frigate.upstream, PASSWORD)
    await integration.fetch_data(client, "stats")
    client.http.cookies.clear()  # the JWT expired: Frigate answers 401
    await integration.fetch_data(client, "stats")
    assert frigate.logins == 2


async def test_wrong_password_is_unauthorized_without_secrets(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeFrigate().upstream, "wrong-password"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "username or password" in caught.value.message
    assert_no_secret(caught.value, "wrong-password", PASSWORD)


async def test_a_login_needed_but_not_configured_says_so(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeFrigate().upstream))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "internal port (5000)" in caught.value.message


async def test_events_newest_first_without_thumbnails(make_client: MakeClient) -> None:
    frigate = FakeFrigate(protected=False)
    payload = await integration.fetch_data(
        make_client(frigate.upstream, camera="front_door"), "events"
    )
    assert isinstance(payload, FrigateEvents)
    person, car = payload.events
    assert (person.label, person.camera, person.score, person.zones) == (
        "person",
        "front_door",
        0.84,
        ["porch"],
    )
    assert person.start == datetime.fromtimestamp(1765000100.12, UTC) and person.end is None
    assert car.sub_label == "AB-123" and car.end is not None and not car.has_clip
    assert payload.in_progress == 1
    (sent,) = frigate.upstream.requests
    assert dict(sent.url.params) == {
        "limit": "10",
        "include_thumbnails": "0",
        "cameras": "front_door",
    }


def test_settings_are_bounded() -> None:
    for extra in ({"events": 0}, {"events": 51}, {"camera": "../x"}):
        with pytest.raises(ValidationError) as caught:
            integration.config_model.model_validate(config(**extra))
        assert caught.value.errors()[0]["loc"][0] == "extra"


async def test_an_answer_that_is_not_frigates_is_invalid(make_client: MakeClient) -> None:
    frigate = FakeFrigate(protected=False)
    frigate.upstream.routes[STATS] = {"cameras": {}}
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(frigate.upstream), "stats")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
