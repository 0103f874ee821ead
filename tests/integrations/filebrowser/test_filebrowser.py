"""File Browser integration against the answers of File Browser 2.63.23's API sources."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.filebrowser import integration
from integrations.filebrowser.client import FileBrowserClient
from integrations.filebrowser.definition import FileBrowserUsage
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "filebrowser"
PASSWORD = "fixture-password"
BASE = "http://files.test:8080"
TOKEN = fixture_body(ID, "login")

MakeClient = Callable[..., FileBrowserClient]
assert_no_secret = secret_check(PASSWORD, always=(TOKEN,))


def config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": "admin", "password": password},
    }


class FakeFileBrowser:
    def __init__(self, login: Any = None) -> None:
        self.logins = 0
        self.valid = True
        self.upstream = FakeUpstream(
            ID,
            {
                ("POST", "/api/login"): login or self.login,
                ("GET", "/api/usage/"): "usage",
                ("GET", "/api/resources/"): "resources",
            },
            refuse=self.refuse,
            open_routes=[("POST", "/api/login")],
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        self.logins += 1
        sent = json.loads(request.content)
        if (sent["username"], sent["password"]) != ("admin", PASSWORD):
            return response_of(fixture(ID, "login_refused"))
        self.valid = True
        return response_of(fixture(ID, "login"))

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if self.valid and request.headers.get("x-auth") == TOKEN:
            return None
        return response_of(fixture(ID, "unauthorized"))


async def test_usage(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(FakeFileBrowser().upstream), "usage")
    assert payload == FileBrowserUsage(
        used_bytes=612394905600,
        total_bytes=1000204886016,
        free_bytes=1000204886016 - 612394905600,
        used_percent=61.23,
        folders=7,
        files=23,
    )


async def test_an_expired_token_logs_in_again(make_client: MakeClient) -> None:
    fb = FakeFileBrowser()
    client = make_client(fb.upstream)
    await integration.fetch_data(client, "usage")
    fb.valid = False
    await integration.fetch_data(client, "usage")
    assert fb.logins == 2


async def test_a_wrong_password_is_unauthorized_without_secrets(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeFileBrowser().upstream, "wrong"))
    assert (
        caught.value.code is ErrorCode.UNAUTHORIZED
        and "username or password" in caught.value.message
    )
    assert_no_secret(caught.value, "wrong")


async def test_a_login_page_is_not_a_token(make_client: MakeClient) -> None:
    fb = FakeFileBrowser(login=httpx.Response(200, text="<html><body>File Browser</body></html>"))
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fb.upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(FakeFileBrowser().upstream))
    assert info.details == {"files": "23", "folders": "7"}
