"""The parts of Home Assistant's REST API responses Tilewire reads, and its payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

# --- upstream --------------------------------------------------------------------------------


class CoreConfig(UpstreamModel):
    """``GET /api/config``."""

    version: str
    location_name: str = ""
    state: str | None = None
    """RUNNING, STARTING, STOPPING, ... (2021.x and later)."""
    time_zone: str | None = None
    components: list[str] = []


class State(UpstreamModel):
    """One entity of ``GET /api/states`` or ``GET /api/states/<entity_id>``."""

    entity_id: str
    state: str
    attributes: dict[str, Any] = {}
    last_changed: datetime | None = None
    last_updated: datetime | None = None


STATES: TypeAdapter[list[State]] = TypeAdapter(list[State])


class Message(UpstreamModel):
    """Home Assistant's error body, e.g. ``{"message": "Entity not found."}``."""

    message: str


# --- payloads --------------------------------------------------------------------------------


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
