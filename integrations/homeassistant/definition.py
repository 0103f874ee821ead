"""Home Assistant: the instance's status, chosen entities' states, and a rendered template."""

from __future__ import annotations

import re
from datetime import datetime
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

import httpx
from pydantic import Field, field_validator

from integrations.actions import ActionInput, ActionResult, action
from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import BearerToken, ConfigModel, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.homeassistant.client import HomeAssistantClient
    from integrations.homeassistant.models import State

MAX_ENTITIES = 50
ENTITY_ID_RE = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+$")
_ENTITY = r"[A-Za-z0-9_]+\.[A-Za-z0-9_]+"
ENTITIES_PATTERN = rf"^[,\s]*(?:{_ENTITY}(?:[,\s]+{_ENTITY}){{0,{MAX_ENTITIES - 1}}}[,\s]*)?$"
"""The validator's rule for the config schema: entity ids (any case) separated by commas or
spaces, at most MAX_ENTITIES."""
_PATTERN = r"[A-Za-z0-9_*]+\.[A-Za-z0-9_*]+"
ACTION_ENTITIES_PATTERN = (
    rf"^[,\s]*(?:{_PATTERN}(?:[,\s]+{_PATTERN}){{0,{MAX_ENTITIES - 1}}}[,\s]*)?$"
)
"""The validator's rule for ``actionEntities``: entity ids or patterns with ``*`` (any case)
separated by commas or spaces, at most MAX_ENTITIES."""
ACTION_PATTERN_RE = re.compile(r"^[a-z0-9_*]+\.[a-z0-9_*]+$")
ACTION_SETTING = "Entities actions may change (extra.actionEntities)"
ENTITY_NOT_FOUND = "Entity not found."
UNAVAILABLE = "unavailable"


class HomeAssistantSettings(ConfigModel):
    """Which entities the ``entities`` endpoint reads, and the ``template`` endpoint's template."""

    entities: str = field(
        "Entities",
        default="",
        max_length=4096,
        schema_pattern=ENTITIES_PATTERN,
        help="Entity ids, separated by commas, e.g. sensor.outdoor_temperature, light.kitchen "
        f"(at most {MAX_ENTITIES}).",
    )
    action_entities: str = field(
        "Entities actions may change",
        default="",
        max_length=4096,
        schema_pattern=ACTION_ENTITIES_PATTERN,
        help="Entity ids or patterns, separated by commas, that actions may turn on, turn off, "
        "toggle, run or trigger, e.g. light.*, switch.coffee_machine, script.good_night "
        f"(* matches any characters; at most {MAX_ENTITIES}). Empty: actions change nothing.",
    )
    template: str | None = field(
        "Template",
        default=None,
        multiline=True,
        help="A Jinja template Home Assistant renders, e.g. "
        "{{ states('sensor.outdoor_temperature') }} °C. Needs an administrator's token.",
    )

    @field_validator("entities")
    @classmethod
    def _entity_ids(cls, value: str) -> str:
        return _listed(value, ENTITY_ID_RE, "an entity id (domain.object_id)")

    @field_validator("action_entities")
    @classmethod
    def _action_patterns(cls, value: str) -> str:
        return _listed(value, ACTION_PATTERN_RE, "an entity id or pattern (light.*)")

    @field_validator("template")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @property
    def entity_ids(self) -> list[str]:
        return self.entities.split(", ") if self.entities else []

    @property
    def action_patterns(self) -> list[str]:
        return self.action_entities.split(", ") if self.action_entities else []

    def allows_action_on(self, entity_id: str) -> bool:
        """Whether ``actionEntities`` lets actions change ``entity_id``."""
        return any(fnmatchcase(entity_id, pattern) for pattern in self.action_patterns)


def _listed(value: str, rule: re.Pattern[str], what: str) -> str:
    """Comma- or space-separated ids, lowercased, deduplicated, each checked by ``rule``, as
    one ", "-separated string."""
    ids: list[str] = []
    for part in re.split(r"[,\s]+", value.lower()):
        if not part or part in ids:
            continue
        if not rule.match(part):
            raise ValueError(f"{part!r} is not {what}")
        ids.append(part)
    if len(ids) > MAX_ENTITIES:
        raise ValueError(f"at most {MAX_ENTITIES} entities")
    return ", ".join(ids)


ENTITY_ID_PATTERN = r"^[a-z0-9_]+\.[a-z0-9_]+$"


class EntityInput(ActionInput):
    """One entity, by its id."""

    entity_id: str = field(
        "Entity",
        help="The entity id, e.g. light.kitchen.",
        max_length=255,
        pattern=ENTITY_ID_PATTERN,
    )


class ScriptInput(ActionInput):
    """One script entity."""

    entity_id: str = field(
        "Script",
        help="The script's entity id, e.g. script.good_night.",
        max_length=255,
        pattern=r"^script\.[a-z0-9_]+$",
    )


