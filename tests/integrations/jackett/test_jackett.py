"""Jackett integration against the Torznab XML of Jackett 0.24.2440."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.jackett import integration
from integrations.jackett.client import JackettClient
from integrations.jackett.definition import JackettIndexers
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    one_secret_config,
    response_of,
    secret_check,
)

ID = "jackett"
KEY = "fixturejackettapikey0123456789ab"
BASE = "http://jackett.test:9117"
TORZNAB = ("GET", "/api/v2.0/indexers/all/results/torznab/api")

MakeClient = Callable[..., JackettClient]

config = one_secret_config(BASE, "apiKey", "apiKey", KEY)
assert_no_secret = secret_check(KEY)


def fake(answer: object = "indexers") -> tuple[FakeUpstream, list[httpx.Request]]:
    asked: list[httpx.Request] = []

    def torznab(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        if request.url.params.get("apikey") != KEY:
            return response_of(fixture(ID, "unauthorized"))
        if isinstance(answer, httpx.Response):
            return answer
        return response_of(fixture(ID, str(answer)))

    return FakeUpstream(ID, {TORZNAB: torznab}), asked


async def test_indexers(make_client: MakeClient) -> None:
    upstream, asked = fake()
    payload = await integration.fetch_data(make_client(upstream), "indexers")
    assert isinstance(payload, JackettIndexers)
    assert (payload.configured, payload.public, payload.private, payload.semi_private) == (
        3,
        1,
        1,
        1,
    )
    assert [(i.id, i.name, i.language) for i in payload.indexers] == [
        ("1337x", "1337x", "en-US"),
        ("iptorrents", "IPTorrents", "en-US"),
        ("rutracker", "RuTracker", "ru-RU"),
    ]
    assert dict(asked[0].url.params) == {"t": "indexers", "configured": "true", "apikey": KEY}


async def test_a_wrong_key_is_unauthorized_without_it(make_client: MakeClient) -> None:
    upstream, _ = fake()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream, "wrong-key"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and "dashboard" in caught.value.message
    assert_no_secret(caught.value, "wrong-key")


async def test_a_torznab_error_quotes_jackett(make_client: MakeClient) -> None:
    error = httpx.Response(
        400,
        text='<error code="203" description="Function Not Available: this isn\'t a meta indexer" />',
    )
    upstream, _ = fake(error)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "indexers")
    assert (
        caught.value.code is ErrorCode.UPSTREAM_ERROR
        and "Torznab error 203" in caught.value.message
    )


@pytest.mark.parametrize(
    "text",
    [
        "<html><body>Jackett login</body></html",
        '<!DOCTYPE x [<!ENTITY a "aaaa">]><indexers>&a;</indexers>',
        '{"indexers": []}',
        "<html><body><p>a web page</p></body></html>",
    ],
)
async def test_no_torznab_xml_is_invalid(make_client: MakeClient, text: str) -> None:
    upstream, _ = fake(httpx.Response(200, text=text))
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "indexers")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_connection(make_client: MakeClient) -> None:
    upstream, _ = fake()
    info = await integration.test_connection(make_client(upstream))
    assert info.details == {"indexers": "3"}
