"""Headscale integration against answers built from Headscale 0.29.2's OpenAPI document and
sources; key expiries are set relative to now in the tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.headscale import integration
from integrations.headscale.client import HeadscaleClient
from integrations.headscale.definition import MAX_NODES, HeadscaleNodes
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    secret_check,
)

ID = "headscale"
KEY = "hskey-api-fixture.0123456789abcdef"
BASE = "http://headscale.test:8080"
NODES = ("GET", "/api/v1/node")
VERSION = ("GET", "/version")

MakeClient = Callable[..., HeadscaleClient]

body = partial(fixture_body, ID)
config = one_secret_config(BASE, "token", "token", KEY)
assert_no_secret = secret_check(KEY)


def fake(nodes: Any = "nodes", version: Any = "version") -> FakeUpstream:
    routes = {NODES: nodes, **({VERSION: version} if version else {})}
    return FakeUpstream(
        ID,
        routes,
        refuse=needs_header(ID, "authorization", f"Bearer {KEY}", "unauthorized"),
        open_routes=[VERSION],
    )


async def nodes(client: HeadscaleClient) -> HeadscaleNodes:
    payload = await integration.fetch_data(client, "nodes")
    assert isinstance(payload, HeadscaleNodes)
    return payload


async def test_nodes_offline_first(make_client: MakeClient) -> None:
    payload = await nodes(make_client(fake()))
    assert (payload.online, payload.offline, payload.expired, payload.total) == (1, 1, 0, 2)
    laptop, nas = payload.nodes
    assert (laptop.name, laptop.hostname, laptop.user, laptop.online) == (
        "bobs-laptop",
        "laptop-7f3a",
        "bob",
        False,
    )
    assert nas.user == "Alice" and nas.addresses == ["100.64.0.1", "fd7a:115c:a1e0::1"]
    assert nas.expires is None and not nas.expired
    assert (nas.routes, nas.pending_routes, nas.tags) == (1, 1, ["tag:server"])
    assert nas.last_seen == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


async def test_expiry_relative_to_now(make_client: MakeClient) -> None:
    answer = copy.deepcopy(body("nodes"))
    now = datetime.now(UTC)
    answer["nodes"][0]["expiry"] = (now - timedelta(hours=1)).isoformat()
    answer["nodes"][1]["expiry"] = (now + timedelta(days=30)).isoformat()
    payload = await nodes(make_client(fake(answer)))
    laptop, nas = payload.nodes
    assert nas.expired and not laptop.expired and laptop.expires is not None
    assert payload.expired == 1


async def test_connection_with_and_without_the_version_route(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "v0.29.2" and info.details == {"nodes": "2"}
    older = await integration.test_connection(make_client(fake(version=None)))
    assert older.version is None and older.details == {"nodes": "2"}


async def test_many_nodes_are_counted_and_the_first_listed(make_client: MakeClient) -> None:
    template = body("nodes")["nodes"][0]
    answer = {
        "nodes": [{**template, "id": str(n), "givenName": f"n{n:03}"} for n in range(MAX_NODES + 5)]
    }
    payload = await nodes(make_client(fake(answer)))
    assert payload.total == payload.online == MAX_NODES + 5
    assert len(payload.nodes) == MAX_NODES


async def test_a_wrong_key_is_unauthorized_without_the_key(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "hskey-api-wrong.x"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "apikeys create" in caught.value.message
    assert_no_secret(caught.value, "hskey-api-wrong.x", KEY)
