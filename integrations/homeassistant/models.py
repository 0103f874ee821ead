"""The parts of Home Assistant's REST API responses Tilewire reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from integrations.base import UpstreamModel

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
