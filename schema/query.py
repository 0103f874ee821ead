"""Root query."""

from __future__ import annotations

import strawberry

from integrations.registry import UnknownIntegration, registry
from schema.actions import ActionLog, action_log
from schema.context import Context
from schema.data import EndpointData, endpoint_data
from schema.integration_types import Integration
from schema.signin import ApiKeyNode, Me, api_keys, me
from schema.types import AppNode, WidgetNode

Info = strawberry.Info[Context, None]


def known_list_sizes() -> dict[tuple[str, str], int]:
    """The lists whose length is known without asking anyone (see schema.result_budget):
    the integration catalogue."""
    return {("Query", "integrations"): len(registry.all())}


@strawberry.type
class Query:
    me: Me = strawberry.field(resolver=me, description="Who is asking, and how they signed in.")
    api_keys: list[ApiKeyNode] = strawberry.field(
        resolver=api_keys, description="Every API key, without its secret (admin only)."
    )
    action_log: ActionLog = strawberry.field(
        resolver=action_log,
        description="Action runs, newest first, of one App or of all (admin only): who, when, "
        "which action with which input (never a secret), the outcome and how long it took. "
        "first: 1 to 100; after: the endCursor of the page before.",
    )

    @strawberry.field(description="Every App, in dashboard order.")
    async def apps(self, info: Info) -> list[AppNode]:
        return [AppNode.of(app) for app in await info.context.services.apps.list()]

    @strawberry.field
    async def app(self, info: Info, id: strawberry.ID) -> AppNode | None:
        found = await info.context.services.apps.get(str(id))
        return AppNode.of(found) if found is not None else None

    @strawberry.field(description="Every Widget, in dashboard order.")
    async def widgets(self, info: Info) -> list[WidgetNode]:
        return [WidgetNode.of(w) for w in await info.context.services.widgets.list()]

    @strawberry.field(description="The service types Tilewire knows, optionally of one category.")
    def integrations(self, category: str | None = None) -> list[Integration]:
        return [Integration.of(spec) for spec in registry.all(category)]

    @strawberry.field
    def integration(self, id: strawberry.ID) -> Integration | None:
        try:
            return Integration.of(registry.get(str(id)))
        except UnknownIntegration:
            return None

    @strawberry.field(description="Live data of one App endpoint (cached, batched per request).")
    async def integration_data(
        self, info: Info, app_id: strawberry.ID, endpoint_id: strawberry.ID
    ) -> EndpointData:
        key = (str(app_id), str(endpoint_id))
        return endpoint_data(key, await info.context.endpoint_data(key))
