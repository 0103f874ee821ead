"""testIntegration is rate limited per caller (token subject and client address), so that it
cannot serve as a port scanner: the call over the limit is a typed RATE_LIMITED failure saying
when to retry, and contacts nothing. Time is a fake clock."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.auth import Role, mint_token
from tests.schema.test_integration_data import Clock
from tests.support.api import Api, api_for
from tests.support.fake_service import API_KEY, FakeService, running_fake_service

LIMIT = 3
SECRET = "test-jwt-secret-" + "x" * 32
RESULT = """mutation($input: TestIntegrationInput!) { testIntegration(input: $input) {
  __typename
  ... on TestConnectionSuccess { version }
  ... on TestConnectionFailure { latencyMs retryAfterSeconds error { code message status url } }
  ... on ValidationErrors { errors { argument field code } } } }"""


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


@contextlib.asynccontextmanager
async def limited(tmp_path: Path, **settings: Any) -> AsyncIterator[tuple[Api, Clock]]:
    database = f"sqlite://{tmp_path / 'db.sqlite3'}"
    async with api_for(database, tmp_path, test_rate_limit=LIMIT, **settings) as api:
        clock = Clock()
        api.app.state.services.live.test_limit.clock = clock
        yield api, clock


@contextlib.asynccontextmanager
async def from_address(api: Api, address: str) -> AsyncIterator[Api]:
    """The same application, called from another client address."""
    transport = httpx.ASGITransport(app=api.app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url=api.http.base_url) as http:
        yield Api(http, api.app)


async def attempt(
    api: Api, fake: FakeService, config: dict[str, Any] | None = None, token: str | None = None
) -> dict[str, Any]:
    config = config or {"url": fake.base("a"), "credentials": {"apiKey": API_KEY}}
    variables = {"input": {"integrationType": "demo", "config": config}}
    result: dict[str, Any] = (await api.query(RESULT, variables, token=token))["testIntegration"]
    return result


def rate_limited(result: dict[str, Any]) -> int:
    assert result["__typename"] == "TestConnectionFailure", result
    assert result["error"]["code"] == "RATE_LIMITED"
    assert (result["error"]["status"], result["error"]["url"]) == (None, None)
    wait: int = result["retryAfterSeconds"]
    assert result["error"]["message"] == (
        f"too many connection tests: Tilewire allows {LIMIT} a minute; try again in {wait} s"
    )
    return wait


async def test_the_call_over_the_limit_is_rate_limited_and_contacts_nothing(
    tmp_path: Path, fake: FakeService, caplog: pytest.LogCaptureFixture
) -> None:
    async with limited(tmp_path) as (api, clock):
        for _ in range(LIMIT):
            assert (await attempt(api, fake))["__typename"] == "TestConnectionSuccess"
        with caplog.at_level(logging.WARNING, logger="app.data"):
            assert rate_limited(await attempt(api, fake)) == 60 // LIMIT
            clock.now += 5
            assert rate_limited(await attempt(api, fake)) == 60 // LIMIT - 5
        assert fake.versions["a"] == LIMIT
        [line] = [r.getMessage() for r in caplog.records if "rate limited" in r.message]
        assert line == "connection tests rate limited for address:127.0.0.1 (3 a minute)"

        clock.now += 60 // LIMIT - 5
        assert (await attempt(api, fake))["__typename"] == "TestConnectionSuccess"
        assert rate_limited(await attempt(api, fake)) == 60 // LIMIT
        assert fake.versions["a"] == LIMIT + 1


async def test_another_caller_is_unaffected(tmp_path: Path, fake: FakeService) -> None:
    async with limited(tmp_path) as (api, _clock), from_address(api, "192.0.2.9") as other:
        for _ in range(LIMIT):
            await attempt(api, fake)
        rate_limited(await attempt(api, fake))
        for _ in range(LIMIT):
            assert (await attempt(other, fake))["__typename"] == "TestConnectionSuccess"
        rate_limited(await attempt(other, fake))


async def test_invalid_configs_do_not_count(tmp_path: Path, fake: FakeService) -> None:
    async with limited(tmp_path) as (api, _clock):
        for url in ["nope", "http://169.254.169.254"] * LIMIT:
            invalid = await attempt(api, fake, {"url": url, "credentials": {"apiKey": "k"}})
            assert invalid["__typename"] == "ValidationErrors"
        for _ in range(LIMIT):
            assert (await attempt(api, fake))["__typename"] == "TestConnectionSuccess"


async def test_a_token_subject_is_limited_from_every_address(
    tmp_path: Path, fake: FakeService
) -> None:
    alice = mint_token(SECRET, Role.ADMIN, subject="alice")
    bob = mint_token(SECRET, Role.ADMIN, subject="bob")
    async with (
        limited(tmp_path, jwt_secret=SECRET) as (api, _clock),
        from_address(api, "192.0.2.10") as second,
        from_address(api, "192.0.2.11") as third,
    ):
        for _ in range(LIMIT):
            await attempt(api, fake, token=alice)
        rate_limited(await attempt(second, fake, token=alice))
        assert (await attempt(third, fake, token=bob))["__typename"] == "TestConnectionSuccess"


async def test_zero_turns_the_limit_off(tmp_path: Path, fake: FakeService) -> None:
    database = f"sqlite://{tmp_path / 'db.sqlite3'}"
    async with api_for(database, tmp_path, test_rate_limit=0) as api:
        assert api.app.state.services.live.test_limit is None
        for _ in range(LIMIT + 2):
            assert (await attempt(api, fake))["__typename"] == "TestConnectionSuccess"
