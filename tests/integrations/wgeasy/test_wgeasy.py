"""wg-easy integration against the client list of wg-easy 15.4.0; handshakes relative to now."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.wgeasy import integration
from integrations.wgeasy.client import WgEasyClient
from integrations.wgeasy.definition import WgEasyClients
from tests.integrations.upstream import FakeUpstream, fixture_body, needs_header, secret_check

ID = "wgeasy"
PASSWORD = "fixture-password"
BASE = "http://wg.test:51821"
BASIC = "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()

MakeClient = Callable[..., WgEasyClient]
body = partial(fixture_body, ID)
assert_no_secret = secret_check(PASSWORD)


def config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": "admin", "password": password},
    }


def fake(answer: Any = "clients") -> FakeUpstream:
    return FakeUpstream(
        ID,
        {("GET", "/api/client"): answer},
        refuse=needs_header(ID, "authorization", BASIC, "unauthorized"),
    )


async def test_clients_connected_first(make_client: MakeClient) -> None:
    answer = copy.deepcopy(body("clients"))
    now = datetime.now(UTC)
    answer[0]["latestHandshakeAt"] = (now - timedelta(minutes=10)).isoformat()  # phone: gone
    answer[1]["latestHandshakeAt"] = (now - timedelta(seconds=40)).isoformat()  # laptop: live
    payload = await integration.fetch_data(make_client(fake(answer)), "clients")
    assert isinstance(payload, WgEasyClients)
    assert [(c.name, c.connected, c.enabled) for c in payload.clients] == [
        ("laptop", True, True),
        ("phone", False, True),
        ("old-tablet", False, False),
    ]
    assert (payload.total, payload.enabled, payload.connected) == (3, 2, 1)
    assert (payload.received_bytes, payload.sent_bytes) == (52430000, 1310720000)


async def test_never_connected_clients(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake()), "clients")
    assert isinstance(payload, WgEasyClients)
    assert payload.connected == 0 and payload.clients[0].last_handshake is None


async def test_a_wrong_password_is_unauthorized_without_it(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "wrong"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and "two-factor" in caught.value.message
    assert_no_secret(caught.value, "wrong")


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.details == {"clients": "3"}
