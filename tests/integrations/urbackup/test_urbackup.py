"""UrBackup integration against fixtures transcribed from the UrBackup API documentation."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.urbackup import integration
from integrations.urbackup.client import UrBackupClient
from integrations.urbackup.definition import UrBackupStatus
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    secret_check,
)

ID = "urbackup"
API_KEY = "fixture-api-key"
BASE = "http://urbackup.test"
STATUS = ("GET", "/api/status")

MakeClient = Callable[..., UrBackupClient]


body = partial(fixture_body, ID)
config = one_secret_config(BASE, "apiKey", "apiKey", API_KEY)
assert_no_secret = secret_check(API_KEY)


def fake() -> FakeUpstream:
    """UrBackup's rules over the documented answers: every route takes the API key header."""
    return FakeUpstream(
        ID, {STATUS: "status"}, refuse=needs_header(ID, "x-api-key", API_KEY, "unauthorized")
    )


async def test_connection_says_the_version(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version == body("status")["version"]
    assert info.details == {"healthy": "yes"}


async def test_status(make_client: MakeClient) -> None:
    upstream = fake()
    payload = await integration.fetch_data(make_client(upstream), "status")
    status = body("status")
    assert payload == UrBackupStatus(version=status["version"], healthy=status["healthy"])
    assert upstream.calls[STATUS] == 1


async def test_a_wrong_key_is_unauthorized_without_the_key(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "wrong-key"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert_no_secret(caught.value, "wrong-key", API_KEY)
