"""WidgetService: the blocks of a dashboard and what each one shows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from enum import StrEnum
from typing import Any

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

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
POSITION_MIN, POSITION_MAX = -1_000_000, 1_000_000
NOTE_MAX_CHARS = 20_000
CHANGES = "widget-generation"
"""The name of the cluster-wide counter of widget changes (see ``WidgetService.on_change``)."""
WidgetsChanged = Callable[[], Awaitable[None]]


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
    position: int | None = Field(None, ge=POSITION_MIN, le=POSITION_MAX)
    """None: after the last widget (create), unchanged (update)."""


class WidgetService:
    def __init__(self, apps: AppService, on_change: WidgetsChanged | None = None) -> None:
        self.apps = apps
        self._on_change = on_change
        """Told of every change, after ``generation`` moved (with Redis: bumps the cluster's
        counter, so that every process sees the change)."""
        self.generation = 0
        """Bumped by every change to any widget: whatever was derived from widgets is outdated."""

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
        """A new widget; InvalidInput with every problem of ``data``. Without a position
        (omitted or None) it goes last: one after the highest position."""
        own = {k: v for k, v in data.items() if k != "config"}
        fields, config, app_id = await self._checked(own, data.get("config", {}))
        async with in_transaction() as connection:
            position = fields.position
            if position is None:
                position = await _after_the_last(connection)
            widget = await Widget.create(
                type=fields.type,
                title=fields.title,
                position=position,
                config=config,
                app_id=app_id,
                using_db=connection,
            )
        await self._changed()
        return widget

    async def update(self, widget_id: str, data: Mapping[str, Any]) -> Widget:
        """Change the fields ``data`` gives (a config replaces the whole config)."""
        widget = await self.get(widget_id)
        if widget is None:
            raise NotFound(None, "Widget", widget_id, "id")
        current = {"type": widget.type, "title": widget.title}
        own = {**current, **{k: v for k, v in data.items() if k != "config"}}
        if own.get("position") is None:
            own.pop("position", None)  # omitted or null: unchanged
        if "type" in data and data["type"] != widget.type and "config" not in data:
            raise InvalidInput.one(
                "config", FieldErrorCode.MISSING, "changing the type needs a config for it"
            )
        fields, config, app_id = await self._checked(own, data.get("config", widget.config))
        widget.type = fields.type
        widget.title = fields.title
        if fields.position is not None:
            widget.position = fields.position
        widget.config = config
        widget.app_id = app_id
        await widget.save()
        await self._changed()
        return widget

    async def _changed(self) -> None:
        self.generation += 1
        if self._on_change is not None:
            await self._on_change()

    async def delete(self, widget_id: str) -> str:
        widget = await self.get(widget_id)
        if widget is None:
            raise NotFound(None, "Widget", widget_id, "id")
        await widget.delete()
        await self._changed()
        return widget_id


async def _after_the_last(connection: BaseDBAsyncClient) -> int:
    """One after the highest position (0 for the first widget), with the widgets table held
    for writing until ``connection``'s transaction ends: concurrent creates, in this process or
    another, each see the one before them and get positions of their own."""
    dialect = connection.capabilities.dialect
    if dialect == "postgres":
        # Conflicts with itself and with every write, not with reads.
        await connection.execute_script("LOCK TABLE widgets IN SHARE ROW EXCLUSIVE MODE")
    elif dialect == "sqlite":
        # A write as the transaction's first statement takes SQLite's write lock there and
        # then (a first SELECT would take a read snapshot, which another write can outdate).
        await connection.execute_query("UPDATE widgets SET position = position WHERE 1 = 0")
    last = await Widget.all().using_db(connection).order_by("-position").first()
    return 0 if last is None else last.position + 1


def _known_type(value: object) -> WidgetType | None:
    try:
        return WidgetType(str(value))
    except ValueError:
        return None
