"""WidgetService: the blocks of a dashboard and what each one shows."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from app.apps import AppService, _pydantic_errors, _validated
from app.data import ENDPOINT_ID_MAX_LENGTH
from app.errors import FieldError, FieldErrorCode, InvalidInput, NotFound, shown
from app.models import ID_MAX_LENGTH, Widget, WidgetType, is_record_id
from integrations.registry import registry


class _Config(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


CONFIG = "config"
"""The ``argument`` of a widget config's problems (``field`` is ``appId``, ``url``, ...)."""
REFRESH_INTERVAL_MAX = 86_400.0
NOTE_MAX_CHARS = 20_000


class IntegrationWidgetConfig(_Config):
    """Live data of one App endpoint."""

    app_id: str = Field(min_length=1, max_length=ID_MAX_LENGTH)
    endpoint_id: str = Field(min_length=1, max_length=ENDPOINT_ID_MAX_LENGTH)
    refresh_interval: float | None = Field(None, gt=0, le=REFRESH_INTERVAL_MAX)


class LinkTarget(StrEnum):
    """Where a link opens."""

    SAME = "same"
    NEW = "new"


class LinkWidgetConfig(_Config):
    """A link to a page."""

    url: AnyHttpUrl
    target: LinkTarget = LinkTarget.NEW


class NoteWidgetConfig(_Config):
    """Text of the dashboard's own."""

    text: str = Field(max_length=NOTE_MAX_CHARS)


CONFIG_MODELS: dict[WidgetType, type[_Config]] = {
    WidgetType.INTEGRATION: IntegrationWidgetConfig,
    WidgetType.LINK: LinkWidgetConfig,
    WidgetType.NOTE: NoteWidgetConfig,
}


class WidgetFields(BaseModel):
    """A widget's own fields; its config is checked against its type's model apart."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=True
    )

    type: WidgetType
    title: str | None = Field(None, max_length=100)
    position: int = Field(0, ge=-1_000_000, le=1_000_000)


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
        self, widget_type: WidgetType, raw: object
    ) -> tuple[dict[str, Any], str | None]:
        """The normalised config JSON and the App it points at, or InvalidInput."""
        if not isinstance(raw, Mapping):
            raise InvalidInput.one(
                None, FieldErrorCode.WRONG_TYPE, "config must be an object", CONFIG
            )
        model = CONFIG_MODELS[widget_type]
        try:
            config = model.model_validate(raw)
        except ValidationError as err:
            raise InvalidInput(_pydantic_errors(err, CONFIG)) from None
        if not isinstance(config, IntegrationWidgetConfig):
            return config.model_dump(mode="json", by_alias=True), None
        app = await self.apps.get(config.app_id)
        if app is None:
            raise NotFound("appId", "App", config.app_id, CONFIG)
        integration = registry.for_app(app.integration_type)
        if integration is None:
            raise InvalidInput.one(
                "appId",
                FieldErrorCode.APP_HAS_NO_INTEGRATION,
                f"App {app.name!r} has no integration",
                CONFIG,
            )
        endpoint = integration.endpoints.get(config.endpoint_id)
        if endpoint is None:
            raise InvalidInput.one(
                "endpointId",
                FieldErrorCode.UNKNOWN_ENDPOINT,
                f"{integration.name} has no endpoint {shown(config.endpoint_id)}; "
                f"it has: {', '.join(integration.endpoints)}",
                CONFIG,
            )
        if config.refresh_interval is not None and config.refresh_interval < endpoint.min_refresh:
            raise InvalidInput.one(
                "refreshInterval",
                FieldErrorCode.BELOW_MIN_REFRESH,
                f"{endpoint.name} refreshes at most every {endpoint.min_refresh:g} s",
                CONFIG,
            )
        return config.model_dump(mode="json", by_alias=True, exclude_none=True), app.id

    async def _checked(
        self, data: Mapping[str, Any], config: object
    ) -> tuple[WidgetFields, dict[str, Any], str | None]:
        """The widget's fields and its checked config, or InvalidInput with every problem of
        both (a config is checked whenever the type it is for is known)."""
        errors: list[FieldError] = []
        fields = _validated(WidgetFields, data, errors)
        widget_type = fields.type if fields is not None else _known_type(data.get("type"))
        checked: tuple[dict[str, Any], str | None] | None = None
        if widget_type is not None:
            try:
                checked = await self._check_config(widget_type, config)
            except InvalidInput as err:
                errors += err.errors
        if errors or fields is None or checked is None:
            raise InvalidInput(errors)
        return fields, *checked

    async def create(self, data: Mapping[str, Any]) -> Widget:
        """A new widget; InvalidInput with every problem of ``data``."""
        own = {k: v for k, v in data.items() if k != "config"}
        fields, config, app_id = await self._checked(own, data.get("config", {}))
        return await Widget.create(
            type=fields.type,
            title=fields.title,
            position=fields.position,
            config=config,
            app_id=app_id,
        )

    async def update(self, widget_id: str, data: Mapping[str, Any]) -> Widget:
        """Change the fields ``data`` gives (a config replaces the whole config)."""
        widget = await self.get(widget_id)
        if widget is None:
            raise NotFound(None, "Widget", widget_id, "id")
        current = {"type": widget.type, "title": widget.title, "position": widget.position}
        own = {**current, **{k: v for k, v in data.items() if k != "config"}}
        if "type" in data and data["type"] != widget.type and "config" not in data:
            raise InvalidInput.one(
                "config", FieldErrorCode.MISSING, "changing the type needs a config for it"
            )
        fields, config, app_id = await self._checked(own, data.get("config", widget.config))
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
            raise NotFound(None, "Widget", widget_id, "id")
        await widget.delete()
        return widget_id


def _known_type(value: object) -> WidgetType | None:
    try:
        return WidgetType(str(value))
    except ValueError:
        return None
