"""Kavita integration against answers built from Kavita 0.8.3.2's OpenAPI document and
sources: the API key is exchanged for a JWT, which later calls carry."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult, NoInput
from integrations.errors import ErrorCode, IntegrationError
from integrations.kavita import integration
from integrations.kavita.client import KavitaClient
from integrations.kavita.definition import KavitaStats
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    one_secret_config,
    response_of,
    secret_check,
)

ID = "kavita"
API_KEY = "6f2c4a1e-0b7d-4c39-9a5e-0d1f2e3a4b5c"
BASE = "http://kavita.test:5000"
LOGIN = ("POST", "/api/Plugin/authenticate")
LIBRARIES = ("GET", "/api/Library/libraries")
STATS = ("GET", "/api/Stats/server/stats")
VERSION = ("GET", "/api/Plugin/version")
TOKEN = fixture_body(ID, "authenticate")["token"]

MakeClient = Callable[..., KavitaClient]

body = partial(fixture_body, ID)
config = one_secret_config(BASE, "apiKey", "apiKey", API_KEY)
assert_no_secret = secret_check(API_KEY, always=(TOKEN,))


class FakeKavita:
    """Kavita's rules: the key buys a JWT; every other call but the version needs it."""

    def __init__(self, stats: Any = "stats", tokens: list[str] | None = None) -> None:
        self.tokens = tokens if tokens is not None else [TOKEN]
        self.logins = 0
        self.upstream = FakeUpstream(
            ID,
            {
                LOGIN: self.login,
                LIBRARIES: "libraries",
                STATS: stats,
                VERSION: self.version,
            },
            refuse=self.refuse,
            open_routes=[LOGIN, VERSION],
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        self.logins += 1
        params = request.url.params
        if params.get("apiKey") != API_KEY or not params.get("pluginName"):
            return response_of(fixture(ID, "unauthorized"))
        token = self.tokens.pop(0) if len(self.tokens) > 1 else self.tokens[0]
        answer = {**body("authenticate"), "apiKey": API_KEY, "token": token}
        return httpx.Response(200, json=answer)

    def version(self, request: httpx.Request) -> httpx.Response:
        if request.url.params.get("apiKey") != API_KEY:
            return response_of(fixture(ID, "unauthorized"))
        return response_of(fixture(ID, "version"))

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if request.headers.get("authorization") == f"Bearer {TOKEN}":
            return None
        return httpx.Response(401)


async def stats(client: KavitaClient) -> KavitaStats:
    payload = await integration.fetch_data(client, "stats")
    assert isinstance(payload, KavitaStats)
    return payload


async def test_server_statistics(make_client: MakeClient) -> None:
    fake = FakeKavita()
    payload = await stats(make_client(fake.upstream))
    assert payload == KavitaStats(
        libraries=2,
        series=214,
        volumes=810,
        chapters=5230,
        files=5301,
        size_bytes=187904819200,
        genres=48,
        tags=132,
        people=655,
        reading_hours=412,
    )
    assert fake.logins == 1
    login = next(r for r in fake.upstream.requests if r.url.path == LOGIN[1])
    assert login.url.params["pluginName"] == "Tilewire" and login.content == b""


async def test_connection_says_the_version(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(FakeKavita().upstream))
    assert info.version == "0.8.3.2" and info.details == {"libraries": "2"}


async def test_a_version_as_a_json_string_or_missing(make_client: MakeClient) -> None:
    fake = FakeKavita()
    fake.upstream.routes[VERSION] = httpx.Response(200, json="0.8.3.2")
    assert (await integration.test_connection(make_client(fake.upstream))).version == "0.8.3.2"
    fake.upstream.routes[VERSION] = httpx.Response(200, text="<!doctype html><title>Kavita</title>")
    assert (await integration.test_connection(make_client(fake.upstream))).version is None
    fake.upstream.routes[VERSION] = httpx.Response(404)
    assert (await integration.test_connection(make_client(fake.upstream))).version is None


async def test_an_expired_jwt_is_renewed_once(make_client: MakeClient) -> None:
    """The first JWT is one Kavita no longer takes (401): one new login, then the answer."""
    fake = FakeKavita(tokens=["expired.jwt.x", TOKEN])
    payload = await stats(make_client(fake.upstream))
    assert payload.series == 214 and fake.logins == 2


async def test_a_wrong_key_is_unauthorized_without_the_key(make_client: MakeClient) -> None:
    fake = FakeKavita()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, "not-the-key"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "API Key / OPDS" in caught.value.message
    assert_no_secret(caught.value, "not-the-key", API_KEY)
    assert fake.logins == 1


async def test_a_key_of_no_admin_is_forbidden(make_client: MakeClient) -> None:
    fake = FakeKavita(stats="forbidden")
    with pytest.raises(IntegrationError) as caught:
        await stats(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert "admin" in caught.value.message
    assert fake.logins == 1
    assert_no_secret(caught.value)


async def test_an_answer_that_is_not_kavitas_is_invalid(make_client: MakeClient) -> None:
    fake = FakeKavita(stats=httpx.Response(200, text="<!doctype html><title>Kavita</title>"))
    with pytest.raises(IntegrationError) as caught:
        await stats(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_a_login_answer_without_a_token_is_invalid(make_client: MakeClient) -> None:
    fake = FakeKavita()
    fake.upstream.routes[LOGIN] = {"username": "admin"}
    with pytest.raises(IntegrationError) as caught:
        await stats(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


def test_an_empty_key_is_a_field_error() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config(""))
    assert caught.value.errors()[0]["loc"] == ("credentials", "apiKey", "apiKey")


SCAN_ALL = ("POST", "/api/Library/scan-all")


async def scan(client: KavitaClient) -> ActionResult:
    spec = integration.actions["scanLibraries"]
    return await integration.run_action(client, "scanLibraries", spec.input.model_validate({}))


def test_scan_metadata() -> None:
    spec = integration.actions["scanLibraries"]
    assert (spec.input, spec.affects, spec.destructive) == (NoInput, ("stats",), False)


async def test_scan_libraries_posts_scan_all(make_client: MakeClient) -> None:
    fake = FakeKavita()
    fake.upstream.routes[SCAN_ALL] = "scan_all"
    result = await scan(make_client(fake.upstream))
    assert result == ActionResult(message="Kavita started a scan of every library")
    posted = [r for r in fake.upstream.requests if r.url.path == SCAN_ALL[1]]
    assert len(posted) == 1 and posted[0].content == b"" and not posted[0].url.params
    assert posted[0].headers["authorization"] == f"Bearer {TOKEN}"


async def test_scan_by_a_user_who_is_no_admin_is_forbidden(make_client: MakeClient) -> None:
    fake = FakeKavita()
    fake.upstream.routes[SCAN_ALL] = "forbidden"
    with pytest.raises(IntegrationError) as caught:
        await scan(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.FORBIDDEN and "admin" in caught.value.message
    assert fake.upstream.calls[SCAN_ALL] == 1
