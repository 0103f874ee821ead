"""API keys against a real ``tilewire serve``: shown once, usable over HTTP and WebSocket next to
JWTs, listed without their secret, refused and their sockets closed the moment they are
revoked; ``lastUsedAt`` written at most once a minute."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import websockets

from app import db
from app.api_keys import RECHECK, ApiKeyService
from app.auth import AuthError, Role, mint_token
from app.crypto import generate_key
from app.models import ApiKey
from tests.app.test_token_expiry import connect, messages_until_closed
from tests.schema.test_subscriptions import SUBSCRIBE, create_demo
from tests.support.fake_service import running_fake_service
from tests.support.server import Server, serve
from tests.support.signin import (
    LIST_KEYS,
    ME,
    REVOKE_KEY,
    create_key,
    data_of,
    error_of,
    gql,
    revoke_key,
)

SECRET = "k" * 40
CREATE_APP = 'mutation { createApp(input: {name: "x"}) { __typename } }'
REVOKED = "the API key was revoked"
KEY_FORMAT = re.compile(r"tw_([0-9a-f]{12})_[A-Za-z0-9_-]{43}")


def leaks(secret: str, text: str) -> bool:
    """Whether ``text`` holds any 10 consecutive characters of ``secret`` (a log line may
    show the beginning or the end of a long value)."""
    return any(secret[i : i + 10] in text for i in range(len(secret) - 9))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    env = {
        "JWT_SECRET": SECRET,
        "INTEGRATION_ENCRYPTION_KEY": generate_key(),
        "TILEWIRE_DATA_DIR": str(tmp_path),
        "TILEWIRE_LOG_LEVEL": "DEBUG",
        "TILEWIRE_PLUGINS": "tests.support.demo",
    }
    with serve(env, tmp_path / "server.log") as running:
        yield running


async def test_a_key_is_shown_once_signs_in_and_is_refused_once_revoked(server: Server) -> None:
    admin = mint_token(SECRET, Role.ADMIN, subject="alice")
    url = server.url
    async with httpx.AsyncClient(timeout=10) as http:
        key, listed = await create_key(http, url, admin, "backup script")
        match = KEY_FORMAT.fullmatch(key)
        assert match is not None, "the key is not tw_<12 hex>_<43 base64url>"
        secret = key.split("_", 2)[2]
        assert listed["prefix"] == match.group(1)
        assert (listed["name"], listed["role"], listed["lastUsedAt"]) == (
            "backup script",
            "VIEWER",
            None,
        )
        later: list[str] = []  # every response after the creation

        async def body(query: str, bearer: str, **variables: str) -> dict[str, object]:
            response = await gql(http, url, query, variables, bearer=bearer)
            later.append(json.dumps(response))
            return response

        assert (await body(ME, key))["data"] == {
            "me": {"name": "backup script", "role": "VIEWER", "via": "API_KEY"}
        }
        assert (await body(ME, admin))["data"] == {
            "me": {"name": "alice", "role": "ADMIN", "via": "JWT"}
        }
        forbidden = await body(CREATE_APP, key)
        assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # type: ignore[index]
        refused = await body(LIST_KEYS, key)
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # type: ignore[index]

        # lastUsedAt is written in the background after the first use (bounded wait)
        for _ in range(50):
            [row] = (await body(LIST_KEYS, admin))["data"]["apiKeys"]  # type: ignore[index]
            if row["lastUsedAt"] is not None:
                break
            await asyncio.sleep(0.1)
        assert row == {**listed, "lastUsedAt": row["lastUsedAt"]}
        assert row["lastUsedAt"] is not None
        assert set(row) == {"id", "name", "role", "prefix", "createdAt", "lastUsedAt"}

        await revoke_key(http, url, admin, listed["id"])
        code, message = await error_of(http, url, ME, bearer=key)
        assert (code, message) == (
            "UNAUTHENTICATED",
            "the API key is not valid (unknown or revoked)",
        )
        assert (await body(LIST_KEYS, admin))["data"] == {"apiKeys": []}
        again = (await body(REVOKE_KEY, admin, id=listed["id"]))["data"]
        assert again["revokeApiKey"]["errors"][0]["code"] == "NOT_FOUND"  # type: ignore[index]
    assert not any(leaks(secret, text) for text in later)
    log = server.log()
    assert not leaks(secret, log)
    assert f"created API key {listed['prefix']} 'backup script' (viewer)" in log
    assert f"revoked API key {listed['prefix']} 'backup script'" in log


@pytest.mark.parametrize("where", ["header", "connection_init"])
async def test_revoking_a_key_closes_its_open_subscriptions_at_once(
    server: Server, where: str
) -> None:
    admin = mint_token(SECRET, Role.ADMIN)
    async with running_fake_service() as fake, httpx.AsyncClient(timeout=10) as http:
        app_id = await create_demo(server.url, fake, "watched", token=admin)
        key, listed = await create_key(http, server.url, admin, "wall display")
        ws = await connect(server.url, key, where)
        subscribe = {"query": SUBSCRIBE, "variables": {"app": app_id, "endpoint": "fast"}}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscribe}))
        first = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert first["type"] == "next", first
        await revoke_key(http, server.url, admin, listed["id"])
        revoked_at = time.time()
        received = await messages_until_closed(ws, deadline=revoked_at + 3)
        closed_at = time.time()
        assert (ws.close_code, ws.close_reason) == (4403, REVOKED)
        # at once, not at the next periodic check
        assert closed_at - revoked_at < min(1.0, RECHECK), closed_at - revoked_at
        assert {message["type"] for _, message in received} <= {"next"}
        await asyncio.sleep(0.5)
        calls = fake.calls["watched"]
        await asyncio.sleep(1.0)
        assert fake.calls["watched"] == calls, "the subscription still polls after the close"
        # and the key opens no new connection
        with pytest.raises(websockets.ConnectionClosed) as refused:
            await connect(server.url, key, where)
        assert refused.value.rcvd is not None and refused.value.rcvd.code == 4403
    assert "closed a WebSocket: the API key was revoked" in server.log()
    assert not leaks(key.split("_", 2)[2], server.log())


async def test_a_connection_whose_key_was_revoked_before_it_was_watched_is_closed(
    tmp_path: Path, database_url: str
) -> None:
    """A key revoked by another process between the sign-in and connection_init's ack (the
    event came before the connection watched it): the connection checks once it watches."""
    from tests.support.api import served

    async with served(database_url, tmp_path, jwt_secret=SECRET) as url:
        admin = mint_token(SECRET, Role.ADMIN)
        async with httpx.AsyncClient(timeout=10) as http:
            key, listed = await create_key(http, url, admin, "late")
            await data_of(http, url, ME, bearer=key)  # its grant is now kept in the process
            # deleted behind the process's back, as another process without Redis would
            await ApiKey.filter(id=listed["id"]).delete()
            ws = await connect(url, key, "connection_init")
            received = await messages_until_closed(ws, deadline=time.time() + 3)
        assert received == []
        assert (ws.close_code, ws.close_reason) == (4403, REVOKED)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def last_used(key_id: str) -> datetime | None:
    return (await ApiKey.get(id=key_id)).last_used_at


async def settle(*services: ApiKeyService) -> None:
    for service in services:
        await service.aclose()


async def test_last_used_is_written_at_most_once_a_minute_for_all_processes(
    database_url: str,
) -> None:
    start = 1_900_000_000.0  # a fixed instant: nothing here depends on today's date
    await db.migrate(database_url)
    try:
        clock = Clock(start)
        one, other = ApiKeyService(clock=clock), ApiKeyService(clock=clock)
        created = await one.create("poller", Role.VIEWER)
        key_id = created.record.id
        assert await last_used(key_id) is None
        for _ in range(100):  # a hundred requests in the same second: one write
            await one.grant(created.key)
        await settle(one)
        assert await last_used(key_id) == datetime.fromtimestamp(start, UTC)

        clock.now = start + 30  # another process's first use, within the minute: no write
        assert (await other.grant(created.key)).subject == "poller"
        clock.now = start + 59
        await one.grant(created.key)
        await settle(one, other)
        assert await last_used(key_id) == datetime.fromtimestamp(start, UTC)

        clock.now = start + 61
        await one.grant(created.key)
        await settle(one)
        assert await last_used(key_id) == datetime.fromtimestamp(start + 61, UTC)
    finally:
        await db.close()


async def test_a_kept_grant_is_checked_again_after_the_recheck_interval(
    database_url: str,
) -> None:
    """Without the revocation event (another process, no Redis), a revoked key is refused
    at the latest RECHECK seconds after its last check."""
    await db.migrate(database_url)
    try:
        clock = Clock(1_900_000_000.0)
        service = ApiKeyService(clock=clock)
        created = await service.create("cron", Role.ADMIN)
        assert (await service.grant(created.key)).role is Role.ADMIN
        await ApiKey.filter(id=created.record.id).delete()  # revoked elsewhere
        clock.now += RECHECK - 0.5
        assert (await service.grant(created.key)).role is Role.ADMIN  # kept: no query
        clock.now += 1
        with pytest.raises(AuthError, match="not valid"):
            await service.grant(created.key)
        await settle(service)
    finally:
        await db.close()


@pytest.mark.parametrize(
    "presented",
    [
        "tw_",
        "tw_0123456789ab",
        "tw_0123456789ab_",
        "tw_XYZ456789abc_secret",
        "tw_0123456789ab_" + "s" * 200,
        "tw_{prefix}_wrong-secret",
    ],
)
async def test_malformed_and_wrong_keys_are_refused_without_being_echoed(
    database_url: str, presented: str
) -> None:
    await db.migrate(database_url)
    try:
        service = ApiKeyService()
        created = await service.create("real", Role.ADMIN)
        presented = presented.format(prefix=created.record.prefix)
        with pytest.raises(AuthError) as caught:
            await service.grant(presented)
        assert str(caught.value) == "the API key is not valid (unknown or revoked)"
        assert caught.value.code == "UNAUTHENTICATED"
        await settle(service)
    finally:
        await db.close()


async def test_names_are_validated_and_unique(database_url: str) -> None:
    from app.errors import InvalidInput

    await db.migrate(database_url)
    try:
        service = ApiKeyService()
        assert (await service.create("  grafana  ", Role.VIEWER)).record.name == "grafana"
        for name, code in [
            ("   ", "MISSING"),
            ("x" * 65, "TOO_LONG"),
            ("two\nlines", "INVALID_CHARACTERS"),
            ("grafana", "TAKEN"),
        ]:
            with pytest.raises(InvalidInput) as caught:
                await service.create(name, Role.VIEWER)
            [error] = caught.value.errors
            assert (error.argument, error.field, error.code) == ("name", None, code), name
        assert await ApiKey.all().count() == 1
    finally:
        await db.close()
