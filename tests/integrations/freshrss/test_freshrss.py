"""FreshRSS integration against the Google Reader API answers of FreshRSS 1.24.3."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.freshrss import integration
from integrations.freshrss.client import FreshRSSClient
from integrations.freshrss.definition import FreshRSSUnread
from tests.integrations.upstream import FakeUpstream, fixture, response_of, secret_check

ID = "freshrss"
USER, PASSWORD = "alice", "fixture-api-password"
BASE = "http://freshrss.test"
TOKEN = "alice/0123456789abcdef0123456789abcdef01234567"

MakeClient = Callable[..., FreshRSSClient]
assert_no_secret = secret_check(PASSWORD, always=(TOKEN,))


def config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": USER, "password": password},
    }


class FakeFreshRSS:
    def __init__(self, counts: Any = "unread_count") -> None:
        self.logins = 0
        self.valid = True
        self.upstream = FakeUpstream(
            ID,
            {
                ("POST", "/api/greader.php/accounts/ClientLogin"): self.login,
                ("GET", "/api/greader.php/reader/api/0/unread-count"): counts,
            },
            refuse=self.refuse,
            open_routes=[("POST", "/api/greader.php/accounts/ClientLogin")],
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        self.logins += 1
        if parse_qs(request.content.decode()) != {"Email": [USER], "Passwd": [PASSWORD]}:
            return response_of(fixture(ID, "unauthorized"))
        self.valid = True
        return response_of(fixture(ID, "client_login"))

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if self.valid and request.headers.get("authorization") == f"GoogleLogin auth={TOKEN}":
            return None
        return response_of(fixture(ID, "unauthorized"))


async def test_unread(make_client: MakeClient) -> None:
    freshrss = FakeFreshRSS()
    payload = await integration.fetch_data(make_client(freshrss.upstream), "unread")
    assert isinstance(payload, FreshRSSUnread)
    assert (payload.unread, payload.feeds, payload.feeds_with_unread) == (57, 3, 2)
    assert [(label.name, label.unread) for label in payload.top_labels] == [
        ("News", 45),
        ("Tech", 12),
        ("Read later", 3),
    ]
    (asked,) = [r for r in freshrss.upstream.requests if r.method == "GET"]
    assert asked.url.params["output"] == "json"


async def test_a_changed_api_password_logs_in_again(make_client: MakeClient) -> None:
    freshrss = FakeFreshRSS()
    client = make_client(freshrss.upstream)
    await integration.fetch_data(client, "unread")
    freshrss.valid = False
    await integration.fetch_data(client, "unread")
    assert freshrss.logins == 2


async def test_a_wrong_password_is_unauthorized_without_secrets(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeFreshRSS().upstream, "wrong"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and "API management" in caught.value.message
    assert_no_secret(caught.value, "wrong")


async def test_a_login_answer_without_a_token_is_invalid(make_client: MakeClient) -> None:
    freshrss = FakeFreshRSS()
    freshrss.upstream.route(
        "POST", "/api/greader.php/accounts/ClientLogin", httpx.Response(200, text="<html>hi</html>")
    )
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(freshrss.upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(FakeFreshRSS().upstream))
    assert info.details == {"unread": "57", "feeds": "3"}
