"""Komga integration against answers built from Komga 1.26.3's OpenAPI document and sources."""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode, IntegrationError
from integrations.komga import integration
from integrations.komga.client import KomgaClient
from integrations.komga.definition import MAX_LIBRARIES, KomgaLibraries
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    one_secret_config,
    response_of,
    secret_check,
)

ID = "komga"
API_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
EMAIL = "reader@example.org"
PASSWORD = "fixture-password"
BASE = "http://komga.test:25600"
ME = ("GET", "/api/v2/users/me")
LIBRARIES = ("GET", "/api/v1/libraries")
SERIES_LIST = ("POST", "/api/v1/series/list")
BOOKS_LIST = ("POST", "/api/v1/books/list")
OLD_SERIES = ("GET", "/api/v1/series")
OLD_BOOKS = ("GET", "/api/v1/books")

MakeClient = Callable[..., KomgaClient]

body = partial(fixture_body, ID)
config = one_secret_config(BASE, "apiKey", "apiKey", API_KEY)
assert_no_secret = secret_check(API_KEY, PASSWORD)
BASIC = "Basic " + base64.b64encode(f"{EMAIL}:{PASSWORD}".encode()).decode()


def password_config(password: str = PASSWORD) -> dict[str, Any]:
    return {
        "url": BASE,
        "credentials": {"type": "usernamePassword", "username": EMAIL, "password": password},
    }


def refuse(request: httpx.Request) -> httpx.Response | None:
    """Komga's rule: the key in X-API-Key, or the user's basic auth; else 401."""
    if request.headers.get("x-api-key") == API_KEY or request.headers.get("authorization") == BASIC:
        return None
    return response_of(fixture(ID, "unauthorized"))


def fake(**routes: Any) -> FakeUpstream:
    answers: dict[tuple[str, str], Any] = {
        ME: "me",
        LIBRARIES: "libraries",
        SERIES_LIST: "series_list",
        BOOKS_LIST: "books_list",
    }
    named = {"series_list": SERIES_LIST, "books_list": BOOKS_LIST, "libraries": LIBRARIES}
    for name, answer in routes.items():
        answers[named[name]] = answer
    return FakeUpstream(ID, {k: v for k, v in answers.items() if v is not None}, refuse=refuse)


async def libraries(client: KomgaClient) -> KomgaLibraries:
    payload = await integration.fetch_data(client, "libraries")
    assert isinstance(payload, KomgaLibraries)
    return payload


async def test_libraries_series_and_books(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await libraries(make_client(upstream))
    assert (payload.series, payload.books, payload.total, payload.unavailable) == (412, 9120, 3, 1)
    assert [(lib.name, lib.unavailable) for lib in payload.libraries] == [
        ("Books on the NAS", True),
        ("Comics", False),
        ("manga", False),
    ]
    posted = [r for r in upstream.requests if r.method == "POST"]
    assert sorted(r.url.path for r in posted) == [BOOKS_LIST[1], SERIES_LIST[1]]
    assert all(r.url.params["size"] == "1" and r.content == b"{}" for r in posted)
    assert all(r.headers["x-api-key"] == API_KEY for r in upstream.requests)


async def test_an_older_komga_is_counted_through_the_deprecated_routes(
    make_client: MakeClient,
) -> None:
    """Komga before 1.19 has no POST .../list: the GET routes answer instead."""
    upstream = FakeUpstream(
        ID,
        {
            LIBRARIES: "libraries",
            SERIES_LIST: httpx.Response(405),
            BOOKS_LIST: httpx.Response(405),
            OLD_SERIES: body("series_list"),
            OLD_BOOKS: body("books_list"),
        },
        refuse=refuse,
    )
    payload = await libraries(make_client(upstream))
    assert (payload.series, payload.books) == (412, 9120)
    assert upstream.calls[OLD_SERIES] == upstream.calls[OLD_BOOKS] == 1


async def test_connection_names_the_user(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version is None
    assert info.details == {"user": EMAIL, "role": "admin", "libraries": "3"}


async def test_basic_auth_works_too(clients: Callable[..., KomgaClient]) -> None:
    upstream = fake()
    info = await integration.test_connection(clients(password_config(), upstream))
    assert info.details["user"] == EMAIL
    assert "x-api-key" not in upstream.requests[0].headers


async def test_many_libraries_are_counted_and_the_first_listed(make_client: MakeClient) -> None:
    template = body("libraries")[0]
    many = [{**copy.deepcopy(template), "id": f"L{n}", "name": f"lib {n:03}"} for n in range(60)]
    payload = await libraries(make_client(fake(libraries=many)))
    assert payload.total == 60 and len(payload.libraries) == MAX_LIBRARIES


async def test_a_wrong_key_is_unauthorized_without_the_key(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "not-the-key"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "API Keys" in caught.value.message
    assert_no_secret(caught.value, "not-the-key", API_KEY)


async def test_a_wrong_password_is_unauthorized_without_it(
    clients: Callable[..., KomgaClient],
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(clients(password_config("wrong-pass"), fake()))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "email and password" in caught.value.message
    assert_no_secret(caught.value, "wrong-pass", PASSWORD)


@pytest.mark.parametrize(
    "answer",
    [httpx.Response(200, text="<html>router</html>"), {"content": []}],
    ids=["web-page", "no-total"],
)
async def test_an_answer_that_is_not_a_komga_page_is_invalid(
    make_client: MakeClient, answer: Any
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await libraries(make_client(fake(books_list=answer)))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


def test_an_email_left_empty_is_a_field_error() -> None:
    settings = password_config()
    settings["credentials"]["username"] = ""
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(settings)
    assert caught.value.errors()[0]["loc"] == ("credentials", "usernamePassword", "username")
