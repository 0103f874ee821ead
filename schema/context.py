"""The per-request context: who is asking, the services, and this request's DataLoaders."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from app.api_keys import ApiKeyService
from app.apps import AppService
from app.auth import UNAUTHENTICATED, Grant, Role, Via
from app.data import DataKey, LiveDataService, Lookup
from app.models import App
from app.widgets import WidgetService
from integrations.types import IntegrationData


@dataclass
class Services:
    """Long-lived services, built once at start-up."""

    apps: AppService
    widgets: WidgetService
    live: LiveDataService
    keys: ApiKeyService


@dataclass
class Context:
    services: Services
    role: Role | None
    auth_error: str | None = None
    auth_code: str = UNAUTHENTICATED
    """The error code of ``auth_error``: UNAUTHENTICATED, or FORBIDDEN for a proxy user in
    none of the configured groups."""
    subject: str | None = None
    """Who signed in: the token's subject, the API key's name or the proxy's user (None with
    authentication off or a token without a subject)."""
    via: Via = Via.NONE
    key_id: str | None = None
    """The API key signed in with, if one was (a WebSocket is closed when it is revoked)."""
    expires_at: float | None = None
    """When the credentials expire (Unix time); None: never. A WebSocket is closed then."""
    request: Any = None
    response: Any = None
    connection_params: dict[str, Any] | None = None
    single_result: bool = False
    """The response carries one result (plain JSON over HTTP), so a subscription cannot be
    served; false on a WebSocket and on a streamed HTTP response."""
    used_data: list[IntegrationData] = field(default_factory=list)
    """Every endpoint value this request served (the response cache expires with them)."""
    used_keys: dict[DataKey, None] = field(default_factory=dict)
    """The keys of those values, in order (the next identical request warms them at once)."""
    warming: asyncio.Future[dict[str, Lookup]] | None = None
    """App lookups made while warming this request's keys ahead of execution, if it was."""
    _app_loader: DataLoader[str, App | None] | None = field(default=None, repr=False)
    _target_loader: DataLoader[str, Lookup] | None = field(default=None, repr=False)

    def sign_in(self, grant: Grant) -> None:
        """Take ``grant`` as who this request (or connection) is."""
        self.role, self.expires_at, self.subject = grant.role, grant.expires_at, grant.subject
        self.via, self.key_id = grant.via, grant.key_id
        self.auth_error, self.auth_code = None, UNAUTHENTICATED

    @property
    def app_loader(self) -> DataLoader[str, App | None]:
        """This request's Apps by id, batched into one database query."""
        if self._app_loader is None:
            self._app_loader = DataLoader(load_fn=self.services.apps.many)
        return self._app_loader

    @property
    def target_loader(self) -> DataLoader[str, Lookup]:
        """This request's App lookups, from the Apps of ``app_loader`` (a widget's App and its
        data come from one query)."""
        if self._target_loader is None:
            self._target_loader = DataLoader(load_fn=self._lookups)
        return self._target_loader

    async def _lookups(self, app_ids: list[str]) -> list[Lookup]:
        apps = await self.app_loader.load_many(app_ids)
        live = self.services.live
        return [live.lookup(app, app_id) for app, app_id in zip(apps, app_ids, strict=True)]

    async def endpoint_data(self, key: DataKey) -> IntegrationData:
        """One endpoint's data. Each value resolves as soon as its own upstream answers (no
        waiting for the slowest); the hub makes one call per distinct key however many ask."""
        lookup = await self._warm_lookup(key[0]) or await self.target_loader.load(key[0])
        data = await self.services.live.fetch(lookup.found, key[1])
        self.used_data.append(data)
        self.used_keys[key] = None
        return data

    async def _warm_lookup(self, app_id: str) -> Lookup | None:
        if self.warming is None:
            return None
        try:
            return (await self.warming).get(app_id)
        except Exception:  # the loader meets the same failure and reports it
            return None
