"""The Redis backend in one process: two hubs stand for two processes on one Redis; an
unreachable Redis falls back to this process alone."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from integrations.hub import DataHub, Target
from integrations.registry import registry
from integrations.shared import RedisBackend
from tests.support.demo import demo
from tests.support.fake_service import API_KEY, FakeService, running_fake_service
from tests.support.redis_server import RedisServer, redis_server
from tests.support.server import free_port


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    with redis_server(tmp_path) as server:
        yield server


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


def target(fake: FakeService, name: str) -> Target:
    config = demo.config_model.model_validate(
        {"url": fake.base(name), "credentials": {"apiKey": API_KEY}}
    )
    return Target(f"app-{name}", demo, config, "fp1")


async def hub_on(url: str) -> DataHub:
    hub = DataHub(RedisBackend(url, registry.payload_model, prefix="t"))
    hub.start()
    await asyncio.sleep(0.05)  # the event listener subscribes
    return hub


async def test_two_hubs_share_values_and_single_flight(
    redis: RedisServer, fake: FakeService
) -> None:
    one, two = await hub_on(redis.url), await hub_on(redis.url)
    try:
        fake.latency["x"] = 0.3
        results = await asyncio.gather(
            *(hub.get(target(fake, "x"), "reading") for hub in (one, two) for _ in range(20))
        )
        assert {r.payload.model_dump()["value"] for r in results if r.payload} == {42}
        assert all(r.error is None for r in results)
        assert fake.calls["x"] == 1
    finally:
        await one.aclose()
        await two.aclose()


async def test_announced_values_reach_the_other_hubs_subscribers(
    redis: RedisServer, fake: FakeService
) -> None:
    one, two = await hub_on(redis.url), await hub_on(redis.url)
    tgt = target(fake, "sub")

    async def resolve() -> Target:
        return tgt

    stream = two.subscribe(tgt.app_id, "reading", resolve)
    try:
        first = await asyncio.wait_for(anext(stream), 5)
        assert first.payload is not None and first.payload.model_dump() == {"value": 42}
        fake.values["sub"] = 3
        await one.get(tgt, "reading", force=True)
        pushed = await asyncio.wait_for(anext(stream), 5)
        assert pushed.payload is not None and pushed.payload.model_dump() == {"value": 3}
    finally:
        await stream.aclose()  # type: ignore[attr-defined]
        await one.aclose()
        await two.aclose()


async def test_unreachable_redis_falls_back_to_this_process(
    fake: FakeService, caplog: pytest.LogCaptureFixture
) -> None:
    backend = RedisBackend(f"redis://127.0.0.1:{free_port()}/0", registry.payload_model)
    hub = DataHub(backend)
    hub.start()
    try:
        with caplog.at_level(logging.WARNING, logger="integrations.shared"):
            for _ in range(3):
                data = await hub.get(target(fake, "y"), "reading")
                assert data.payload is not None and data.error is None
        assert fake.calls["y"] == 1  # cached in-process meanwhile
        assert backend.status() == "in-process (redis unreachable)"
        assert sum("Redis unreachable" in r.getMessage() for r in caplog.records) == 1
    finally:
        await hub.aclose()
