"""Linkwarden integration against the collections answer of Linkwarden 2.16.1's API."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.linkwarden import integration
from integrations.linkwarden.client import LinkwardenClient
from integrations.linkwarden.definition import LinkwardenStats
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    secret_check,
)

ID = "linkwarden"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.fixture-linkwarden"
BASE = "http://linkwarden.test:3000"
COLLECTIONS = ("GET", "/api/v1/collections")

MakeClient = Callable[..., LinkwardenClient]

body = partial(fixture_body, ID)
config = one_secret_config(BASE, "token", "token", TOKEN)
assert_no_secret = secret_check(TOKEN)


def fake(answer: object = "collections") -> FakeUpstream:
    return FakeUpstream(
        ID,
        {COLLECTIONS: answer},
        refuse=needs_header(ID, "authorization", f"Bearer {TOKEN}", "unauthorized"),
    )


async def test_stats(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake()), "stats")
    assert isinstance(payload, LinkwardenStats)
    assert (payload.links, payload.collections) == (168, 3)
    assert [(c.name, c.parent, c.links) for c in payload.largest] == [
        ("Homelab", None, 117),
        ("Unorganized", None, 42),
        ("Networking", "Homelab", 9),
    ]


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.details == {"links": "168", "collections": "3"}


async def test_at_most_ten_collections_listed(make_client: MakeClient) -> None:
    template = body("collections")["response"][0]
    answer = {"response": [{**template, "id": n, "name": f"c{n:02}"} for n in range(14)]}
    payload = await integration.fetch_data(make_client(fake(answer)), "stats")
    assert isinstance(payload, LinkwardenStats)
    assert payload.collections == 14 and len(payload.largest) == 10
    assert payload.links == 14 * 42


async def test_a_wrong_token_is_unauthorized_without_it(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "wrong-token"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "Access Tokens" in caught.value.message
    assert_no_secret(caught.value, "wrong-token")


async def test_another_answer_is_invalid(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake(httpx.Response(200, json=[1]))), "stats")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
