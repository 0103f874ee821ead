"""RomM integration against answers built from RomM's OpenAPI document and sources (main at
57badfd, August 2026, the 4.9 series)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode, IntegrationError
from integrations.romm import integration
from integrations.romm.client import RommClient
from integrations.romm.definition import RommStats
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    one_secret_config,
    response_of,
    secret_check,
)

ID = "romm"
TOKEN = "rmm_" + "5f" * 32
USER = "admin"
PASSWORD = "fixture-password"
BASE = "http://romm.test:8080"
ME = ("GET", "/api/users/me")
HEARTBEAT = ("GET", "/api/heartbeat")
STATS = ("GET", "/api/stats")
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

MakeClient = Callable[..., RommClient]

body = partial(fixture_body, ID)
config = one_secret_config(BASE, "clientToken", "token", TOKEN)
assert_no_secret = secret_check(TOKEN, PASSWORD)


def password_config(password: str = PASSWORD) -> dict[str, Any]:
    return {
        "url": BASE,
        "credentials": {"type": "usernamePassword", "username": USER, "password": password},
    }


def fake(stats: Any = "stats", refusal: str = "unauthorized", **more: Any) -> FakeUpstream:
    """RomM's rule: /api/users/me needs the token or basic auth; the heartbeat and the stats
    answer anyone (the stats unfiltered when nobody is signed in)."""

    def refuse(request: httpx.Request) -> httpx.Response | None:
        if request.headers.get("authorization") in (f"Bearer {TOKEN}", BASIC):
            return None
        return response_of(fixture(ID, refusal))

    routes: dict[tuple[str, str], Any] = {ME: "me", HEARTBEAT: "heartbeat", STATS: stats}
    routes.update(more)
    return FakeUpstream(ID, routes, refuse=refuse, open_routes=[HEARTBEAT, STATS])


async def stats(client: RommClient) -> RommStats:
    payload = await integration.fetch_data(client, "stats")
    assert isinstance(payload, RommStats)
    return payload


async def test_library_statistics(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await stats(make_client(upstream))
    assert payload == RommStats(
        platforms=14, roms=2861, saves=57, states=112, screenshots=40, size_bytes=421170053120
    )
    assert upstream.calls[ME] == 1
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in upstream.requests)


async def test_connection_names_the_user_and_version(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "4.9.2" and info.details == {"user": "admin", "role": "admin"}


async def test_connection_without_a_heartbeat(make_client: MakeClient) -> None:
    upstream = fake()
    del upstream.routes[HEARTBEAT]
    info = await integration.test_connection(make_client(upstream))
    assert info.version is None and info.details["user"] == "admin"


async def test_basic_auth(clients: Callable[..., RommClient]) -> None:
    upstream = fake()
    payload = await stats(clients(password_config(), upstream))
    assert payload.roms == 2861
    assert upstream.requests[0].headers["authorization"] == BASIC


@pytest.mark.parametrize("refusal", ["unauthorized", "unauthorized_older"])
async def test_a_wrong_token_is_unauthorized_without_it(
    make_client: MakeClient, refusal: str
) -> None:
    """401 from RomM since August 2026, 403 "Forbidden" from earlier releases."""
    wrong = "rmm_" + "00" * 32
    with pytest.raises(IntegrationError) as caught:
        await stats(make_client(fake(refusal=refusal), wrong))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "Client API Tokens" in caught.value.message
    assert_no_secret(caught.value, wrong, TOKEN)


async def test_a_wrong_password_is_unauthorized_without_it(
    clients: Callable[..., RommClient],
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(clients(password_config("wrong-pass"), fake()))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "username or password" in caught.value.message
    assert_no_secret(caught.value, "wrong-pass", PASSWORD)


async def test_a_scope_missing_for_the_stats_is_forbidden(make_client: MakeClient) -> None:
    upstream = fake(stats=httpx.Response(403, json={"detail": "Forbidden"}))
    with pytest.raises(IntegrationError) as caught:
        await stats(make_client(upstream))
    assert caught.value.code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize(
    "answer",
    [httpx.Response(200, text="<!doctype html><title>RomM</title>"), {"ROMS": 3}],
    ids=["web-page", "missing-counts"],
)
async def test_an_answer_that_is_not_romms_is_invalid(make_client: MakeClient, answer: Any) -> None:
    with pytest.raises(IntegrationError) as caught:
        await stats(make_client(fake(stats=answer)))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


def test_an_empty_token_is_a_field_error() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config(""))
    assert caught.value.errors()[0]["loc"] == ("credentials", "clientToken", "token")
