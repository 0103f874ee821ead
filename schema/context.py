"""The per-request context: who is asking, the services, and this request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from app.auth import UNAUTHENTICATED, Grant, Role, Via
from app.data import DataKey, Lookup
from app.models import App
from app.services import Services
from integrations.types import IntegrationData
from schema.warm import Warmup


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
    warmup: Warmup | None = None
    """This request's part in the warm path of a known dashboard, if the response cache may
    keep its answer."""
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
        warmup = self.warmup
        lookup = await warmup.lookup(key[0]) if warmup is not None else None
        if lookup is None:
            lookup = await self.target_loader.load(key[0])
        data = await self.services.live.fetch(lookup.found, key[1])
        if warmup is not None:
            warmup.used(key, data)
        return data
