"""A real uvicorn Tilewire with auth on, a fake upstream and one demo App: what a dashboard
page talks to in these tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from app.auth import Role, mint_token
from tests.schema.test_subscriptions import create_demo
from tests.support.api import served
from tests.support.fake_service import FakeService, running_fake_service

SECRET = "h" * 40
APP = "sub"
"""The demo App's name, and its service's name at the fake upstream."""


def bearer(role: Role = Role.VIEWER, ttl: int = 3600) -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(SECRET, role, ttl_seconds=ttl)}"}


@asynccontextmanager
async def tilewire(tmp_path: Path, **settings: Any) -> AsyncIterator[tuple[str, FakeService, str]]:
    """(url, fake upstream, app id)."""
    async with (
        running_fake_service() as fake,
        served(
            f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=SECRET, **settings
        ) as url,
    ):
        app_id = await create_demo(url, fake, APP, token=mint_token(SECRET, Role.ADMIN))
        yield url, fake, app_id


async def polling_stops(fake: FakeService) -> None:
    """The upstream is polled no more (endpoint ``fast`` polls every 0.3 s while listened to)."""
    await asyncio.sleep(0.6)
    stopped_at = fake.calls[APP]
    await asyncio.sleep(1.0)
    assert fake.calls[APP] == stopped_at, "the poller must stop when the client leaves"


@asynccontextmanager
async def changing_after_the_first_poll(fake: FakeService, value: int) -> AsyncIterator[None]:
    """While inside, the demo service answers ``value`` from its second poll on: a
    subscription is sent a value when it changes, so a second ``next`` needs a new value."""

    async def change() -> None:
        for _ in range(500):  # bounded: 10 s
            if fake.calls[APP]:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.1)  # the first answer is on its way; the next poll is 0.3 s on
        fake.values[APP] = value

    task = asyncio.get_running_loop().create_task(change())
    try:
        yield
    finally:
        task.cancel()
