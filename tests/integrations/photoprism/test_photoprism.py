"""PhotoPrism integration against answers of PhotoPrism release 240915's API sources."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.photoprism import integration
from integrations.photoprism.client import PhotoPrismClient
from integrations.photoprism.definition import PhotoPrismLibrary
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "photoprism"
APP_PASSWORD = "fixture-app-password-0123456789"
PASSWORD = "fixture-password"
BASE = "http://photos.test:2342"
SESSION = fixture_body(ID, "session")["access_token"]

MakeClient = Callable[..., PhotoPrismClient]
assert_no_secret = secret_check(APP_PASSWORD, PASSWORD, always=(SESSION,))


def config(kind: str = "token", secret: str | None = None, url: str = BASE) -> dict[str, Any]:
    if kind == "token":
        return {"url": url, "credentials": {"type": "token", "token": secret or APP_PASSWORD}}
    creds = {"type": "usernamePassword", "username": "admin", "password": secret or PASSWORD}
    return {"url": url, "credentials": creds}


class FakePhotoPrism:
    def __init__(self) -> None:
        self.logins = 0
        self.sessions_valid = True
        self.upstream = FakeUpstream(
            ID,
            {("POST", "/api/v1/session"): self.login, ("GET", "/api/v1/config"): "config"},
            refuse=self.refuse,
            open_routes=[("POST", "/api/v1/session")],
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        self.logins += 1
        if json.loads(request.content) != {"username": "admin", "password": PASSWORD}:
            return response_of(fixture(ID, "unauthorized"))
        self.sessions_valid = True
        return response_of(fixture(ID, "session"))

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        auth = request.headers.get("authorization")
        if auth == f"Bearer {APP_PASSWORD}" or (
            self.sessions_valid and auth == f"Bearer {SESSION}"
        ):
            return None
        return response_of(fixture(ID, "unauthorized"))


async def test_library_with_an_app_password(make_client: MakeClient) -> None:
    fake = FakePhotoPrism()
    payload = await integration.fetch_data(make_client(fake.upstream), "library")
    assert isinstance(payload, PhotoPrismLibrary)
    assert (payload.photos, payload.videos, payload.live_photos, payload.albums) == (
        11902,
        724,
        214,
        42,
    )
    assert (payload.people, payload.places, payload.in_review) == (35, 1204, 12)
    assert fake.logins == 0


async def test_a_password_login_renews_its_session(make_client: MakeClient) -> None:
    fake = FakePhotoPrism()
    client = make_client(fake.upstream, "usernamePassword")
    info = await integration.test_connection(client)
    assert info.version == "240915-e1280b2fb" and info.details == {"photos": "11902"}
    fake.sessions_valid = False
    await integration.fetch_data(client, "library")
    assert fake.logins == 2


@pytest.mark.parametrize(
    ("kind", "words"), [("token", "Apps and Devices"), ("usernamePassword", "username or password")]
)
async def test_refusals_name_the_credential_without_it(
    make_client: MakeClient, kind: str, words: str
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakePhotoPrism().upstream, kind, "wrong"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED and words in caught.value.message
    assert_no_secret(caught.value, "wrong")
