"""Home Assistant integration against the real Home Assistant Core 2024.3.3 on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.homeassistant import integration
from integrations.homeassistant.client import HomeAssistantClient
from integrations.homeassistant.definition import (
    HomeAssistantEntities,
    HomeAssistantStatus,
    HomeAssistantTemplate,
)
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo
from tests.live.specs.homeassistant import token
from tests.support.api import Api

pytestmark = pytest.mark.live

WRONG_TOKEN = "wrong-token"
SWITCH = "input_boolean.svc_switch"
ENTITIES = f"sensor.svc_temperature, sensor.svc_mode, {SWITCH}, sensor.does_not_exist"
TEMPLATE = "{{ states('sensor.svc_temperature') }} / {{ states.sensor | count }} sensors"


def config(
    svc: ServiceInfo, secret: str | None = None, template: str | None = TEMPLATE
) -> dict[str, Any]:
    return {
        "url": svc.url,
        "credentials": {"type": "token", "token": secret or token()},
        "extra": {"entities": ENTITIES, "template": template},
    }


@pytest.fixture
async def connect(svc: ServiceInfo) -> AsyncIterator[Any]:
    made: list[HomeAssistantClient] = []

    def make(**kwargs: Any) -> HomeAssistantClient:
        model = integration.config_model.model_validate(config(svc, **kwargs))
        client = integration.create_client(model)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[httpx.AsyncClient]:
    """Home Assistant's own answers, fetched without Tilewire."""
    headers = {"Authorization": f"Bearer {token()}"}
    async with httpx.AsyncClient(
        base_url=svc.url, headers=headers, trust_env=False, timeout=10
    ) as http:
        yield http


async def raw_json(raw: httpx.AsyncClient, path: str) -> Any:
    return (await raw.get(path)).raise_for_status().json()


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    payloads = await check_through_graphql(
        api,
        "homeassistant",
        config(svc),
        version=svc.version,
        wrong_credentials=config(svc, WRONG_TOKEN),
        secrets=(token(), WRONG_TOKEN),
    )
    assert payloads["status"]["state"] == "RUNNING"
    assert payloads["entities"]["missing"] == ["sensor.does_not_exist"]
    assert payloads["template"]["result"].startswith("21.5 / ")


async def test_connection_reports_service_version(
    svc: ServiceInfo, connect: Any, raw: httpx.AsyncClient
) -> None:
    info = await integration.test_connection(connect())
    core = await raw_json(raw, "/api/config")
    assert info.version == svc.version == core["version"] == "2024.3.3"
    assert info.details == {"locationName": core["location_name"], "state": core["state"]}


async def test_wrong_token_is_unauthorized(connect: Any) -> None:
    client = connect(secret=WRONG_TOKEN)
    for call in (
        integration.test_connection(client),
        integration.fetch_data(client, "entities"),
        integration.fetch_data(client, "template"),
    ):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert caught.value.code is ErrorCode.UNAUTHORIZED
        assert caught.value.status == 401
        assert WRONG_TOKEN not in str(caught.value) + repr(caught.value)


async def test_status_matches_service(connect: Any, raw: httpx.AsyncClient) -> None:
    status = await integration.fetch_data(connect(), "status")
    core = await raw_json(raw, "/api/config")
    states = await raw_json(raw, "/api/states")

    assert isinstance(status, HomeAssistantStatus)
    assert (status.location_name, status.version, status.state, status.time_zone) == (
        core["location_name"],
        core["version"],
        core["state"],
        core["time_zone"],
    )
    assert status.entity_count == len(states)
    assert status.unavailable_count == sum(s["state"] == "unavailable" for s in states)
    assert status.component_count == sum("." not in c for c in core["components"])
    assert status.component_count > 10


async def test_entities_match_service(connect: Any, raw: httpx.AsyncClient) -> None:
    result = await integration.fetch_data(connect(), "entities")

    assert isinstance(result, HomeAssistantEntities)
    assert [e.entity_id for e in result.entities] == ENTITIES.split(", ")
    assert result.missing == ["sensor.does_not_exist"]
    assert (await raw.get("/api/states/sensor.does_not_exist")).status_code == 404
    for entity in result.entities[:3]:
        state = await raw_json(raw, f"/api/states/{entity.entity_id}")
        assert entity.found
        assert entity.state == state["state"]
        assert entity.unit == state["attributes"].get("unit_of_measurement")
        assert entity.friendly_name == state["attributes"]["friendly_name"]
        assert entity.device_class == state["attributes"].get("device_class")
        assert entity.last_changed == datetime.fromisoformat(state["last_changed"])
    assert result.entities[0].unit == "°C"


async def test_entity_change_is_seen(connect: Any, raw: httpx.AsyncClient) -> None:
    client = connect()
    before = (await integration.fetch_data(client, "entities")).entities[2]
    assert before.entity_id == SWITCH
    turn = "turn_off" if before.state == "on" else "turn_on"
    undo = "turn_on" if turn == "turn_off" else "turn_off"
    (
        await raw.post(f"/api/services/input_boolean/{turn}", json={"entity_id": SWITCH})
    ).raise_for_status()
    try:
        after = (await integration.fetch_data(client, "entities")).entities[2]
        assert after.state == ("on" if turn == "turn_on" else "off") != before.state
        assert before.last_changed is not None and after.last_changed is not None
        assert after.last_changed > before.last_changed
    finally:
        await raw.post(f"/api/services/input_boolean/{undo}", json={"entity_id": SWITCH})


async def test_template_matches_service(connect: Any, raw: httpx.AsyncClient) -> None:
    result = await integration.fetch_data(connect(), "template")
    rendered = (await raw.post("/api/template", json={"template": TEMPLATE})).raise_for_status()

    assert isinstance(result, HomeAssistantTemplate)
    assert result.template == TEMPLATE
    assert result.result == rendered.text
    states = await raw_json(raw, "/api/states")
    sensors = sum(s["entity_id"].startswith("sensor.") for s in states)
    assert result.result == f"21.5 / {sensors} sensors"


async def test_broken_template_is_invalid_config(connect: Any) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(connect(template="{{ states( }}"), "template")
    assert caught.value.code is ErrorCode.INVALID_CONFIG
    assert caught.value.message.startswith("Error rendering template")
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(connect(template=None), "template")
    assert caught.value.code is ErrorCode.INVALID_CONFIG
