"""Input types of the App and Widget mutations."""

from __future__ import annotations

import dataclasses
from typing import Any

import strawberry
from strawberry.scalars import JSON

from schema.types import WidgetTypeEnum


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


@strawberry.input
class CreateWidgetInput:
    type: WidgetTypeEnum  # type: ignore[valid-type]
    title: str | None = strawberry.UNSET
    position: int | None = strawberry.UNSET
    config: JSON = strawberry.field(
        description="INTEGRATION: {appId, endpointId, refreshInterval?}; LINK: {url, target?}; "
        "NOTE: {text}."
    )


@strawberry.input
class UpdateWidgetInput:
    type: WidgetTypeEnum | None = strawberry.UNSET  # type: ignore[valid-type]
    title: str | None = strawberry.UNSET
    position: int | None = strawberry.UNSET
    config: JSON | None = strawberry.UNSET


@strawberry.input
class TestIntegrationInput:
    integration_type: str
    config: JSON = strawberry.field(description="The config to try, as for integrationConfig.")
    app_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Take the secrets config omits from this App's stored config (for the "
        "origin they were entered for only).",
    )
