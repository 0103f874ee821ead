"""Beszel integration against PocketBase answers carrying Beszel 0.18.8's system records."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.beszel import integration
from integrations.beszel.client import BeszelClient
from integrations.beszel.definition import BeszelSystems
from integrations.errors import ErrorCode, IntegrationError
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "beszel"
EMAIL, PASSWORD = "admin@example.com", "fixture-password"
BASE = "http://beszel.test:8090"
TOKEN = fixture_body(ID, "auth")["token"]

MakeClient = Callable[..., BeszelClient]
assert_no_secret = secret_check(PASSWORD, always=(TOKEN,))


def config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": EMAIL, "password": password},
    }


class FakeBeszel:
    def __init__(self) -> None:
        self.logins = 0
        self.valid = True
        auth = ("POST", "/api/collections/users/auth-with-password")
        self.upstream = FakeUpstream(
            ID,
            {auth: self.login, ("GET", "/api/collections/systems/records"): "systems"},
            refuse=self.refuse,
            open_routes=[auth],
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        self.logins += 1
        if json.loads(request.content) != {"identity": EMAIL, "password": PASSWORD}:
            return response_of(fixture(ID, "auth_failed"))
        self.valid = True
        return response_of(fixture(ID, "auth"))

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if self.valid and request.headers.get("authorization") == TOKEN:
            return None
        return response_of(fixture(ID, "unauthorized"))


async def test_systems_down_first(make_client: MakeClient) -> None:
    beszel = FakeBeszel()
    payload = await integration.fetch_data(make_client(beszel.upstream), "systems")
    assert isinstance(payload, BeszelSystems)
    assert [(s.name, s.status) for s in payload.systems] == [
        ("backup", "down"),
        ("pi", "paused"),
        ("nas", "up"),
    ]
    backup, _, nas = payload.systems
    assert backup.cpu_percent is None and backup.agent_version == "0.18.7"
    assert (nas.cpu_percent, nas.memory_percent, nas.disk_percent, nas.temperature_c) == (
        12.4,
        41.2,
        67.9,
        47.5,
    )
    assert (nas.load1, nas.network_bytes_per_second, nas.uptime_seconds) == (0.52, 250000, 864000)
    assert (payload.up, payload.down, payload.paused, payload.pending, payload.total) == (
        1,
        1,
        1,
        0,
        3,
    )
    asked = next(r for r in beszel.upstream.requests if r.method == "GET")
    assert asked.url.params["perPage"] == "100"


async def test_an_expired_token_logs_in_again(make_client: MakeClient) -> None:
    beszel = FakeBeszel()
    client = make_client(beszel.upstream)
    await integration.fetch_data(client, "systems")
    beszel.valid = False
    await integration.fetch_data(client, "systems")
    assert beszel.logins == 2


async def test_a_wrong_password_is_unauthorized_without_secrets(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeBeszel().upstream, "wrong"))
    assert (
        caught.value.code is ErrorCode.UNAUTHORIZED and "email or password" in caught.value.message
    )
    assert_no_secret(caught.value, "wrong")


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(FakeBeszel().upstream))
    assert info.details == {"systems": "3", "up": "1"}
