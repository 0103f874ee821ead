"""Input types of the App and Widget mutations."""

from __future__ import annotations

import dataclasses
from typing import Any

import strawberry
from strawberry.scalars import JSON

from app.models import WidgetType
from app.widgets import LinkTarget
from schema.types import LinkTargetEnum


def given(data: object) -> dict[str, Any]:
    """The fields a client actually sent (omitted ones are UNSET), camelCase as on the wire."""
    return {
        to_camel(f.name): getattr(data, f.name)
        for f in dataclasses.fields(data)  # type: ignore[arg-type]
        if getattr(data, f.name) is not strawberry.UNSET
    }


def to_camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@strawberry.input
class CreateAppInput:
    name: str
    url: str | None = strawberry.UNSET
    icon: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    sort_order: int | None = strawberry.UNSET
    integration_type: str | None = strawberry.UNSET
    integration_config: JSON | None = strawberry.field(
        default=strawberry.UNSET,
        description="Validated against the integration's config schema (see Query.integration).",
    )
    integration_enabled: bool | None = strawberry.UNSET
    allowed_actions: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET,
        description="The ids of the actions the App allows (Integration.actions); null or "
        "omitted: every action that is not destructive.",
    )


@strawberry.input
class UpdateAppInput:
    """Omitted fields keep their value; an omitted secret keeps the stored one, as long as
    integrationConfig.url stays on the origin (scheme, host, port) it was entered for."""

    name: str | None = strawberry.UNSET
    url: str | None = strawberry.UNSET
    icon: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    sort_order: int | None = strawberry.UNSET
    integration_type: str | None = strawberry.field(
        default=strawberry.UNSET, description="null removes the integration and its config."
    )
    integration_config: JSON | None = strawberry.UNSET
    integration_enabled: bool | None = strawberry.UNSET
    allowed_actions: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET,
        description="The ids of the actions the App allows; null: back to the default (every "
        "action that is not destructive). Another integrationType resets it unless given.",
    )


@strawberry.input
class IntegrationWidgetConfigInput:
    app_id: strawberry.ID
    endpoint_id: strawberry.ID
    refresh_interval: float | None = strawberry.field(
        default=None,
        description="Seconds, at least the endpoint's minRefresh (Integration.endpoints), at "
        "most a day; null: the endpoint's TTL.",
    )


@strawberry.input
class LinkWidgetConfigInput:
    url: str = strawberry.field(description="An http or https URL.")
    target: LinkTargetEnum = LinkTarget.NEW  # type: ignore[valid-type]


@strawberry.input
class NoteWidgetConfigInput:
    text: str = strawberry.field(description="At most 20000 characters.")


@strawberry.input(one_of=True)
class WidgetConfigInput:
    """A widget's config: exactly one member, which is also the widget's type."""

    integration: IntegrationWidgetConfigInput | None = strawberry.UNSET
    link: LinkWidgetConfigInput | None = strawberry.UNSET
    note: NoteWidgetConfigInput | None = strawberry.UNSET


@strawberry.input
class CreateWidgetInput:
    title: str | None = strawberry.UNSET
    position: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="Where the widget goes (widgets are listed by position). Omitted or "
        "null: last, one after the highest position.",
    )
    config: WidgetConfigInput = strawberry.field(
        description="What the widget shows: its member sets the widget's type."
    )


@strawberry.input
class UpdateWidgetInput:
    """Omitted fields keep their value; a config replaces the whole config (and the type)."""

    title: str | None = strawberry.UNSET
    position: int | None = strawberry.field(
        default=strawberry.UNSET, description="Omitted or null: unchanged."
    )
    config: WidgetConfigInput | None = strawberry.UNSET


_WIDGET_TYPES = {
    "integration": WidgetType.INTEGRATION,
    "link": WidgetType.LINK,
    "note": WidgetType.NOTE,
}


def widget_fields(data: CreateWidgetInput | UpdateWidgetInput) -> dict[str, Any]:
    """The fields a widget input sets, as WidgetService takes them: the config's member
    becomes ``type``, and its fields the config JSON."""
    fields = given(data)
    config = fields.pop("config", None)
    if isinstance(config, WidgetConfigInput):
        for member, widget_type in _WIDGET_TYPES.items():
            value = getattr(config, member)
            if value is not None and value is not strawberry.UNSET:
                fields["type"] = widget_type
                fields["config"] = {
                    k: (v.value if isinstance(v, LinkTarget) else v)
                    for k, v in given(value).items()
                }
    return fields


@strawberry.input
class TestIntegrationInput:
    integration_type: str
    config: JSON = strawberry.field(description="The config to try, as for integrationConfig.")
    app_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Take the secrets config omits from this App's stored config (for the "
        "origin they were entered for only).",
    )
