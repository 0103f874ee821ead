"""Home Assistant integration against fixtures recorded from Home Assistant Core 2024.3.3."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.errors import ErrorCode, IntegrationError
from integrations.homeassistant import integration
from integrations.homeassistant.client import HomeAssistantClient
from integrations.homeassistant.definition import (
    MAX_ENTITIES,
    HomeAssistantEntities,
    HomeAssistantSettings,
    HomeAssistantStatus,
    HomeAssistantTemplate,
)
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    needs_header,
    secret_check,
)

ID = "homeassistant"
BASE = "http://homeassistant.test:8123"
AUTHORIZATION = fixture(ID, "config")["request"]["headers"]["Authorization"]
TOKEN = AUTHORIZATION.removeprefix("Bearer ")
WRONG_TOKEN = fixture(ID, "unauthorized")["request"]["headers"]["Authorization"].split()[1]
TEMPLATE = fixture(ID, "template")["request"]["body"]["template"]
CONFIG = ("GET", "/api/config")
STATES = ("GET", "/api/states")
RENDER = ("POST", "/api/template")
ENTITY_FIXTURES = {
    "sensor.svc_temperature": "state_temperature",
    "sensor.svc_mode": "state_mode",
    "input_boolean.svc_switch": "state_switch",
}
API: dict[tuple[str, str], Any] = {
    CONFIG: "config",
    STATES: "states",
    RENDER: "template",
    **{("GET", f"/api/states/{e}"): name for e, name in ENTITY_FIXTURES.items()},
    ("GET", "/api/states/sensor.does_not_exist"): "state_not_found",
}
ENTITIES = "sensor.svc_temperature, sensor.does_not_exist, input_boolean.svc_switch"


def config(
    token: str = TOKEN,
    url: str = BASE,
    entities: str = ENTITIES,
    template: str | None = TEMPLATE,
    action_entities: str = "",
) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "token", "token": token},
        "extra": {"entities": entities, "template": template, "actionEntities": action_entities},
    }


body = partial(fixture_body, ID)
assert_no_secret = secret_check(TOKEN)


class FakeHomeAssistant:
    """Home Assistant's token rule over the recorded answers: every API call needs the token,
    401 (plain text) without it."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None) -> None:
        self.upstream = FakeUpstream(
            ID,
            {**API, **(routes or {})},
            refuse=needs_header(ID, "authorization", AUTHORIZATION, "unauthorized"),
        )


# --- metadata and config ------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "homeassistant"
    assert integration.default_port == 8123
    fields = [f for f in integration.form() if f.group != "connection"]
    assert [(f.name, f.kind.value, f.required) for f in fields] == [
        ("credentials.token", "secret", True),
        ("extra.entities", "string", False),
        ("extra.actionEntities", "string", False),
        ("extra.template", "string", False),
    ]
    assert fields[3].multiline
    endpoints = integration.endpoints
    assert endpoints["status"].payload is HomeAssistantStatus
    assert endpoints["entities"].payload is HomeAssistantEntities
    assert endpoints["template"].payload is HomeAssistantTemplate


def test_entities_setting_is_normalised() -> None:
    settings = HomeAssistantSettings.model_validate(
        {"entities": " Sensor.A_b,light.kitchen\n sensor.a_b ,, switch.x "}
    )
    assert settings.entities == "sensor.a_b, light.kitchen, switch.x"
    assert settings.entity_ids == ["sensor.a_b", "light.kitchen", "switch.x"]
    assert HomeAssistantSettings().entity_ids == []
    assert HomeAssistantSettings.model_validate({"template": "  "}).template is None


@pytest.mark.parametrize(
    "entities",
    ["sensor", "sensor.", "sensor.a-b", "sensor.a.b", ", ".join(f"s.e{n}" for n in range(51))],
)
def test_bad_entities_setting_is_refused(entities: str) -> None:
    with pytest.raises(ValidationError):
        integration.config_model.model_validate(config(entities=entities))
    assert MAX_ENTITIES == 50


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = FakeHomeAssistant()
    info = await integration.test_connection(make_client(fake.upstream))

    raw = body("config")
    assert info == ServiceInfo(
        version=raw["version"], details={"locationName": raw["location_name"], "state": "RUNNING"}
    )
    assert info.version == "2024.3.3"
    assert fake.upstream.requests[0].headers["authorization"] == AUTHORIZATION


