"""Object types of Apps and Widgets."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from app.apps import StoredConfigInvalid, allowed_actions
from app.crypto import DecryptionError
from app.models import App as AppModel
from app.models import Widget as WidgetModel
from app.models import WidgetType
from app.widgets import LinkTarget
from integrations.registry import registry
from schema.context import Context
from schema.data import EndpointData, endpoint_data
from schema.errors import PublicError
from schema.integration_types import Action, AppAction

WidgetTypeEnum = strawberry.enum(WidgetType, description="What a widget shows.")
LinkTargetEnum = strawberry.enum(LinkTarget, description="Where a link widget's page opens.")


@strawberry.type
class IntegrationWidgetConfig:
    """An INTEGRATION widget: live data of one endpoint of one App."""

    app_id: strawberry.ID
    endpoint_id: strawberry.ID
    refresh_interval: float | None = strawberry.field(
        description="Seconds between refreshes (at least the endpoint's minRefresh); null: "
        "the endpoint's TTL."
    )


@strawberry.type
class LinkWidgetConfig:
    """A LINK widget: a link to a page."""

    url: str
    target: LinkTargetEnum  # type: ignore[valid-type]


@strawberry.type
class NoteWidgetConfig:
    """A NOTE widget: text of the dashboard's own."""

    text: str


WidgetConfig = Annotated[
    IntegrationWidgetConfig | LinkWidgetConfig | NoteWidgetConfig,
    strawberry.union("WidgetConfig", description="A widget's config, typed by its type."),
]


def widget_config(
    widget_type: WidgetType, stored: dict[str, Any]
) -> IntegrationWidgetConfig | LinkWidgetConfig | NoteWidgetConfig:
    """A stored widget config (written by WidgetService in its camelCase JSON) as its type."""
    if widget_type is WidgetType.INTEGRATION:
        interval = stored.get("refreshInterval")
        return IntegrationWidgetConfig(
            app_id=strawberry.ID(str(stored["appId"])),
            endpoint_id=strawberry.ID(str(stored["endpointId"])),
            refresh_interval=float(interval) if interval is not None else None,
        )
    if widget_type is WidgetType.LINK:
        return LinkWidgetConfig(
            url=str(stored["url"]), target=LinkTarget(stored.get("target", LinkTarget.NEW))
        )
    return NoteWidgetConfig(text=str(stored["text"]))


@strawberry.type
class SecretField:
    """A write-only config field: whether it is set, never its value."""

    name: str
    is_set: bool


@strawberry.type
class AppIntegration:
    """The integration of an App. Secrets are write-only: see ``secrets``."""

    type: str
    enabled: bool
    config: JSON = strawberry.field(description="The config without its secret fields.")
    secrets: list[SecretField]


@strawberry.type(name="App")
class AppNode:
    id: strawberry.ID
    name: str
    url: str | None
    icon: str | None
    description: str | None
    sort_order: int
    created_at: datetime
    updated_at: datetime
    model: strawberry.Private[AppModel]

    @classmethod
    def of(cls, app: AppModel) -> AppNode:
        return cls(
            id=strawberry.ID(app.id),
            name=app.name,
            url=app.url,
            icon=app.icon,
            description=app.description,
            sort_order=app.sort_order,
            created_at=app.created_at,
            updated_at=app.updated_at,
            model=app,
        )

    @strawberry.field
    def integration(self, info: strawberry.Info[Context, None]) -> AppIntegration | None:
        try:
            view = info.context.services.apps.view(self.model)
        except DecryptionError as err:
            raise PublicError(str(err), "DECRYPTION_FAILED") from None
        except StoredConfigInvalid as err:
            raise PublicError(str(err), "STORED_CONFIG_INVALID") from None
        if view is None:
            return None
        return AppIntegration(
            type=view.type,
            enabled=view.enabled,
            config=cast(JSON, view.config),
            secrets=[SecretField(name=s.name, is_set=s.is_set) for s in view.secrets],
        )

    @strawberry.field(
        description="The ids of the actions the App allows (set by an admin; by default every "
        "action of its integration that is not destructive)."
    )
    def allowed_actions(self) -> list[strawberry.ID]:
        integration = registry.for_app(self.model.integration_type)
        return [strawberry.ID(a) for a in allowed_actions(self.model, integration)]

    @strawberry.field(description="Its integration's actions, and which of them it allows.")
    def actions(self) -> list[AppAction]:
        integration = registry.for_app(self.model.integration_type)
        if integration is None:
            return []
        allowed = set(allowed_actions(self.model, integration))
        return [
            AppAction(**vars(Action.of(a)), allowed=a.id in allowed)
            for a in integration.actions.values()
        ]

    @strawberry.field(description="Live data of one of the App's endpoints (batched per request).")
    async def data(
        self, info: strawberry.Info[Context, None], endpoint_id: strawberry.ID
    ) -> EndpointData:
        key = (self.model.id, str(endpoint_id))
        return endpoint_data(key, await info.context.endpoint_data(key))


@strawberry.type(name="Widget")
class WidgetNode:
    id: strawberry.ID
    type: WidgetTypeEnum  # type: ignore[valid-type]
    title: str | None
    position: int
    config: WidgetConfig
    created_at: datetime
    updated_at: datetime
    app_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, widget: WidgetModel) -> WidgetNode:
        return cls(
            id=strawberry.ID(widget.id),
            type=widget.type,
            title=widget.title,
            position=widget.position,
            config=widget_config(WidgetType(widget.type), widget.config),
            created_at=widget.created_at,
            updated_at=widget.updated_at,
            app_id=widget.app_id,  # type: ignore[attr-defined]
        )

    @strawberry.field(description="The App an INTEGRATION widget shows (batched per request).")
    async def app(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[AppNode, strawberry.lazy("schema.types")] | None:
        if self.app_id is None:
            return None
        app = await info.context.app_loader.load(self.app_id)
        return AppNode.of(app) if app is not None else None

    @strawberry.field(
        description="An INTEGRATION widget's live data, as integrationData gives it; null for "
        "other widgets. Batched per request: one upstream call per App endpoint however many "
        "widgets show it, so `widgets { data { ... } }` is a whole dashboard in one document "
        "(answered from the response cache while every value in it is fresh and no App or "
        "widget changed)."
    )
    async def data(self, info: strawberry.Info[Context, None]) -> EndpointData | None:
        config = self.config
        if not isinstance(config, IntegrationWidgetConfig):
            return None
        key = (str(config.app_id), str(config.endpoint_id))
        return endpoint_data(key, await info.context.endpoint_data(key))


@strawberry.type
class Deleted:
    id: strawberry.ID
