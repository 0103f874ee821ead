"""Root query."""

from __future__ import annotations

import strawberry

from schema.context import Context
from schema.types import AppNode, WidgetNode


@strawberry.type
class Query:
    @strawberry.field(description="Every App, in dashboard order.")
    async def apps(self, info: strawberry.Info[Context, None]) -> list[AppNode]:
        return [AppNode.of(app) for app in await info.context.services.apps.list()]

    @strawberry.field
    async def app(self, info: strawberry.Info[Context, None], id: strawberry.ID) -> AppNode | None:
        found = await info.context.services.apps.get(str(id))
        return AppNode.of(found) if found is not None else None

    @strawberry.field(description="Every Widget, in dashboard order.")
    async def widgets(self, info: strawberry.Info[Context, None]) -> list[WidgetNode]:
        return [WidgetNode.of(w) for w in await info.context.services.widgets.list()]
