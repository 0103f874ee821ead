"""Ghostfolio integration against answers of Ghostfolio 3.58.0's API sources."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.ghostfolio import integration
from integrations.ghostfolio.client import GhostfolioClient
from integrations.ghostfolio.definition import GhostfolioPerformance
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "ghostfolio"
ACCESS = "fixture-security-token-0123456789"
BASE = "http://ghostfolio.test:3333"
SESSION = fixture_body(ID, "auth")["authToken"]

MakeClient = Callable[..., GhostfolioClient]
assert_no_secret = secret_check(ACCESS, always=(SESSION,))


def config(token: str = ACCESS, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": {"type": "token", "token": token}}


class FakeGhostfolio:
    def __init__(self) -> None:
        self.logins = 0
        self.valid = True
        self.ranges: list[str] = []
        self.upstream = FakeUpstream(
            ID,
            {
                ("POST", "/api/v1/auth/anonymous"): self.login,
                ("GET", "/api/v2/portfolio/performance"): self.performance,
            },
            refuse=self.refuse,
            open_routes=[("POST", "/api/v1/auth/anonymous")],
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        self.logins += 1
        if json.loads(request.content) != {"accessToken": ACCESS}:
            return response_of(fixture(ID, "auth_refused"))
        self.valid = True
        return response_of(fixture(ID, "auth"))

    def performance(self, request: httpx.Request) -> httpx.Response:
        period = request.url.params["range"]
        self.ranges.append(period)
        return response_of(fixture(ID, f"performance_{period}"))

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if self.valid and request.headers.get("authorization") == f"Bearer {SESSION}":
            return None
        return httpx.Response(401, json={"statusCode": 401, "message": "Unauthorized"})


async def test_performance(make_client: MakeClient) -> None:
    ghost = FakeGhostfolio()
    payload = await integration.fetch_data(make_client(ghost.upstream), "performance")
    assert payload == GhostfolioPerformance(
        value=52340.12,
        investment=41000.0,
        today=-412.5,
        today_ratio=-0.0078,
        year_to_date=4820.33,
        year_to_date_ratio=0.1023,
        total=11340.12,
        total_ratio=0.2766,
    )
    assert sorted(ghost.ranges) == ["1d", "max", "ytd"] and ghost.logins == 1


async def test_an_expired_session_is_exchanged_again(make_client: MakeClient) -> None:
    ghost = FakeGhostfolio()
    client = make_client(ghost.upstream)
    await integration.test_connection(client)
    ghost.valid = False
    await integration.test_connection(client)
    assert ghost.logins == 2


async def test_a_wrong_security_token_is_unauthorized_without_it(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeGhostfolio().upstream, "wrong"))
    assert (
        caught.value.code is ErrorCode.UNAUTHORIZED and "Settings, Security" in caught.value.message
    )
    assert_no_secret(caught.value, "wrong")


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(FakeGhostfolio().upstream))
    assert info.details == {"value": "52340.12"}
