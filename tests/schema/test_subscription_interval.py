"""Subscription.integrationData's refreshInterval over a real WebSocket: the poller polls at
the smallest interval its subscribers ask for, clamped to the endpoint's minimum; a value is
sent when what it shows changed; a failing service is retried when its error expires.

The demo endpoint ``gauge`` keeps a value 30 s and may be refreshed every 1.5 s; ``fast``
keeps one 0.3 s. Timings are asserted with margins of a few tenths of a second."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import websockets

from integrations.cadence import MAX_REFRESH_INTERVAL, cadence
from tests.schema.test_subscriptions import Subscriber, create_demo
from tests.support.api import served
from tests.support.demo import demo
from tests.support.fake_service import FakeService, running_fake_service

SUBSCRIBE = """subscription($app: ID!, $endpoint: ID!, $every: Int) {
  integrationData(appId: $app, endpointId: $endpoint, refreshInterval: $every) {
    json stale error { code } } }"""


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


@pytest.fixture
async def url(tmp_path: Path) -> AsyncIterator[str]:
    async with served(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path) as address:
        yield address


async def subscribe(
    url: str, app_id: str, endpoint: str, every: int | None = None
) -> tuple[Any, Subscriber]:
    ws = await websockets.connect(
        url.replace("http", "ws", 1) + "/graphql", subprotocols=["graphql-transport-ws"]
    )
    await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
    assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "connection_ack"
    variables = {"app": app_id, "endpoint": endpoint, "every": every}
    payload = {"query": SUBSCRIBE, "variables": variables}
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
    return ws, Subscriber(ws)


def shown(event: dict[str, Any]) -> dict[str, Any]:
    value: dict[str, Any] = event["data"]["integrationData"]
    return value


def gaps(moments: list[float]) -> list[float]:
    return [round(b - a, 2) for a, b in itertools.pairwise(moments)]


async def test_an_interval_below_the_minimum_is_clamped_and_unchanged_values_are_not_sent(
    url: str, fake: FakeService
) -> None:
    app_id = await create_demo(url, fake, "g")
    ws, subscriber = await subscribe(url, app_id, "gauge", every=1)  # gauge: at least 1.5 s
    try:
        assert shown(await subscriber.next()) == {
            "json": {"value": 42},
            "stale": False,
            "error": None,
        }
        with pytest.raises(TimeoutError):  # polled meanwhile, the same value every time
            await subscriber.next(timeout=3.4)
        polled = fake.arrived_at["g"]
        assert len(polled) >= 3, gaps(polled)  # at 0, 1.5 and 3 s, though the TTL is 30 s
        assert all(1.4 <= gap <= 2.5 for gap in gaps(polled)), gaps(polled)
        fake.values["g"] = 5
        assert shown(await subscriber.next(timeout=3))["json"] == {"value": 5}
    finally:
        await ws.close()


async def test_one_poller_polls_at_the_smallest_interval_asked_for(
    url: str, fake: FakeService
) -> None:
    app_id = await create_demo(url, fake, "two")
    ws1, slow = await subscribe(url, app_id, "gauge", every=3)
    ws2 = None
    try:
        assert shown(await slow.next())["json"] == {"value": 42}
        [first] = fake.arrived_at["two"]
        ws2, quick = await subscribe(url, app_id, "gauge", every=2)
        assert shown(await quick.next())["json"] == {"value": 42}  # at once, from the cache
        await asyncio.sleep(max(0.0, first + 4.6 - time.monotonic()))
        polled = fake.arrived_at["two"]
        # every 2 s from the first fetch (not 3 s, and not once per subscriber)
        assert len(polled) == 3, gaps(polled)
        assert all(1.9 <= gap <= 2.5 for gap in gaps(polled)), gaps(polled)
        fake.values["two"] = 9
        for subscriber in (slow, quick):
            assert shown(await subscriber.next(timeout=3))["json"] == {"value": 9}
    finally:
        await ws1.close()
        if ws2 is not None:
            await ws2.close()


async def test_a_failing_service_is_retried_as_its_error_expires_and_sent_once(
    url: str, fake: FakeService
) -> None:
    app_id = await create_demo(url, fake, "f")
    ws, subscriber = await subscribe(url, app_id, "fast")  # the TTL: 0.3 s
    try:
        assert shown(await subscriber.next())["json"] == {"value": 42}
        fake.failing.add("f")
        failed = shown(await subscriber.next(timeout=3))
        assert failed == {"json": {"value": 42}, "stale": True, "error": {"code": "UPSTREAM_ERROR"}}
        calls = fake.calls["f"]
        with pytest.raises(TimeoutError):  # the same failure, not sent again
            await subscriber.next(timeout=1.2)
        assert fake.calls["f"] - calls >= 2  # asked again each time the error expired
        fake.failing.discard("f")
        recovered = shown(await subscriber.next(timeout=3))
        assert recovered == {"json": {"value": 42}, "stale": False, "error": None}
    finally:
        await ws.close()


@pytest.mark.parametrize("every", [0, -30])
async def test_a_non_positive_interval_is_bad_user_input_naming_it(
    url: str, fake: FakeService, every: int
) -> None:
    app_id = await create_demo(url, fake, "bad")
    ws, _ = await subscribe(url, app_id, "gauge", every=every)
    try:
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        end = json.loads(await asyncio.wait_for(ws.recv(), 5))
    finally:
        await ws.close()
    assert (message["type"], end["type"]) == ("next", "complete")
    assert message["payload"]["data"] is None
    [error] = message["payload"]["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "argument": "refreshInterval",
        "reason": "OUT_OF_RANGE",
    }
    assert "refreshInterval" in error["message"]
    assert fake.calls["bad"] == 0


async def test_an_interval_above_the_maximum_is_accepted(url: str, fake: FakeService) -> None:
    app_id = await create_demo(url, fake, "long")
    ws, subscriber = await subscribe(url, app_id, "gauge", every=2**31 - 1)
    try:
        assert shown(await subscriber.next())["json"] == {"value": 42}
    finally:
        await ws.close()


async def test_an_interval_beyond_32_bits_is_refused_before_anything_runs(
    url: str, fake: FakeService
) -> None:
    app_id = await create_demo(url, fake, "huge")
    ws, _ = await subscribe(url, app_id, "gauge", every=2**40)
    try:
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
    finally:
        await ws.close()
    assert message["type"] == "error", message
    [error] = message["payload"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "$every" in error["message"] and "32-bit" in error["message"]
    assert str(2**40) not in error["message"]
    assert fake.calls["huge"] == 0


def test_cadence_clamps_to_the_endpoint_minimum_and_to_an_hour() -> None:
    gauge = demo.endpoints["gauge"]
    assert cadence(gauge, None) == gauge.ttl == 30
    assert cadence(gauge, 1) == gauge.min_refresh == 1.5
    assert cadence(gauge, 45) == 45
    assert cadence(gauge, 86_400) == MAX_REFRESH_INTERVAL == 3600