async def test_status_counts(make_client: Callable[..., HomeAssistantClient]) -> None:
    fake = FakeHomeAssistant()
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    raw, states = body("config"), body("states")
    assert isinstance(status, HomeAssistantStatus)
    assert status.location_name == raw["location_name"] == "SVC"
    assert status.version == raw["version"]
    assert status.state == raw["state"] == "RUNNING"
    assert status.time_zone == raw["time_zone"]
    assert status.entity_count == len(states) >= 3
    assert status.unavailable_count == sum(s["state"] == "unavailable" for s in states) == 0
    assert status.component_count == len([c for c in raw["components"] if "." not in c])
    assert "template.sensor" in raw["components"]  # platforms are not counted


async def test_status_counts_unavailable(make_client: Callable[..., HomeAssistantClient]) -> None:
    states = body("states")
    states[0]["state"] = "unavailable"
    fake = FakeHomeAssistant({STATES: httpx.Response(200, json=states)})
    status = await integration.fetch_data(make_client(fake.upstream), "status")
    assert status.unavailable_count == 1


async def test_entities_in_order_with_missing(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = FakeHomeAssistant()
    result = await integration.fetch_data(make_client(fake.upstream), "entities")

    assert isinstance(result, HomeAssistantEntities)
    assert [e.entity_id for e in result.entities] == ENTITIES.split(", ")
    assert result.missing == ["sensor.does_not_exist"]
    assert body("state_not_found") == {"message": "Entity not found."}
    temperature, missing, switch = result.entities
    raw = body("state_temperature")
    assert temperature.found
    assert temperature.state == raw["state"] == "21.5"
    assert temperature.unit == raw["attributes"]["unit_of_measurement"] == "°C"
    assert temperature.friendly_name == raw["attributes"]["friendly_name"]
    assert temperature.device_class == "temperature"
    assert temperature.last_changed == datetime.fromisoformat(raw["last_changed"])
    assert missing.model_dump() == {
        "entity_id": "sensor.does_not_exist",
        "found": False,
        "state": None,
        "unit": None,
        "friendly_name": None,
        "device_class": None,
        "last_changed": None,
    }
    raw = body("state_switch")
    assert (switch.state, switch.unit) == (raw["state"], None)
    assert switch.friendly_name == raw["attributes"]["friendly_name"]


async def test_entities_need_configuring(make_client: Callable[..., HomeAssistantClient]) -> None:
    fake = FakeHomeAssistant()
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, entities=""), "entities")
    assert caught.value.code is ErrorCode.INVALID_CONFIG
    assert fake.upstream.requests == []


async def test_template_rendered(make_client: Callable[..., HomeAssistantClient]) -> None:
    fake = FakeHomeAssistant()
    result = await integration.fetch_data(make_client(fake.upstream), "template")

    assert isinstance(result, HomeAssistantTemplate)
    assert result.template == TEMPLATE
    assert result.result == body("template") == "21.5 °C"
    sent = fake.upstream.requests[0]
    assert json.loads(sent.content) == fixture(ID, "template")["request"]["body"]


async def test_template_needs_configuring(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = FakeHomeAssistant()
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, template=None), "template")
    assert caught.value.code is ErrorCode.INVALID_CONFIG
    assert "no template configured" in caught.value.message
    assert fake.upstream.requests == []