class AutomationInput(ActionInput):
    """One automation entity."""

    entity_id: str = field(
        "Automation",
        help="The automation's entity id, e.g. automation.porch_light_at_dusk.",
        max_length=255,
        pattern=r"^automation\.[a-z0-9_]+$",
    )


class HomeAssistantStatus(Payload):
    """The instance: its name, version and run state, and how much it manages."""

    location_name: str
    version: str
    state: str = Field(description="RUNNING once started; STARTING, STOPPING, ...")
    time_zone: str | None = None
    entity_count: int
    unavailable_count: int = Field(description="Entities whose state is unavailable")
    component_count: int = Field(description="Loaded integrations and platforms")


class HomeAssistantEntity(Payload):
    entity_id: str
    found: bool = Field(description="False when Home Assistant has no such entity")
    state: str | None = Field(None, description="As Home Assistant reports it, e.g. 21.5, on")
    unit: str | None = Field(None, description="unit_of_measurement, e.g. °C")
    friendly_name: str | None = None
    device_class: str | None = None
    last_changed: datetime | None = None


class HomeAssistantEntities(Payload):
    """The configured entities, in the configured order; missing ones are listed, not fatal."""

    entities: list[HomeAssistantEntity]
    missing: list[str] = Field(description="Configured entity ids Home Assistant does not know")


class HomeAssistantTemplate(Payload):
    """The configured Jinja template, rendered by Home Assistant."""

    template: str
    result: str


def _settings(client: HomeAssistantClient) -> HomeAssistantSettings:
    extra = client.config.extra
    return extra if isinstance(extra, HomeAssistantSettings) else HomeAssistantSettings()


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _entity(state: State) -> HomeAssistantEntity:
    attributes = state.attributes
    return HomeAssistantEntity(
        entity_id=state.entity_id,
        found=True,
        state=state.state,
        unit=_text(attributes.get("unit_of_measurement")),
        friendly_name=_text(attributes.get("friendly_name")),
        device_class=_text(attributes.get("device_class")),
        last_changed=state.last_changed,
    )


