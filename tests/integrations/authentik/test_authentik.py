"""authentik integration against answers shaped by authentik's API v3 schema."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import httpx
import pytest

from integrations.authentik import integration
from integrations.authentik.client import AuthentikClient
from integrations.authentik.definition import AuthentikStatus
from integrations.errors import ErrorCode, IntegrationError
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    secret_check,
)

ID = "authentik"
TOKEN = "fixture0authentik0token0123456789abcdef"
BASE = "http://auth.test:9000"

MakeClient = Callable[..., AuthentikClient]
config = one_secret_config(BASE, "token", "token", TOKEN)
assert_no_secret = secret_check(TOKEN)
body = partial(fixture_body, ID)


def fake() -> FakeUpstream:
    def users(request: httpx.Request) -> httpx.Response:
        page = body("users")
        if request.url.params.get("is_active") == "true":
            page["pagination"]["count"] = 40
        return httpx.Response(200, json=page)

    return FakeUpstream(
        ID,
        {
            ("GET", "/api/v3/admin/version/"): "version",
            ("GET", "/api/v3/core/users/"): users,
            ("GET", "/api/v3/core/authenticated_sessions/"): "sessions",
        },
        refuse=needs_header(ID, "authorization", f"Bearer {TOKEN}", "unauthorized"),
    )


async def test_status(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake()), "status")
    assert payload == AuthentikStatus(
        version="2025.10.2",
        latest_version="2025.12.0",
        update_available=True,
        outposts_outdated=False,
        users=42,
        active_users=40,
        sessions=7,
    )


async def test_a_wrong_token_is_unauthorized_though_403(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "wrong-token"))
    assert (
        caught.value.code is ErrorCode.UNAUTHORIZED
        and "Tokens and App passwords" in caught.value.message
    )
    assert_no_secret(caught.value, "wrong-token")


async def test_a_missing_permission_is_forbidden(make_client: MakeClient) -> None:
    upstream = FakeUpstream(
        ID,
        {
            ("GET", "/api/v3/admin/version/"): httpx.Response(
                403, json={"detail": "You do not have permission to perform this action."}
            )
        },
    )
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_connection(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == "2025.10.2"
