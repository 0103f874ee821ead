"""Home Assistant's actions through Tilewire's GraphQL API, against the real Home Assistant Core
on loopback: each reads the entity's state from Home Assistant's own API, acts, checks the
change there, and puts it back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.live.actions import create_app, run_action, succeed
from tests.live.services import ServiceInfo
from tests.live.specs.homeassistant import bearer, token
from tests.support.api import Api

pytestmark = pytest.mark.live

SWITCH = "input_boolean.tilewire_test"
SCRIPT = "script.tilewire_test"
AUTOMATION = "automation.tilewire_test"
"""Configured by tests/live/services/homeassistant/run.sh: the script and the automation both
toggle the input_boolean."""
WAIT_S = 5.0
STEP_S = 0.2


def config(svc: ServiceInfo, action_entities: str) -> dict[str, Any]:
    return {
        "url": svc.url,
        "credentials": {"type": "token", "token": token()},
        "extra": {"entities": SWITCH, "actionEntities": action_entities},
    }


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[httpx.AsyncClient]:
    """Home Assistant's own API, without Tilewire."""
    async with httpx.AsyncClient(
        base_url=svc.url, headers=bearer(), timeout=10.0, trust_env=False
    ) as client:
        yield client


async def state(raw: httpx.AsyncClient, entity_id: str) -> dict[str, Any]:
    response = await raw.get(f"/api/states/{entity_id}")
    response.raise_for_status()
    found: dict[str, Any] = response.json()
    return found


async def wait_for(raw: httpx.AsyncClient, entity_id: str, wanted: str) -> dict[str, Any]:
    """The entity's state once it is ``wanted`` (scripts and automations run after the call
    returns); fails after WAIT_S."""
    for _ in range(int(WAIT_S / STEP_S)):
        current = await state(raw, entity_id)
        if current["state"] == wanted:
            return current
        await asyncio.sleep(STEP_S)
    raise AssertionError(f"{entity_id} is {current['state']}, not {wanted}, after {WAIT_S} s")


async def put_switch(raw: httpx.AsyncClient, wanted: str) -> None:
    response = await raw.post(
        f"/api/services/input_boolean/turn_{wanted}", json={"entity_id": SWITCH}
    )
    response.raise_for_status()
    await wait_for(raw, SWITCH, wanted)


def entity_state(data: dict[str, Any]) -> str:
    """The switch's state in the refreshed ``entities`` data of an ActionSuccess."""
    (entity,) = data["entities"]["entities"]
    assert entity["entityId"] == SWITCH
    state_now: str = entity["state"]
    return state_now


async def test_turn_on_toggle_turn_off(api: Api, svc: ServiceInfo, raw: httpx.AsyncClient) -> None:
    before = (await state(raw, SWITCH))["state"]
    app = await create_app(api, "homeassistant", config(svc, "input_boolean.tilewire_*"))
    try:
        await put_switch(raw, "off")

        data = await succeed(api, app, "turnOn", {"entityId": SWITCH})
        assert (await wait_for(raw, SWITCH, "on"))["state"] == "on"
        assert entity_state(data) == "on"

        data = await succeed(api, app, "toggle", {"entityId": SWITCH})
        assert (await wait_for(raw, SWITCH, "off"))["state"] == "off"
        assert entity_state(data) == "off"

        await put_switch(raw, "on")
        data = await succeed(api, app, "turnOff", {"entityId": SWITCH})
        assert (await wait_for(raw, SWITCH, "off"))["state"] == "off"
        assert entity_state(data) == "off"
    finally:
        await put_switch(raw, before)


async def test_run_script_and_trigger_automation(
    api: Api, svc: ServiceInfo, raw: httpx.AsyncClient
) -> None:
    before = (await state(raw, SWITCH))["state"]
    allowed = f"{SCRIPT}, {AUTOMATION}"
    app = await create_app(api, "homeassistant", config(svc, allowed))
    try:
        await put_switch(raw, "off")
        script_runs = (await state(raw, SCRIPT))["attributes"]["last_triggered"]

        result = await run_action(api, app, "runScript", {"entityId": SCRIPT})
        assert result["__typename"] == "ActionSuccess", result
        assert result["message"] == "Started Tilewire test script"
        await wait_for(raw, SWITCH, "on")  # the script toggled it
        assert (await state(raw, SCRIPT))["attributes"]["last_triggered"] != script_runs

        automation_runs = (await state(raw, AUTOMATION))["attributes"]["last_triggered"]
        result = await run_action(api, app, "triggerAutomation", {"entityId": AUTOMATION})
        assert result["__typename"] == "ActionSuccess", result
        await wait_for(raw, SWITCH, "off")  # the automation toggled it back
        assert (await state(raw, AUTOMATION))["attributes"]["last_triggered"] != automation_runs
    finally:
        await put_switch(raw, before)


async def test_entity_outside_the_allowlist_is_refused_and_left_alone(
    api: Api, svc: ServiceInfo, raw: httpx.AsyncClient
) -> None:
    before = await state(raw, SWITCH)
    app = await create_app(api, "homeassistant", config(svc, "light.*, script.*"))

    result = await run_action(api, app, "toggle", {"entityId": SWITCH})

    assert result["__typename"] == "ActionFailure", result
    assert result["error"]["code"] == "FORBIDDEN"
    assert "extra.actionEntities" in result["error"]["message"]
    after = await state(raw, SWITCH)
    assert (after["state"], after["last_changed"]) == (before["state"], before["last_changed"])


async def test_unknown_entity_is_not_found(api: Api, svc: ServiceInfo) -> None:
    app = await create_app(api, "homeassistant", config(svc, "input_boolean.*"))
    result = await run_action(api, app, "turnOn", {"entityId": "input_boolean.does_not_exist"})
    assert result["__typename"] == "ActionFailure", result
    assert result["error"]["code"] == "NOT_FOUND"
