"""Technitium DNS integration against fixtures transcribed from the Technitium DNS Server API
documentation (APIDOCS.md, version 15.2) and, for its refusals, from its sources."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from integrations.actions import ActionResult
from integrations.capabilities import DnsBlockerSummary
from integrations.errors import ErrorCode, IntegrationError
from integrations.technitium import integration
from integrations.technitium.client import TechnitiumClient
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    secret_check,
)

ID = "technitium"
TOKEN = "932b2a3495852c15af01598f62563ae534460388b6a370bfbbb8bb6094b698e9"
BASE = "http://dns.test:5380"
STATS = ("GET", "/api/dashboard/stats/get")
SETTINGS = ("GET", "/api/settings/get")
DISABLE = ("POST", "/api/settings/temporaryDisableBlocking")
SET = ("POST", "/api/settings/set")

MakeClient = Callable[..., TechnitiumClient]

body = partial(fixture_body, ID)
config = one_secret_config(BASE, "token", "token", TOKEN)
assert_no_secret = secret_check(TOKEN)


def fake(**routes: Any) -> FakeUpstream:
    """Technitium's rule over the documented answers: a wrong token is a 200 invalid-token."""
    return FakeUpstream(
        ID,
        {
            STATS: "stats",
            SETTINGS: "settings",
            DISABLE: "disabled",
            SET: "settings",
            **{tuple(k.split(" ")): v for k, v in routes.items()},
        },
        refuse=needs_header(ID, "authorization", f"Bearer {TOKEN}", "unauthorized"),
    )


async def test_connection_says_the_version(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "15.2" and info.details == {"blocking": "enabled"}


async def test_summary_of_the_last_day(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await integration.fetch_data(make_client(upstream), "summary")
    stats = body("stats")["response"]["stats"]
    assert payload == DnsBlockerSummary(
        queries=925,
        blocked=49,
        percent_blocked=100 * 49 / 925,
        blocking_enabled=True,
        domains_on_lists=stats["blockListZones"] + stats["blockedZones"],
        clients=6,
    )
    stats_request = next(r for r in upstream.requests if r.url.path == STATS[1])
    assert dict(stats_request.url.params) == {"type": "LastDay", "utc": "true"}


async def test_blocking_off_and_no_queries(make_client: MakeClient) -> None:
    settings = body("settings")
    settings["response"]["enableBlocking"] = False
    stats = body("stats")
    stats["response"]["stats"].update(totalQueries=0, totalBlocked=0)
    payload = await integration.fetch_data(
        make_client(
            fake(**{"GET /api/settings/get": settings, "GET /api/dashboard/stats/get": stats})
        ),
        "summary",
    )
    assert isinstance(payload, DnsBlockerSummary)
    assert not payload.blocking_enabled and payload.percent_blocked == 0.0


async def test_a_wrong_token_is_unauthorized_though_the_status_is_200(
    make_client: MakeClient,
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "wrong-token"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and caught.value.status == 200
    assert "Create Token" in caught.value.message
    assert_no_secret(caught.value, "wrong-token", TOKEN)


async def test_a_user_without_permission_is_forbidden(make_client: MakeClient) -> None:
    upstream = fake(**{"GET /api/settings/get": "access_denied"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "summary")
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert "Settings" in caught.value.message
    assert_no_secret(caught.value)


async def test_another_error_quotes_technitium(make_client: MakeClient) -> None:
    answer = {
        "status": "error",
        "errorMessage": "Stats manager is not ready.",
        "stackTrace": "at DnsServerCore.Stats",
    }
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(
            make_client(fake(**{"GET /api/dashboard/stats/get": answer})), "summary"
        )
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "Stats manager is not ready." in caught.value.message
    assert "DnsServerCore" not in caught.value.message  # no stack trace passed on


async def test_an_answer_without_the_envelope_is_invalid(make_client: MakeClient) -> None:
    upstream = fake(**{"GET /api/settings/get": httpx.Response(200, text="<html>login</html>")})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


# --- actions ------------------------------------------------------------------------------------


async def act(client: TechnitiumClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def test_actions_are_declared_for_the_summary() -> None:
    disable, enable = integration.actions["disableBlocking"], integration.actions["enableBlocking"]
    assert (disable.affects, enable.affects) == (("summary",), ("summary",))
    assert not disable.destructive and not enable.destructive


@pytest.mark.parametrize(("seconds", "minutes"), [(300, "5"), (90, "2"), (1, "1")])
async def test_disable_blocking_in_whole_minutes(
    make_client: MakeClient, seconds: int, minutes: str
) -> None:
    upstream = fake()
    result = await act(make_client(upstream), "disableBlocking", seconds=seconds)
    (sent,) = upstream.requests
    assert (sent.method, sent.url.path) == DISABLE
    assert parse_qs(sent.content.decode()) == {"minutes": [minutes]}
    assert sent.url.query == b""  # the token and parameters never travel in the URL
    assert result.message.startswith(f"Blocking paused for {minutes} minute")
    assert result.message.endswith("until 01:14 UTC")


async def test_enable_blocking(make_client: MakeClient) -> None:
    upstream = fake()
    result = await act(make_client(upstream), "enableBlocking")
    (sent,) = upstream.requests
    assert (sent.method, sent.url.path) == SET
    assert parse_qs(sent.content.decode()) == {"enableBlocking": ["true"]}
    assert result == ActionResult(message="Blocking enabled")
