"""GraphQL types describing integrations: metadata, endpoints and config forms."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from integrations.config import FieldKind
from integrations.types import Endpoint as EndpointSpec
from integrations.types import Integration as IntegrationSpec
from schema.payloads import payload_type_enum

FieldKindEnum = strawberry.enum(FieldKind, description="How a config form renders a field.")
PayloadTypeEnum = payload_type_enum()


@strawberry.type
class ConfigField:
    """One input of an integration's config form."""

    name: str = strawberry.field(description="Path in the config JSON, e.g. credentials.apiKey")
    label: str
    kind: FieldKindEnum  # type: ignore[valid-type]
    required: bool
    group: str = strawberry.field(
        description="connection, credentials:<type> (one group per alternative), or extra"
    )
    default: JSON | None
    help: str
    options: list[str]
    multiline: bool


@strawberry.type
class Endpoint:
    """One kind of live data an integration serves."""

    id: strawberry.ID
    name: str
    description: str
    ttl: float = strawberry.field(description="Seconds a fetched value stays fresh.")
    min_refresh: float = strawberry.field(description="Shortest widget refresh interval, seconds.")
    payload_type: PayloadTypeEnum = strawberry.field(  # type: ignore[valid-type]
        description="The Payload union member it returns (its __typename)."
    )

    @classmethod
    def of(cls, spec: EndpointSpec) -> Endpoint:
        return cls(
            id=strawberry.ID(spec.id),
            name=spec.name,
            description=spec.description,
            ttl=spec.ttl,
            min_refresh=spec.min_refresh,
            payload_type=PayloadTypeEnum[spec.payload.__name__],
        )


@strawberry.type
class Integration:
    """A service type Tilewire can talk to."""

    id: strawberry.ID
    name: str
    icon: str
    categories: list[str]
    docs_url: str
    default_port: int | None
    spec: strawberry.Private[IntegrationSpec[Any]]

    @classmethod
    def of(cls, spec: IntegrationSpec[Any]) -> Integration:
        return cls(
            id=strawberry.ID(spec.id),
            name=spec.name,
            icon=spec.icon,
            categories=list(spec.categories),
            docs_url=spec.docs_url,
            default_port=spec.default_port,
            spec=spec,
        )

    @strawberry.field
    def endpoints(self) -> list[Endpoint]:
        return [Endpoint.of(e) for e in self.spec.endpoints.values()]

    @strawberry.field(description="The alternative credential sets, e.g. apiKey, usernamePassword.")
    def credential_types(self) -> list[str]:
        return [str(model.model_fields["type"].default) for model in self.spec.credentials]

    @strawberry.field(description="The config form, field by field.")
    def config_fields(self) -> list[ConfigField]:
        return [
            ConfigField(
                name=f.name,
                label=f.label,
                kind=f.kind,
                required=f.required,
                group=f.group,
                default=cast(JSON, f.default),
                help=f.help,
                options=list(f.options),
                multiline=f.multiline,
            )
            for f in self.spec.form()
        ]

    @strawberry.field(description="The JSON Schema the config is validated against.")
    def config_schema(self) -> JSON:
        return cast(JSON, self.spec.json_schema())
