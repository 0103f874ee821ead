"""The long-lived services the GraphQL layer is given: built once, by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from app.actions import ActionService
from app.api_keys import ApiKeyService
from app.apps import AppService
from app.data import LiveDataService
from app.widgets import CHANGES as WIDGET_CHANGES
from app.widgets import WidgetService
from integrations.cache import APP_CHANGES

Generation = tuple[int, int, int, tuple[int, ...] | None]


@dataclass
class Services:
    """Long-lived services, built once at start-up."""

    apps: AppService
    widgets: WidgetService
    live: LiveDataService
    keys: ApiKeyService
    actions: ActionService

    async def generation(self) -> Generation:
        """What a cached response depends on besides its values' expiry: every App change,
        every widget change and every early replacement of a cached value, in this process
        and (read from Redis, so a change made through another process counts at once) in the
        cluster."""
        hub = self.live.hub
        shared = None
        if hub.shared is not None:
            shared = await hub.shared.counters(APP_CHANGES, WIDGET_CHANGES)
        return (self.apps.generation, self.widgets.generation, hub.version, shared)
