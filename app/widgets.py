"""WidgetService: the blocks of a dashboard and what each one shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from app.apps import AppService, _pydantic_errors
from app.data import ENDPOINT_ID_MAX_LENGTH
from app.errors import FieldError, InvalidInput, NotFound, shown
from app.models import ID_MAX_LENGTH, Widget, WidgetType, is_record_id
from integrations import registry


class _Config(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class IntegrationWidgetConfig(_Config):
    app_id: str = Field(min_length=1, max_length=ID_MAX_LENGTH)
    endpoint_id: str = Field(min_length=1, max_length=ENDPOINT_ID_MAX_LENGTH)
    refresh_interval: float | None = Field(None, gt=0, le=86_400)


class LinkWidgetConfig(_Config):
    url: AnyHttpUrl
    target: Literal["same", "new"] = "new"


class NoteWidgetConfig(_Config):
    text: str = Field(max_length=20_000)


CONFIG_MODELS: dict[WidgetType, type[_Config]] = {
    WidgetType.INTEGRATION: IntegrationWidgetConfig,
    WidgetType.LINK: LinkWidgetConfig,
    WidgetType.NOTE: NoteWidgetConfig,
}


class WidgetFields(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=True
    )

    type: WidgetType
    title: str | None = Field(None, max_length=100)
    position: int = Field(0, ge=-1_000_000, le=1_000_000)
    config: dict[str, Any] = Field(default_factory=dict)


class WidgetService:
    def __init__(self, apps: AppService) -> None:
        self.apps = apps

    async def list(self) -> list[Widget]:
        return await Widget.all()

    async def get(self, widget_id: str) -> Widget | None:
        """The Widget with this id; None for any string that is not one, whatever it holds."""
        if not is_record_id(widget_id):
            return None
        return await Widget.get_or_none(id=widget_id)

    async def _check_config(
        self, widget_type: WidgetType, raw: Mapping[str, Any]
    ) -> tuple[dict[str, Any], str | None]:
        """The normalised config JSON and the App it points at, or InvalidInput."""
        model = CONFIG_MODELS[widget_type]
        try:
            config = model.model_validate(raw)
        except ValidationError as err:
            raise InvalidInput(_pydantic_errors(err, "config.")) from None
        if not isinstance(config, IntegrationWidgetConfig):
            return config.model_dump(mode="json", by_alias=True), None
        app = await self.apps.get(config.app_id)
        if app is None:
            raise NotFound("config.appId", "App", config.app_id)
        integration = registry.for_app(app.integration_type)
        if integration is None:
            raise InvalidInput.one(
                "config.appId", "no_integration", f"App {app.name!r} has no integration"
            )
        endpoint = integration.endpoints.get(config.endpoint_id)
        if endpoint is None:
            raise InvalidInput.one(
                "config.endpointId",
                "unknown_endpoint",
                f"{integration.name} has no endpoint {shown(config.endpoint_id)}; "
                f"it has: {', '.join(integration.endpoints)}",
            )
        if config.refresh_interval is not None and config.refresh_interval < endpoint.min_refresh:
            raise InvalidInput.one(
                "config.refreshInterval",
                "below_minimum",
                f"{endpoint.name} refreshes at most every {endpoint.min_refresh:g} s",
            )
        return config.model_dump(mode="json", by_alias=True, exclude_none=True), app.id

    async def create(self, data: Mapping[str, Any]) -> Widget:
        try:
            fields = WidgetFields.model_validate(data)
        except ValidationError as err:
            raise InvalidInput(_pydantic_errors(err)) from None
        config, app_id = await self._check_config(fields.type, fields.config)
        return await Widget.create(
            type=fields.type,
            title=fields.title,
            position=fields.position,
            config=config,
            app_id=app_id,
        )

    async def update(self, widget_id: str, data: Mapping[str, Any]) -> Widget:
        widget = await self.get(widget_id)
        if widget is None:
            raise NotFound("id", "Widget", widget_id)
        current = {"type": widget.type, "title": widget.title, "position": widget.position}
        try:
            fields = WidgetFields.model_validate({**current, "config": widget.config, **data})
        except ValidationError as err:
            raise InvalidInput(_pydantic_errors(err)) from None
        if "type" in data and fields.type != widget.type and "config" not in data:
            raise InvalidInput(
                [FieldError("config", "required", "changing the type needs a config for it")]
            )
        config, app_id = await self._check_config(fields.type, fields.config)
        widget.type = fields.type
        widget.title = fields.title
        widget.position = fields.position
        widget.config = config
        widget.app_id = app_id
        await widget.save()
        return widget

    async def delete(self, widget_id: str) -> str:
        widget = await self.get(widget_id)
        if widget is None:
            raise NotFound("id", "Widget", widget_id)
        await widget.delete()
        return widget_id