class HomeAssistant(Integration["HomeAssistantClient"]):
    """A Home Assistant instance (Core, OS or Supervised: the same REST API)."""

    id = "homeassistant"
    name = "Home Assistant"
    icon = "home-assistant"
    categories = ("home-automation",)
    docs_url = "https://developers.home-assistant.io/docs/api/rest/"
    verification = "Verified against a running Home Assistant Core 2024.3.3"
    default_port = 8123
    credentials = (BearerToken,)
    extra = HomeAssistantSettings
    client_class = "integrations.homeassistant.client:HomeAssistantClient"

    async def test_connection(self, client: HomeAssistantClient) -> ServiceInfo:
        from integrations.homeassistant.models import CoreConfig

        config = await client.get_json("api/config", CoreConfig)
        details = {"locationName": config.location_name, "state": config.state or ""}
        return ServiceInfo.of(config.version, details)

    @endpoint(
        "status",
        name="Status",
        description="Name, version and run state of the instance, with its entity and "
        "integration counts.",
        ttl=60.0,
        min_refresh=30.0,
    )
    async def status(self, client: HomeAssistantClient) -> HomeAssistantStatus:
        from integrations.homeassistant.models import STATES, CoreConfig

        config, states = await together(
            client.get_json("api/config", CoreConfig), client.get_json("api/states", STATES)
        )
        return HomeAssistantStatus(
            location_name=config.location_name,
            version=config.version,
            state=config.state or "RUNNING",  # before 2021.x only a running core answered
            time_zone=config.time_zone,
            entity_count=len(states),
            unavailable_count=sum(state.state == UNAVAILABLE for state in states),
            component_count=sum("." not in component for component in config.components),
        )

    @endpoint(
        "entities",
        name="Entities",
        description="State, unit, name and last change of each configured entity.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def entities(self, client: HomeAssistantClient) -> HomeAssistantEntities:
        ids = _settings(client).entity_ids
        if not ids:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, "no entities configured: list entity ids in Entities"
            )
        entities = await together(*(self._entity(client, entity_id) for entity_id in ids))
        return HomeAssistantEntities(
            entities=list(entities), missing=[e.entity_id for e in entities if not e.found]
        )

    async def _entity(self, client: HomeAssistantClient, entity_id: str) -> HomeAssistantEntity:
        from integrations.homeassistant.models import Message, State

        response = await client.request("GET", f"api/states/{entity_id}", expect=(200, 404))
        if response.status_code == 404:
            # A missing entity is data; a 404 without Home Assistant's answer is a wrong URL.
            message = client.parse(response, Message).message if _is_json(response) else None
            if message != ENTITY_NOT_FOUND:
                raise IntegrationError.for_status(404, response.url)
            return HomeAssistantEntity(entity_id=entity_id, found=False)
        return _entity(client.parse(response, State))

    @endpoint(
        "template",
        name="Template",
        description="The configured Jinja template, rendered by Home Assistant.",
        ttl=30.0,
        min_refresh=5.0,
    )
    async def template(self, client: HomeAssistantClient) -> HomeAssistantTemplate:
        from integrations.homeassistant.models import CoreConfig, Message

        template = _settings(client).template
        if template is None:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, "no template configured: write one in Template"
            )
        response = await client.request(
            "POST", "api/template", json={"template": template}, expect=(200, 400, 401)
        )
        if response.status_code == 400:
            problem = client.parse(response, Message).message
            raise IntegrationError(ErrorCode.INVALID_CONFIG, problem, status=400, url=response.url)
        if response.status_code == 401:
            # Rendering is admin-only: a working token of another user gets the same 401.
            await client.get_json("api/config", CoreConfig)
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                "rendering templates needs an administrator's access token (HTTP 401)",
                status=401,
                url=response.url,
            )
        if not response.headers.get("content-type", "").startswith("text/plain"):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the template answer is not Home Assistant's: is the URL right?",
                status=response.status_code,
                url=response.url,
            )
        return HomeAssistantTemplate(template=template, result=response.text)

    # --- actions -------------------------------------------------------------------------------
    # turnOn/turnOff/toggle call the entity's own domain's service (light.turn_on for a light),
    # not homeassistant.turn_on: a domain without that service is refused by Home Assistant
    # (400) instead of being skipped with a warning in its log, so the dashboard hears of it.

    @action(
        "turnOn",
        label="Turn on",
        description="Turns an entity on (its domain's turn_on service, e.g. light.turn_on).",
        input=EntityInput,
        affects=("entities",),
    )
    async def turn_on(self, client: HomeAssistantClient, input: EntityInput) -> ActionResult:
        name, _ = await self._call(client, input.entity_id, "turn_on")
        return ActionResult(message=f"Turned on {name}")

    @action(
        "turnOff",
        label="Turn off",
        description="Turns an entity off (its domain's turn_off service, e.g. switch.turn_off).",
        input=EntityInput,
        affects=("entities",),
    )
    async def turn_off(self, client: HomeAssistantClient, input: EntityInput) -> ActionResult:
        name, _ = await self._call(client, input.entity_id, "turn_off")
        return ActionResult(message=f"Turned off {name}")

    @action(
        "toggle",
        label="Toggle",
        description="Switches an entity to its other state (its domain's toggle service).",
        input=EntityInput,
        affects=("entities",),
    )
    async def toggle(self, client: HomeAssistantClient, input: EntityInput) -> ActionResult:
        name, state = await self._call(client, input.entity_id, "toggle")
        return ActionResult(message=f"Toggled {name}" + (f": now {state}" if state else ""))

    @action(
        "runScript",
        label="Run script",
        description="Starts a script (script.turn_on: does not wait for it to finish).",
        input=ScriptInput,
        affects=("entities",),
    )
    async def run_script(self, client: HomeAssistantClient, input: ScriptInput) -> ActionResult:
        name, _ = await self._call(client, input.entity_id, "turn_on")
        return ActionResult(message=f"Started {name}")

    @action(
        "triggerAutomation",
        label="Trigger automation",
        description="Runs an automation's actions now, skipping its conditions "
        "(automation.trigger).",
        input=AutomationInput,
        affects=("entities",),
    )
    async def trigger_automation(
        self, client: HomeAssistantClient, input: AutomationInput
    ) -> ActionResult:
        name, _ = await self._call(client, input.entity_id, "trigger")
        return ActionResult(message=f"Triggered {name}")

    async def _call(
        self, client: HomeAssistantClient, entity_id: str, service: str
    ) -> tuple[str, str | None]:
        """Call ``<entity's domain>.<service>`` on ``entity_id`` once the App's allowlist and
        Home Assistant both know it; its name and, when the answer lists it, its new state."""
        from integrations.homeassistant.models import STATES

        domain = entity_id.split(".", 1)[0]
        if not _settings(client).allows_action_on(entity_id):
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                f"this App may not change {entity_id}: add it (or a pattern such as {domain}.*) "
                f"to {ACTION_SETTING}",
            )
        entity = await self._entity(client, entity_id)
        if not entity.found:
            raise IntegrationError(ErrorCode.NOT_FOUND, f"Home Assistant has no {entity_id}")
        name = entity.friendly_name or entity_id
        response = await client.request(
            "POST",
            f"api/services/{domain}/{service}",
            json={"entity_id": entity_id},
            expect=(200, 400),
        )
        if response.status_code == 400:
            # Unknown service or data the service's schema refuses: Home Assistant says no more.
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"Home Assistant refused {domain}.{service} for {entity_id} (HTTP 400): has "
                f"{domain} a {service} service?",
                status=400,
                url=response.url,
            )
        changed = client.parse(response, STATES)
        state = next((s.state for s in changed if s.entity_id == entity_id), None)
        return name, state


def _is_json(response: httpx.Response) -> bool:
    return str(response.headers.get("content-type", "")).startswith("application/json")
