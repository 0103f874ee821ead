"""changedetection.io integration against the real changedetection.io 0.60.10 on loopback."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from integrations.changedetection import integration
from integrations.changedetection.client import ChangeDetectionClient
from integrations.changedetection.definition import ChangeDetectionSystem, ChangeDetectionWatches
from integrations.errors import ErrorCode, IntegrationError
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo
from tests.live.specs.changedetection import DEAD_URL, PAGE
from tests.support.api import Api

pytestmark = pytest.mark.live

WRONG_KEY = "wrong-api-key"
UPTIME_SLACK_S = 30
WAIT_S = 60.0  # the dead port's check takes about 30 s of connection retries


def config(svc: ServiceInfo, key: str | None = None) -> dict[str, Any]:
    return {"url": svc.url, "credentials": {"type": "apiKey", "apiKey": key or svc.password}}


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[ChangeDetectionClient]:
    client = integration.create_client(integration.config_model.model_validate(config(svc)))
    yield client
    await client.aclose()


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[httpx.AsyncClient]:
    """changedetection.io's own answers, fetched without Tilewire."""
    assert svc.password is not None
    async with httpx.AsyncClient(
        base_url=f"{svc.url}/api/v1",
        headers={"x-api-key": svc.password},
        trust_env=False,
        timeout=10,
    ) as http:
        yield http


async def raw_json(raw: httpx.AsyncClient, path: str, **params: Any) -> Any:
    return (await raw.get(path, params=params)).raise_for_status().json()


async def wait_for(what: str, check: Callable[[], Awaitable[bool]]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"changedetection.io: {what} not reached after {WAIT_S:.0f} s")
        await asyncio.sleep(0.5)


async def uuid_of(raw: httpx.AsyncClient, url: str) -> str:
    watches = await raw_json(raw, "/watch")
    return next(uuid for uuid, watch in watches.items() if watch["url"] == url)


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    assert svc.password is not None
    payloads = await check_through_graphql(
        api,
        "changedetection",
        config(svc),
        version=svc.version,
        wrong_credentials=config(svc, WRONG_KEY),
        secrets=(svc.password, WRONG_KEY),
    )
    assert payloads["watches"]["total"] == payloads["system"]["watchCount"] >= 3


async def test_connection_reports_service_version(
    svc: ServiceInfo, client: ChangeDetectionClient, raw: httpx.AsyncClient
) -> None:
    info = await integration.test_connection(client)
    system = await raw_json(raw, "/systeminfo")
    assert info.version == svc.version == system["version"] == "0.60.10"
    assert info.details == {"watchCount": str(system["watch_count"])}


async def test_wrong_key_is_unauthorized(svc: ServiceInfo) -> None:
    client = integration.create_client(
        integration.config_model.model_validate(config(svc, WRONG_KEY))
    )
    try:
        for endpoint in ("watches", "system"):
            with pytest.raises(IntegrationError) as caught:
                await integration.fetch_data(client, endpoint)
            assert caught.value.code is ErrorCode.UNAUTHORIZED
            assert caught.value.status == 403
            assert WRONG_KEY not in str(caught.value) + repr(caught.value)
    finally:
        await client.aclose()


async def test_watches_match_service(client: ChangeDetectionClient, raw: httpx.AsyncClient) -> None:
    dead = await uuid_of(raw, DEAD_URL)

    async def dead_port_failed() -> bool:
        return bool((await raw_json(raw, "/watch"))[dead]["last_error"])

    if not await dead_port_failed():  # a first start checks it when the queue gets to it
        await raw_json(raw, f"/watch/{dead}", recheck=1)
    await wait_for("the dead port's error", dead_port_failed)
    result = await integration.fetch_data(client, "watches")
    watches = await raw_json(raw, "/watch")
    system = await raw_json(raw, "/systeminfo")

    assert isinstance(result, ChangeDetectionWatches)
    assert result.total == len(watches) == system["watch_count"]
    assert result.errors == sum(bool(w["last_error"]) for w in watches.values()) >= 1
    assert result.unviewed == sum(
        w["last_changed"] > 0 and not w["viewed"] for w in watches.values()
    )
    assert (result.paused, result.muted) == (system["all_paused"], system["all_muted"])
    assert {w.uuid for w in result.watches} == set(watches)
    for watch in result.watches:
        entry = watches[watch.uuid]
        assert watch.url == entry["url"]
        assert watch.title == entry["title"]
        assert watch.viewed == entry["viewed"]
        assert watch.last_error == (entry["last_error"] or None)
        checked = watch.last_checked.timestamp() if watch.last_checked else 0
        assert checked == entry["last_checked"]
    failing = next(w for w in result.watches if w.uuid == dead)
    assert failing.last_error is not None and "Connection refused" in failing.last_error


async def test_change_is_counted_until_viewed(
    client: ChangeDetectionClient, raw: httpx.AsyncClient
) -> None:
    page = await uuid_of(raw, PAGE.as_uri())
    before = (await raw_json(raw, "/watch"))[page]
    PAGE.write_text(f"tilewire test page, changed at {time.time():.0f}\n")
    await raw_json(raw, f"/watch/{page}", recheck=1)

    async def changed() -> bool:
        watch = (await raw_json(raw, "/watch"))[page]
        return bool(watch["last_changed"] > before["last_changed"])

    await wait_for("a detected change", changed)
    try:
        result = await integration.fetch_data(client, "watches")
        watch = result.watches[0]  # unviewed changes come first
        assert watch.uuid == page
        assert watch.unviewed_change and not watch.viewed
        assert watch.last_changed is not None
        assert watch.last_changed.timestamp() > before["last_changed"]
        assert result.unviewed >= 1
    finally:
        viewed = {"last_viewed": int(time.time()) + 1}
        (await raw.put(f"/watch/{page}", json=viewed)).raise_for_status()
    after = await integration.fetch_data(client, "watches")
    seen = next(w for w in after.watches if w.uuid == page)
    assert seen.viewed and not seen.unviewed_change
    assert after.unviewed == result.unviewed - 1


async def test_system_matches_service(
    client: ChangeDetectionClient, raw: httpx.AsyncClient
) -> None:
    system = await integration.fetch_data(client, "system")
    info = await raw_json(raw, "/systeminfo")

    assert isinstance(system, ChangeDetectionSystem)
    assert system.version == info["version"]
    assert system.watch_count == info["watch_count"]
    assert system.tag_count == info["tag_count"]
    assert system.overdue_watches == info["overdue_watches"]
    assert system.overdue == len(info["overdue_watches"])
    assert system.queue_size == info["queue_size"]
    assert system.uptime_seconds is not None
    assert abs(system.uptime_seconds - info["uptime"]) < UPTIME_SLACK_S
    assert (system.paused, system.muted) == (info["all_paused"], info["all_muted"])
