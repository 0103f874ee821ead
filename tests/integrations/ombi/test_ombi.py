"""Ombi integration against answers built from Ombi 4.59.3's sources and Swagger document."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.capabilities import MediaRequests
from integrations.errors import ErrorCode, IntegrationError
from integrations.ombi import integration
from integrations.ombi.client import OmbiClient
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    secret_check,
)

ID = "ombi"
API_KEY = "0123456789abcdef0123456789abcdef"
BASE = "http://ombi.test:5000"
COUNT = ("GET", "/api/v1/Request/count")
VERSION = ("GET", "/api/v1/Status/info")

MakeClient = Callable[..., OmbiClient]

body = partial(fixture_body, ID)
config = one_secret_config(BASE, "apiKey", "apiKey", API_KEY)
assert_no_secret = secret_check(API_KEY)


def fake(count: Any = "count", version: Any = "version") -> FakeUpstream:
    """Ombi's rule: an ApiKey header, when sent, must be the key, on every /api route."""
    routes = {COUNT: count, **({VERSION: version} if version else {})}
    return FakeUpstream(ID, routes, refuse=needs_header(ID, "apikey", API_KEY, "unauthorized"))


async def requests(client: OmbiClient) -> MediaRequests:
    payload = await integration.fetch_data(client, "requests")
    assert isinstance(payload, MediaRequests)
    return payload


async def test_requests_by_status(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await requests(make_client(upstream))
    assert payload == MediaRequests(
        pending=3, approved=16, declined=1, processing=2, available=14, total=20
    )
    sent = upstream.requests[0]
    assert sent.headers["apikey"] == API_KEY and "apikey" not in sent.url.params


async def test_connection_says_the_version_and_counts(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "4.59.3"
    assert info.details == {"requests": "20", "pending": "3"}


async def test_a_version_in_plain_text_reads_the_same(make_client: MakeClient) -> None:
    plain = httpx.Response(200, text="4.59.3", headers={"content-type": "text/plain"})
    info = await integration.test_connection(make_client(fake(version=plain)))
    assert info.version == "4.59.3"
    page = httpx.Response(200, text="<!doctype html><title>Ombi</title>")
    assert (await integration.test_connection(make_client(fake(version=page)))).version is None


async def test_connection_without_the_version_route(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake(version=None)))
    assert info.version is None and info.details["requests"] == "20"


async def test_no_requests_yet(make_client: MakeClient) -> None:
    empty = {"pending": 0, "approved": 0, "available": 0, "denied": 0}
    payload = await requests(make_client(fake(empty)))
    assert payload.total == 0 and payload.approved == 0


async def test_a_wrong_key_is_unauthorized_without_the_key(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "ffffffffffffffffffffffffffffffff"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert "Settings > Ombi" in caught.value.message
    assert_no_secret(caught.value, "ffffffffffffffffffffffffffffffff", API_KEY)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<!doctype html><title>Ombi</title>"),
        {"pending": 1},
        {"pending": -1, "approved": 0, "available": 0, "denied": 0},
    ],
    ids=["web-page", "missing-counts", "negative"],
)
async def test_an_answer_that_is_not_ombis_count_is_invalid(
    make_client: MakeClient, answer: Any
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await requests(make_client(fake(answer)))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


def test_an_empty_key_is_a_field_error() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config(""))
    assert caught.value.errors()[0]["loc"] == ("credentials", "apiKey", "apiKey")
