"""Starting many fetches at once (a known dashboard whose values expired): the slowest
upstream is asked first, and each fetch starts once the previous one's request is on its way,
so the slow request is not held back by the Python work of all the others."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from integrations import hub as hub_module
from integrations.hub import DataHub, Target
from tests.support.demo import demo
from tests.support.fake_service import API_KEY, FakeService, running_fake_service


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def target(fake: FakeService, name: str) -> Target:
    config = demo.config_model.model_validate(
        {"url": fake.base(name), "credentials": {"apiKey": API_KEY}}
    )
    return Target(f"app-{name}", demo, config, "fp1")


async def test_slowest_first_and_begin_returns_before_the_values(fake: FakeService) -> None:
    clock = Clock()
    hub = DataHub(clock=clock)
    names = [f"fast{n}" for n in range(8)] + ["slow"]
    fake.latency["slow"] = 0.4
    try:
        await asyncio.gather(*(hub.get(target(fake, n), "reading") for n in names))
        clock.now += 60  # every value expired; the hub remembers how long each took
        fake.arrivals.clear()
        started = time.perf_counter()
        await hub.begin([(target(fake, n), "reading") for n in names])
        begun = time.perf_counter() - started
        assert begun < 0.3, "begin waits for requests to leave, not for answers"
        values = await asyncio.gather(*(hub.get(target(fake, n), "reading") for n in names))
        assert all(v.error is None and v.payload is not None for v in values)
        assert fake.arrivals[0] == "slow"
        assert all(fake.calls[n] == 2 for n in names)  # the later gets joined the fetches
    finally:
        await hub.aclose()


async def test_never_seen_keys_start_before_known_fast_ones(fake: FakeService) -> None:
    hub = DataHub()
    try:
        await hub.get(target(fake, "known"), "reading")
        await hub.invalidate("app-known")  # as after an edit: a new client, no connection
        fake.arrivals.clear()
        wanted = [(target(fake, "known"), "reading"), (target(fake, "new"), "reading")]
        await hub.begin(wanted)
        await asyncio.gather(*(hub.get(t, e) for t, e in wanted))
        assert fake.arrivals == ["new", "known"]
    finally:
        await hub.aclose()


async def test_a_fetch_that_sends_nothing_holds_the_others_back_only_briefly(
    fake: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fetch waiting for something else (a login lock, another process) sends nothing:
    the next one starts after a short step, and begin as a whole is bounded."""
    hub = DataHub()
    waiting = asyncio.Event()

    async def stuck(_client: object, _endpoint_id: str) -> object:
        await waiting.wait()
        raise AssertionError("never reached")

    names = [f"s{n}" for n in range(20)]
    monkeypatch.setattr(demo, "fetch_data", stuck)
    try:
        started = time.perf_counter()
        await hub.begin([(target(fake, n), "reading") for n in names])
        took = time.perf_counter() - started
        assert hub_module.START_STEP * 4 < took < hub_module.START_BUDGET + 0.2
        assert fake.calls == {}
    finally:
        await hub.aclose()
