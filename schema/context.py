"""The per-request context: who is asking, the services, and this request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from app.apps import AppService
from app.auth import Role
from app.data import DataKey, LiveDataService
from app.widgets import WidgetService
from integrations.types import IntegrationData


@dataclass
class Services:
    """Long-lived services, built once at start-up."""

    apps: AppService
    widgets: WidgetService
    live: LiveDataService


@dataclass
class Context:
    services: Services
    role: Role | None
    auth_error: str | None = None
    request: Any = None
    response: Any = None
    connection_params: dict[str, Any] | None = None
    _data_loader: DataLoader[DataKey, IntegrationData] | None = field(default=None, repr=False)

    @property
    def data_loader(self) -> DataLoader[DataKey, IntegrationData]:
        """This request's loader of endpoint data (one fetch per distinct key)."""
        if self._data_loader is None:
            live = self.services.live

            async def load(keys: list[DataKey]) -> list[IntegrationData]:
                return await live.many(keys)

            self._data_loader = DataLoader(load_fn=load)
        return self._data_loader
