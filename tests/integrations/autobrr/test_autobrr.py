"""autobrr integration against answers transcribed from autobrr 1.79.0's API documentation and
sources (values written for the tests)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.autobrr import integration
from integrations.autobrr.client import AutobrrClient
from integrations.autobrr.definition import MAX_NETWORKS, AutobrrIrcNetworks, AutobrrStats
from integrations.errors import ErrorCode
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    one_secret_config,
    refusal,
    response_of,
    secret_check,
)

ID = "autobrr"
BASE = "http://autobrr.test:7474"
KEY = "fixture-autobrr-api-key-0123456789abcdef"
CONFIG = ("GET", "/api/config")
STATS = ("GET", "/api/release/stats")
IRC = ("GET", "/api/irc")

MakeClient = Callable[..., AutobrrClient]
body = partial(fixture_body, ID)
refused = partial(refusal, ID)
config = one_secret_config(BASE, "apiKey", "apiKey", KEY)
assert_no_secret = secret_check(KEY)


def fake(**changes: Any) -> FakeUpstream:
    """autobrr's rule: a known X-API-Token is served, an unknown one 401, none 403."""
    routes: dict[tuple[str, str], Any] = {CONFIG: "config", STATS: "stats", IRC: "irc"}
    for name, value in changes.items():
        routes[{"config": CONFIG, "stats": STATS, "irc": IRC}[name]] = value

    def refuse(request: httpx.Request) -> httpx.Response | None:
        token = request.headers.get("x-api-token")
        if token == KEY:
            return None
        return response_of(fixture(ID, "unauthorized" if token else "no_key"))

    return FakeUpstream(ID, routes, refuse=refuse)


async def test_connection(make_client: MakeClient) -> None:
    upstream = fake()
    info = await integration.test_connection(make_client(upstream))
    assert info.version == "1.79.0"
    assert upstream.requests[0].headers["x-api-token"] == KEY


async def test_stats(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake()), "stats")
    assert payload == AutobrrStats(
        total=5214,
        filtered=631,
        filter_rejected=4583,
        push_approved=402,
        push_rejected=219,
        push_errors=10,
    )


async def irc(client: AutobrrClient) -> AutobrrIrcNetworks:
    payload = await integration.fetch_data(client, "irc")
    assert isinstance(payload, AutobrrIrcNetworks)
    return payload


async def test_irc_networks_unhealthy_first(make_client: MakeClient) -> None:
    payload = await irc(make_client(fake()))
    assert (payload.healthy, payload.unhealthy, payload.disabled, payload.total) == (1, 1, 1, 3)
    two, one, old = payload.networks
    assert (two.name, two.connected, two.healthy, two.connected_since) == (
        "TrackerTwo",
        False,
        False,
        None,
    )
    assert (two.channels, two.channels_monitoring) == (2, 0)
    assert two.last_announce == datetime(2026, 12, 4, 22, 10, tzinfo=UTC)  # the zero time skipped
    assert two.errors[-1].startswith("Failed to join")
    assert one.healthy and one.connected_since == datetime(2026, 12, 5, 8, tzinfo=UTC)
    assert (one.channels, one.channels_monitoring) == (1, 1)
    assert (old.enabled, old.channels, old.errors) == (False, 0, [])


async def test_many_networks_and_errors_are_capped(make_client: MakeClient) -> None:
    template = body("irc")[1]
    many = []
    for n in range(MAX_NETWORKS + 5):
        network = copy.deepcopy(template)
        network["name"] = f"net{n:03}" + "x" * 500
        network["connection_errors"] = [f"error {e}" for e in range(40)]
        many.append(network)
    payload = await irc(make_client(fake(irc=many)))
    assert payload.total == payload.unhealthy == MAX_NETWORKS + 5
    assert len(payload.networks) == MAX_NETWORKS
    assert all(len(n.name) <= 200 and len(n.errors) == 3 for n in payload.networks)
    assert payload.networks[0].errors == ["error 37", "error 38", "error 39"]


@pytest.mark.parametrize("endpoint_id", [None, "stats", "irc"])
async def test_a_wrong_key_is_unauthorized_without_it(
    make_client: MakeClient, endpoint_id: str | None
) -> None:
    err = await refused(make_client(fake(), "wrong-autobrr-key"), endpoint_id)
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "Settings > API keys" in err.message
    assert_no_secret(err, "wrong-autobrr-key", KEY)


async def test_a_web_page_is_invalid_response(make_client: MakeClient) -> None:
    page = "not_that_service"
    upstream = fake(config=page, stats=page, irc=page)
    for endpoint_id in (None, "stats", "irc"):
        err = await refused(make_client(upstream), endpoint_id)
        assert err.code is ErrorCode.INVALID_RESPONSE
        assert_no_secret(err)


def test_the_api_key_is_required() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate({"url": BASE, "credentials": {"type": "apiKey"}})
    assert caught.value.errors()[0]["loc"][-1] == "apiKey"
