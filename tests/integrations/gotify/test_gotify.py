"""Gotify integration against fixtures transcribed from the Gotify REST API spec (2.0.2)."""

from __future__ import annotations

import base64
import copy
import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.gotify import integration
from integrations.gotify.client import GotifyClient
from integrations.gotify.definition import LATEST, MAX_PAGES, PAGE, GotifyMessages
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "gotify"
CLIENT_TOKEN = "CWH0wZ5r0Mbac.r"  # the spec's example client token
APP_TOKEN = "AWH0wZ5r0Mbac.r"  # the spec's example application token
PASSWORD = "unicorn-pa55"
BASE = "http://gotify.test"
USER = ("GET", "/current/user")
VERSION = ("GET", "/version")
APPS = ("GET", "/application")
MESSAGES = ("GET", "/message")
API = {USER: "current_user", APPS: "applications", MESSAGES: "messages"}


def token_config(token: str = CLIENT_TOKEN, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": {"type": "clientToken", "token": token}}


def basic_config(password: str = PASSWORD) -> dict[str, Any]:
    return {
        "url": BASE,
        "credentials": {"type": "usernamePassword", "username": "unicorn", "password": password},
    }


body = partial(fixture_body, ID)
assert_no_secret = secret_check(CLIENT_TOKEN, APP_TOKEN, PASSWORD)


class FakeGotify:
    """Gotify's rules over the documented answers: client routes take a client token
    (``X-Gotify-Key``) or the user's basic auth, and answer 401 to anything else (an
    application token included); ``/version`` answers anyone."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None) -> None:
        self.upstream = FakeUpstream(
            ID,
            {VERSION: "version", **API, **(routes or {})},
            refuse=self.refuse,
            open_routes={VERSION},
        )

    @staticmethod
    def allowed(request: httpx.Request) -> bool:
        if request.headers.get("x-gotify-key") == CLIENT_TOKEN:
            return True
        basic = base64.b64encode(f"unicorn:{PASSWORD}".encode()).decode()
        return request.headers.get("authorization") == f"Basic {basic}"

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        return None if self.allowed(request) else response_of(fixture(ID, "unauthorized"))


@pytest.fixture
def make_client(clients: Clients) -> Callable[..., GotifyClient]:
    return lambda upstream, config=None: clients(config or token_config(), upstream)


def paged(first_id: int, count: int, *, more: bool) -> dict[str, Any]:
    """A page of ``count`` messages, newest first, from the documented message example."""
    template = body("messages")["messages"][0]
    messages = []
    for n in range(count):
        message = copy.deepcopy(template)
        message.update(id=first_id - n, title=f"Backup {first_id - n}")
        messages.append(message)
    since = first_id - count + 1
    paging: dict[str, Any] = {"limit": PAGE, "since": since, "size": count}
    if more:
        paging["next"] = f"{BASE}/message?limit={PAGE}&since={since}"
    return {"messages": messages, "paging": paging}


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "gotify"
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.token", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    messages = integration.endpoints["messages"]
    assert (messages.payload, messages.ttl, messages.min_refresh) == (GotifyMessages, 30.0, 10.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_client_token(make_client: Callable[..., GotifyClient]) -> None:
    fake = FakeGotify()
    info = await integration.test_connection(make_client(fake.upstream))

    version = body("version")
    assert info == ServiceInfo(
        version=version["version"],
        details={"user": "unicorn", "admin": "yes", "commit": version["commit"]},
    )
    user = next(r for r in fake.upstream.requests if r.url.path == USER[1])
    assert user.headers["x-gotify-key"] == CLIENT_TOKEN
    assert "token" not in user.url.params  # never in the query string


async def test_connection_with_basic_auth(make_client: Callable[..., GotifyClient]) -> None:
    fake = FakeGotify()
    info = await integration.test_connection(make_client(fake.upstream, basic_config()))
    assert info.details["user"] == "unicorn"
    user = next(r for r in fake.upstream.requests if r.url.path == USER[1])
    assert user.headers["authorization"].startswith("Basic ")
    assert "x-gotify-key" not in user.headers


async def test_messages_with_app_names(make_client: Callable[..., GotifyClient]) -> None:
    fake = FakeGotify()
    payload = await integration.fetch_data(make_client(fake.upstream), "messages")

    (raw,) = body("messages")["messages"]
    (app,) = body("applications")
    assert isinstance(payload, GotifyMessages)
    assert (payload.total, payload.capped) == (body("messages")["paging"]["size"], False)
    (message,) = payload.messages
    assert message.id == raw["id"]
    assert message.app_id == raw["appid"] == app["id"]
    assert message.app == app["name"] == "Backup Server"
    assert message.title == raw["title"]
    assert message.message == raw["message"]
    assert message.truncated is False
    assert message.priority == raw["priority"]
    assert message.date == datetime.fromisoformat("2018-02-27T19:36:10.504504+01:00")
    request = next(r for r in fake.upstream.requests if r.url.path == MESSAGES[1])
    assert request.url.params["limit"] == str(PAGE)
    assert fake.upstream.calls[MESSAGES] == 1


async def test_long_message_truncated_and_unknown_app(
    make_client: Callable[..., GotifyClient],
) -> None:
    data = copy.deepcopy(body("messages"))
    data["messages"][0].update(message="x" * 800, appid=99, title="")
    fake = FakeGotify({MESSAGES: httpx.Response(200, json=data)})
    payload = await integration.fetch_data(make_client(fake.upstream), "messages")
    (message,) = payload.messages
    assert len(message.message) == 500
    assert message.truncated is True
    assert message.app is None  # the application was deleted
    assert message.title is None


async def test_messages_counted_across_pages(make_client: Callable[..., GotifyClient]) -> None:
    pages = {
        None: paged(1000, PAGE, more=True),
        str(1000 - PAGE + 1): paged(1000 - PAGE, 150, more=False),
    }

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[request.url.params.get("since")])

    fake = FakeGotify({MESSAGES: serve})
    payload = await integration.fetch_data(make_client(fake.upstream), "messages")

    assert (payload.total, payload.capped) == (PAGE + 150, False)
    assert [m.id for m in payload.messages] == list(range(1000, 1000 - LATEST, -1))
    assert fake.upstream.calls[MESSAGES] == 2


async def test_message_count_is_capped(make_client: Callable[..., GotifyClient]) -> None:
    def serve(request: httpx.Request) -> httpx.Response:
        since = int(request.url.params.get("since", 100_001))
        return httpx.Response(200, json=paged(since - 1, PAGE, more=True))

    fake = FakeGotify({MESSAGES: serve})
    payload = await integration.fetch_data(make_client(fake.upstream), "messages")
    assert (payload.total, payload.capped) == (PAGE * MAX_PAGES, True)
    assert fake.upstream.calls[MESSAGES] == MAX_PAGES


async def test_no_messages(make_client: Callable[..., GotifyClient]) -> None:
    empty = {"messages": [], "paging": {"limit": PAGE, "since": 0, "size": 0}}
    fake = FakeGotify({MESSAGES: httpx.Response(200, json=empty)})
    payload = await integration.fetch_data(make_client(fake.upstream), "messages")
    assert payload == GotifyMessages(total=0, capped=False, messages=[])


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_token_is_unauthorized(make_client: Callable[..., GotifyClient]) -> None:
    fake = FakeGotify()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, token_config("Cwrong")))
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (401, f"{BASE}/current/user")
    assert err.message == "Gotify rejected the client token"
    assert_no_secret(err, "Cwrong")


async def test_application_token_is_explained(make_client: Callable[..., GotifyClient]) -> None:
    fake = FakeGotify()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, token_config(APP_TOKEN)))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "application token" in caught.value.message
    assert "client token" in caught.value.message
    assert_no_secret(caught.value)


async def test_wrong_password_is_unauthorized(make_client: Callable[..., GotifyClient]) -> None:
    fake = FakeGotify()
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, basic_config("nope")), "messages")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.message == "Gotify rejected the username or password"
    assert_no_secret(caught.value, "nope")


async def test_forbidden(make_client: Callable[..., GotifyClient]) -> None:
    fake = FakeGotify({MESSAGES: "forbidden"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "messages")
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_html_page_is_invalid_response(make_client: Callable[..., GotifyClient]) -> None:
    fake = FakeGotify({USER: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_other_json_is_invalid_response(make_client: Callable[..., GotifyClient]) -> None:
    fake = FakeGotify({USER: "other_json"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_no_api_at_url_is_not_found(make_client: Callable[..., GotifyClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert caught.value.code is ErrorCode.NOT_FOUND


async def test_server_error_is_upstream_error(make_client: Callable[..., GotifyClient]) -> None:
    fake = FakeGotify({APPS: httpx.Response(500, json={"error": "Internal Server Error"})})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "messages")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)


async def test_no_secret_in_logs(
    make_client: Callable[..., GotifyClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeGotify()
    await integration.fetch_data(make_client(fake.upstream), "messages")
    with pytest.raises(IntegrationError):
        await integration.test_connection(make_client(fake.upstream, token_config(APP_TOKEN)))
    for secret in (CLIENT_TOKEN, APP_TOKEN):
        assert secret not in caplog.text
