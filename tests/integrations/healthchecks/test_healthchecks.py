"""Healthchecks integration against fixtures transcribed from the Healthchecks Management API v3
documentation (Healthchecks v4.3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.errors import ErrorCode, IntegrationError
from integrations.healthchecks import integration
from integrations.healthchecks.client import HealthchecksClient
from integrations.healthchecks.definition import (
    MAX_CHECKS,
    HealthchecksChecks,
    HealthchecksCheckStatus,
)
from tests.integrations.upstream import FakeUpstream, fixture_body, needs_header, secret_check

ID = "healthchecks"
API_KEY = "fixture-api-key-of-32-characters"
BASE = "http://healthchecks.test"
CHECKS = ("GET", "/api/v3/checks/")

MakeClient = Callable[..., HealthchecksClient]

body = partial(fixture_body, ID)
assert_no_secret = secret_check(API_KEY)


def config(secret: str = API_KEY, url: str = BASE, **extra: Any) -> dict[str, Any]:
    return {"url": url, "credentials": {"type": "apiKey", "apiKey": secret}, "extra": extra}


def fake(answer: Any = "checks") -> FakeUpstream:
    """Healthchecks' rule over the documented answers: every call takes the key header."""
    return FakeUpstream(
        ID, {CHECKS: answer}, refuse=needs_header(ID, "x-api-key", API_KEY, "unauthorized")
    )


async def checks(client: HealthchecksClient) -> HealthchecksChecks:
    payload = await integration.fetch_data(client, "checks")
    assert isinstance(payload, HealthchecksChecks)
    return payload


@pytest.mark.parametrize("answer", ["checks", "checks_readonly"])
async def test_documented_checks(make_client: MakeClient, answer: str) -> None:
    payload = await checks(make_client(fake(answer)))
    assert (payload.up, payload.down, payload.total) == (1, 1, 2)
    assert (payload.grace, payload.new, payload.paused, payload.started) == (0, 0, 0, 0)
    down, up = payload.checks
    assert down.name == "Database Backup" and down.status is HealthchecksCheckStatus.DOWN
    assert down.tags == ["production", "db"] and down.next_ping is None
    assert down.last_ping == datetime(2020, 3, 23, 10, 19, 32, tzinfo=UTC)
    assert down.grace_seconds == 1200
    assert up.slug == "filesystem-backup" and up.next_ping is not None


async def test_connection_counts_the_checks(make_client: MakeClient) -> None:
    info = await integration.test_connection(make_client(fake()))
    assert info.version is None
    assert info.details == {"checks": "2", "down": "1"}


def answer_of(*entries: tuple[str, str, bool]) -> dict[str, Any]:
    """A checks answer shaped like the documented one, its pings relative to now."""
    now = datetime.now(UTC)
    template = body("checks")["checks"][0]
    return {
        "checks": [
            {
                **template,
                "name": name,
                "status": status,
                "started": started,
                "last_ping": (now - timedelta(minutes=5)).isoformat(),
                "next_ping": (now + timedelta(minutes=55)).isoformat(),
                "last_duration": 42,
            }
            for name, status, started in entries
        ]
    }


async def test_problems_first_and_every_status_counted(make_client: MakeClient) -> None:
    answer = answer_of(
        ("nightly", "up", False),
        ("Backups", "grace", True),
        ("new one", "new", False),
        ("old", "paused", False),
        ("alpha", "up", True),
        ("db", "down", False),
        ("v9", "a status of a later release", False),
    )
    payload = await checks(make_client(fake(answer)))
    assert [(c.name, c.status.value) for c in payload.checks] == [
        ("db", "down"),
        ("Backups", "grace"),
        ("new one", "new"),
        ("old", "paused"),
        ("alpha", "up"),
        ("nightly", "up"),
        ("v9", "unknown"),
    ]
    assert (payload.up, payload.down, payload.grace, payload.new, payload.paused) == (
        2,
        1,
        1,
        1,
        1,
    )
    assert payload.started == 2 and payload.total == 7
    assert payload.checks[1].last_duration_seconds == 42


async def test_a_large_project_lists_the_first_checks_and_counts_all(
    make_client: MakeClient,
) -> None:
    answer = answer_of(*((f"job {n:03}", "up", False) for n in range(MAX_CHECKS + 30)))
    payload = await checks(make_client(fake(answer)))
    assert payload.total == MAX_CHECKS + 30 and payload.up == MAX_CHECKS + 30
    assert len(payload.checks) == MAX_CHECKS


async def test_the_tag_setting_filters_upstream(make_client: MakeClient) -> None:
    upstream = fake()
    await checks(make_client(upstream, tag="prod"))
    await checks(make_client(upstream))
    tagged, untagged = upstream.requests
    assert tagged.url.params.get_list("tag") == ["prod"]
    assert "tag" not in untagged.url.params


def test_a_tag_with_spaces_is_a_field_error() -> None:
    with pytest.raises(ValidationError) as caught:
        integration.config_model.model_validate(config(tag="two words"))
    assert caught.value.errors()[0]["loc"] == ("extra", "tag")


async def test_a_wrong_key_is_unauthorized_without_the_key(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(), "wrong-key"))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert "Project Settings" in caught.value.message
    assert_no_secret(caught.value, "wrong-key", API_KEY)


async def test_an_answer_without_checks_is_invalid(make_client: MakeClient) -> None:
    upstream = fake(httpx.Response(200, json={"error": "not this"}))
    with pytest.raises(IntegrationError) as caught:
        await checks(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