async def test_broken_template_is_invalid_config(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = FakeHomeAssistant({RENDER: "template_error"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "template")
    assert caught.value.code is ErrorCode.INVALID_CONFIG
    assert caught.value.status == 400
    assert caught.value.message == body("template_error")["message"]
    assert caught.value.message.startswith("Error rendering template: TemplateSyntaxError")


async def test_template_of_a_non_admin_is_forbidden(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    # /api/template is admin-only: a working non-admin token gets the same 401 as a wrong one.
    fake = FakeHomeAssistant({RENDER: "template_unauthorized"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "template")
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert "administrator" in caught.value.message
    assert fake.upstream.calls[CONFIG] == 1  # the token itself was checked
    assert_no_secret(caught.value)


# --- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["status", "entities", "template"])
async def test_wrong_token_is_unauthorized(
    make_client: Callable[..., HomeAssistantClient], endpoint: str
) -> None:
    fake = FakeHomeAssistant()
    client = make_client(fake.upstream, token=WRONG_TOKEN)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, endpoint)
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 401
    assert "rejected the access token" in caught.value.message
    assert_no_secret(caught.value, WRONG_TOKEN)


async def test_wrong_token_test_connection(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = FakeHomeAssistant()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, token=WRONG_TOKEN))
    assert fixture(ID, "unauthorized")["response"]["body"] == "401: Unauthorized"
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.url == f"{BASE}/api/config"
    assert_no_secret(caught.value, WRONG_TOKEN)


async def test_html_page_is_invalid_response(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = FakeHomeAssistant({CONFIG: "not_that_service", RENDER: "not_that_service"})
    client = make_client(fake.upstream)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert caught.value.message.startswith("the response is not JSON")
    with pytest.raises(IntegrationError) as caught:  # a text answer must be text/plain
        await integration.fetch_data(client, "template")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_other_json_is_invalid_response(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = FakeHomeAssistant({CONFIG: "api_root", STATES: "config"})
    client = make_client(fake.upstream)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert body("api_root") == {"message": "API running."}
    fake.upstream.route(*CONFIG, "config")
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "status")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_plain_404_is_not_a_missing_entity(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    # A web server that is not Home Assistant answers 404 for every path: not "missing".
    upstream = FakeUpstream(ID, {})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "entities")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.url is not None and "/api/states/" in caught.value.url


async def test_server_error_is_upstream_error(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = FakeHomeAssistant({STATES: httpx.Response(500, text="500 Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "status")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)


# --- actions ------------------------------------------------------------------------------------

TEST_SWITCH = "input_boolean.tilewire_test"
SCRIPT = "script.tilewire_test"
AUTOMATION = "automation.tilewire_test"
TOGGLE = ("POST", "/api/services/input_boolean/toggle")
TURN_ON = ("POST", "/api/services/input_boolean/turn_on")
TURN_OFF = ("POST", "/api/services/input_boolean/turn_off")
RUN_SCRIPT = ("POST", "/api/services/script/turn_on")
TRIGGER = ("POST", "/api/services/automation/trigger")
ACTION_API: dict[tuple[str, str], Any] = {
    ("GET", f"/api/states/{TEST_SWITCH}"): "state_tilewire_test",
    ("GET", f"/api/states/{SCRIPT}"): "state_script",
    ("GET", f"/api/states/{AUTOMATION}"): "state_automation",
    TOGGLE: "service_toggle",
    TURN_ON: "service_turn_on",
    TURN_OFF: "service_turn_off",
    RUN_SCRIPT: "service_script_turn_on",
    TRIGGER: "service_automation_trigger",
}


def actions_fake(routes: dict[tuple[str, str], Any] | None = None) -> FakeHomeAssistant:
    return FakeHomeAssistant({**ACTION_API, **(routes or {})})


async def act(client: HomeAssistantClient, action_id: str, entity_id: str) -> ActionResult:
    spec = integration.actions[action_id]
    payload = spec.input.model_validate({"entityId": entity_id})
    return await integration.run_action(client, action_id, payload)


def sent(fake: FakeHomeAssistant) -> list[tuple[str, str, Any]]:
    return [
        (r.method, r.url.path, json.loads(r.content) if r.content else None)
        for r in fake.upstream.requests
    ]


def test_action_entities_setting_is_normalised_and_matched() -> None:
    settings = HomeAssistantSettings.model_validate(
        {"actionEntities": " Light.*, switch.coffee_machine\n light.* ,, script.good_*"}
    )
    assert settings.action_entities == "light.*, switch.coffee_machine, script.good_*"
    assert settings.allows_action_on("light.kitchen")
    assert settings.allows_action_on("switch.coffee_machine")
    assert settings.allows_action_on("script.good_night")
    assert not settings.allows_action_on("switch.coffee_machine_2")
    assert not settings.allows_action_on("lock.front_door")
    assert not HomeAssistantSettings().allows_action_on("light.kitchen")  # empty: nothing


@pytest.mark.parametrize(
    "value",
    ["light", "light.kitchen/../x", "light.[ab]", "light.?", "http://x.y", "a.b; c.d"],
)
def test_action_entities_refuses_what_is_no_entity_pattern(value: str) -> None:
    with pytest.raises(ValidationError, match="actionEntities"):
        HomeAssistantSettings.model_validate({"actionEntities": value})


def test_action_entities_are_bounded() -> None:
    many = ", ".join(f"light.l{i}" for i in range(MAX_ENTITIES + 1))
    with pytest.raises(ValidationError, match=f"at most {MAX_ENTITIES}"):
        HomeAssistantSettings.model_validate({"actionEntities": many})


@pytest.mark.parametrize(
    ("action_id", "entity_id"),
    [
        ("turnOn", "light/../../api/config"),
        ("turnOn", "Light.Kitchen"),
        ("runScript", "light.kitchen"),
        ("triggerAutomation", "script.tilewire_test"),
        ("toggle", "input_boolean"),
    ],
)
def test_action_inputs_take_only_entity_ids_of_their_domain(action_id: str, entity_id: str) -> None:
    with pytest.raises(ValidationError, match="entityId"):
        integration.actions[action_id].input.model_validate({"entityId": entity_id})


def test_actions_are_declared() -> None:
    assert set(integration.actions) == {
        "turnOn",
        "turnOff",
        "toggle",
        "runScript",
        "triggerAutomation",
    }
    for spec in integration.actions.values():
        assert spec.affects == ("entities",)
        assert not spec.destructive
        assert [f.name for f in spec.form()] == ["entityId"]


@pytest.mark.parametrize(
    ("action_id", "route", "message"),
    [
        ("turnOn", TURN_ON, "Turned on Tilewire test"),
        ("turnOff", TURN_OFF, "Turned off Tilewire test"),
        ("toggle", TOGGLE, "Toggled Tilewire test: now on"),
    ],
)
async def test_switching_calls_the_entity_domain_service(
    make_client: Callable[..., HomeAssistantClient], action_id: str, route: Any, message: str
) -> None:
    fake = actions_fake()
    client = make_client(fake.upstream, action_entities="input_boolean.*")
    result = await act(client, action_id, TEST_SWITCH)

    assert result == ActionResult(message=message)
    method, path = route
    assert sent(fake) == [
        ("GET", f"/api/states/{TEST_SWITCH}", None),
        (method, path, {"entity_id": TEST_SWITCH}),
    ]
    assert fake.upstream.requests[-1].headers["authorization"] == AUTHORIZATION
    assert body("service_toggle")[0]["entity_id"] == TEST_SWITCH
    assert body("service_toggle")[0]["state"] == "on"


async def test_run_script_starts_it_with_script_turn_on(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = actions_fake()
    client = make_client(fake.upstream, action_entities=f"{SCRIPT}, {TEST_SWITCH}")
    result = await act(client, "runScript", SCRIPT)

    assert result == ActionResult(message="Started Tilewire test script")
    assert sent(fake)[-1] == (*RUN_SCRIPT, {"entity_id": SCRIPT})


async def test_trigger_automation_calls_automation_trigger(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = actions_fake()
    client = make_client(fake.upstream, action_entities="automation.*")
    result = await act(client, "triggerAutomation", AUTOMATION)

    assert result == ActionResult(message="Triggered Tilewire test")
    assert sent(fake)[-1] == (*TRIGGER, {"entity_id": AUTOMATION})


@pytest.mark.parametrize("allowed", ["", "light.*", "input_boolean.svc_switch", "script.*"])
async def test_entity_outside_the_allowlist_is_refused_without_asking(
    make_client: Callable[..., HomeAssistantClient], allowed: str
) -> None:
    fake = actions_fake()
    client = make_client(fake.upstream, action_entities=allowed)
    with pytest.raises(IntegrationError) as caught:
        await act(client, "toggle", TEST_SWITCH)

    err = caught.value
    assert err.code is ErrorCode.FORBIDDEN
    assert err.message == (
        "this App may not change input_boolean.tilewire_test: add it (or a pattern such as "
        "input_boolean.*) to Entities actions may change (extra.actionEntities)"
    )
    assert fake.upstream.requests == []  # Home Assistant was never contacted


async def test_unknown_entity_is_not_found_and_no_service_is_called(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = actions_fake()
    client = make_client(fake.upstream, action_entities="sensor.*")
    with pytest.raises(IntegrationError) as caught:
        await act(client, "turnOn", "sensor.does_not_exist")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.message == "Home Assistant has no sensor.does_not_exist"
    assert [m for m, _, _ in sent(fake)] == ["GET"]


async def test_domain_without_the_service_is_refused_by_home_assistant(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = actions_fake({("POST", "/api/services/sensor/turn_on"): "service_not_found"})
    client = make_client(fake.upstream, action_entities="sensor.*")
    with pytest.raises(IntegrationError) as caught:
        await act(client, "turnOn", "sensor.svc_temperature")

    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, 400)
    assert err.message == (
        "Home Assistant refused sensor.turn_on for sensor.svc_temperature (HTTP 400): has sensor "
        "a turn_on service?"
    )
    assert fake.upstream.calls[("POST", "/api/services/sensor/turn_on")] == 1


async def test_wrong_token_refuses_the_action(
    make_client: Callable[..., HomeAssistantClient],
) -> None:
    fake = actions_fake()
    client = make_client(fake.upstream, WRONG_TOKEN, action_entities="input_boolean.*")
    with pytest.raises(IntegrationError) as caught:
        await act(client, "toggle", TEST_SWITCH)
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert fake.upstream.calls[TOGGLE] == 0
    assert_no_secret(caught.value, WRONG_TOKEN, TOKEN)
