"""OpenMediaVault integration against RPC answers of OpenMediaVault 7's sources."""

from __future__ import annotations

import json
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest

from integrations.capabilities import SystemResources
from integrations.errors import ErrorCode, IntegrationError
from integrations.openmediavault import integration
from integrations.openmediavault.client import OpenMediaVaultClient
from integrations.openmediavault.definition import OpenMediaVaultStatus
from tests.integrations.upstream import FakeUpstream, fixture, response_of, secret_check

ID = "openmediavault"
PASSWORD = "fixture-password"
BASE = "http://nas.test"
COOKIE = "X-OPENMEDIAVAULT-SESSIONID"

MakeClient = Callable[..., OpenMediaVaultClient]
assert_no_secret = secret_check(PASSWORD)


def config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": "admin", "password": password},
    }


class FakeOmv:
    def __init__(self) -> None:
        self.logins = 0
        self.valid: set[str] = set()
        self.upstream = FakeUpstream(ID, {("POST", "/rpc.php"): self.rpc})

    def rpc(self, request: httpx.Request) -> httpx.Response:
        call = json.loads(request.content)
        if (call["service"], call["method"]) == ("Session", "login"):
            self.logins += 1
            if call["params"] != {"username": "admin", "password": PASSWORD}:
                return response_of(fixture(ID, "login_refused"))
            session = f"s{self.logins}"
            self.valid.add(session)
            answer = response_of(fixture(ID, "login"))
            answer.headers["set-cookie"] = f"{COOKIE}={session}; path=/; HttpOnly"
            return answer
        cookie = SimpleCookie(request.headers.get("cookie", ""))
        if COOKIE not in cookie or cookie[COOKIE].value not in self.valid:
            return response_of(fixture(ID, "session_ended"))
        return response_of(fixture(ID, "information"))


async def test_system_as_system_resources(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(FakeOmv().upstream), "system")
    assert isinstance(payload, SystemResources)
    assert (payload.hostname, payload.cpu_percent, payload.cpu_count) == ("nas.home.arpa", 7.3, 4)
    assert (payload.memory_used, payload.memory_total) == (4294967296, 16556425216)
    assert (payload.load1, payload.load5, payload.load15, payload.uptime_seconds) == (
        0.21,
        0.3,
        0.28,
        1036800,
    )


async def test_status(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(FakeOmv().upstream), "status")
    assert payload == OpenMediaVaultStatus(
        version="7.7.10-1 (Sandworm)",
        updates_available=5,
        reboot_required=False,
        unapplied_changes=True,
    )


async def test_an_ended_session_logs_in_again(make_client: MakeClient) -> None:
    omv = FakeOmv()
    client = make_client(omv.upstream)
    await integration.fetch_data(client, "system")
    omv.valid.clear()
    await integration.fetch_data(client, "system")
    assert omv.logins == 2


async def test_a_wrong_password_is_unauthorized_without_it(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeOmv().upstream, "wrong"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and "administrator" in caught.value.message
    assert_no_secret(caught.value, "wrong")
