"""GraphQL types describing integrations: metadata, endpoints and config forms."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from integrations.actions import Action as ActionSpec
from integrations.config import FieldKind, FormField
from integrations.types import Endpoint as EndpointSpec
from integrations.types import Integration as IntegrationSpec
from schema.payloads import PAYLOAD_TYPE_ENUM

FieldKindEnum = strawberry.enum(FieldKind, description="How a config form renders a field.")


@strawberry.type
class ConfigField:
    """One input of an integration's config form, with the bounds configSchema states for it
    (a form that checks them sends nothing the server refuses, apart from what configSchema's
    $comment lists)."""

    name: str = strawberry.field(description="Path in the config JSON, e.g. credentials.apiKey")
    label: str
    kind: FieldKindEnum  # type: ignore[valid-type]
    required: bool = strawberry.field(
        description="Required in its group (a credentials:<type> field: when that set is picked)."
    )
    group: str = strawberry.field(
        description="connection; credentials (the credentials.type picker); credentials:<type> "
        "(the fields of one credential set); or extra"
    )
    default: JSON | None
    help: str
    options: list[str]
    multiline: bool
    minimum: float | None = strawberry.field(description="Smallest value allowed (numbers).")
    maximum: float | None = strawberry.field(description="Largest value allowed (numbers).")
    exclusive_minimum: float | None = strawberry.field(
        description="The value must be greater than this (numbers)."
    )
    exclusive_maximum: float | None = strawberry.field(
        description="The value must be less than this (numbers)."
    )
    step: float | None = strawberry.field(description="1 for whole numbers; null: any number.")
    min_length: int | None = strawberry.field(
        description="Fewest characters, after leading and trailing whitespace is removed."
    )
    max_length: int | None
    pattern: str | None = strawberry.field(
        description="An ECMAScript regular expression the value matches (as in configSchema)."
    )
    url_schemes: list[str] = strawberry.field(
        description="The URL schemes a url field accepts (http, https); empty for other kinds."
    )
    discriminator: bool = strawberry.field(
        description="This field's value picks the credential set (credentials.type): show the "
        "fields of group credentials:<its value>."
    )
    item_fields: list[ConfigField] = strawberry.field(
        description="A list field's item form: the fields of one item of the list (an object), "
        "named relative to the item (a list within an item has item fields of its own); "
        "empty for other kinds."
    )
    min_items: int | None = strawberry.field(description="Fewest items of a list field.")
    max_items: int | None = strawberry.field(description="Most items of a list field.")

    @classmethod
    def of(cls, f: FormField) -> ConfigField:
        return cls(
            name=f.name,
            label=f.label,
            kind=f.kind,
            required=f.required,
            group=f.group,
            default=cast(JSON, f.default),
            help=f.help,
            options=list(f.options),
            multiline=f.multiline,
            minimum=f.minimum,
            maximum=f.maximum,
            exclusive_minimum=f.exclusive_minimum,
            exclusive_maximum=f.exclusive_maximum,
            step=f.step,
            min_length=f.min_length,
            max_length=f.max_length,
            pattern=f.pattern,
            url_schemes=list(f.url_schemes),
            discriminator=f.discriminator,
            item_fields=[cls.of(item) for item in f.item_fields],
            min_items=f.min_items,
            max_items=f.max_items,
        )


@strawberry.type
class CredentialSet:
    """One of an integration's alternative credential sets (none, an API key, a username and
    password, ...): the config's credentials.type is its type."""

    type: str = strawberry.field(description="The value of credentials.type that picks it.")
    label: str
    description: str
    fields: list[ConfigField] = strawberry.field(
        description="Its fields (paths credentials.<name>); none for the set of type none."
    )


@strawberry.type
class Endpoint:
    """One kind of live data an integration serves."""

    id: strawberry.ID
    name: str
    description: str
    ttl: float = strawberry.field(description="Seconds a fetched value stays fresh.")
    min_refresh: float = strawberry.field(description="Shortest widget refresh interval, seconds.")
    payload_type: str = strawberry.field(
        description="The Payload union member it returns (its __typename).",
        metadata=PAYLOAD_TYPE_ENUM,
    )

    @classmethod
    def of(cls, spec: EndpointSpec) -> Endpoint:
        return cls(
            id=strawberry.ID(spec.id),
            name=spec.name,
            description=spec.description,
            ttl=spec.ttl,
            min_refresh=spec.min_refresh,
            payload_type=spec.payload.__name__,
        )


@strawberry.type
class Action:
    """Something an integration can do to its service, with the form of its input."""

    id: strawberry.ID
    label: str
    description: str
    destructive: bool = strawberry.field(
        description="Stops, deletes or shuts something down: runAction needs confirm: true, "
        "and an App allows it only when an admin lists it in allowedActions."
    )
    affects: list[strawberry.ID] = strawberry.field(
        description="The endpoints whose data it changes: fetched again once it succeeds."
    )
    spec: strawberry.Private[ActionSpec]

    @classmethod
    def of(cls, spec: ActionSpec) -> Action:
        return cls(
            id=strawberry.ID(spec.id),
            label=spec.label,
            description=spec.description,
            destructive=spec.destructive,
            affects=[strawberry.ID(e) for e in spec.affects],
            spec=spec,
        )

    @strawberry.field(description="The input form, field by field (group input).")
    def input_fields(self) -> list[ConfigField]:
        return [ConfigField.of(f) for f in self.spec.form()]

    @strawberry.field(description="The JSON Schema (2020-12) of runAction's input.")
    def input_schema(self) -> JSON:
        return cast(JSON, self.spec.json_schema())


@strawberry.type
class AppAction(Action):
    """One of the App's integration's actions, and whether the App allows it."""

    allowed: bool = strawberry.field(
        description="runAction may run it for this App (operators and admins)."
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

    @strawberry.field(
        description="What it can do to its service (runAction), with each input's form."
    )
    def actions(self) -> list[Action]:
        return [Action.of(a) for a in self.spec.actions.values()]

    @strawberry.field(
        description="The alternative credential sets, e.g. apiKey, usernamePassword.",
        deprecation_reason="credentialSets has them with their labels and fields",
    )
    def credential_types(self) -> list[str]:
        return [str(model.model_fields["type"].default) for model in self.spec.credentials]

    @strawberry.field(
        description="The alternative credential sets, with their labels and fields; the first "
        "is the one a config without credentials.type and without the fields of another gets."
    )
    def credential_sets(self) -> list[CredentialSet]:
        return [
            CredentialSet(
                type=tag,
                label=label,
                description=description,
                fields=[ConfigField.of(f) for f in fields],
            )
            for tag, label, description, fields in self.spec.credential_alternatives()
        ]

    @strawberry.field(
        description="The path of the field that picks the credential set: credentials.type."
    )
    def credentials_discriminator(self) -> str:
        return "credentials.type"

    @strawberry.field(description="The config form, field by field.")
    def config_fields(self) -> list[ConfigField]:
        return [ConfigField.of(f) for f in self.spec.form(picker=True)]

    @strawberry.field(
        description="The JSON Schema (2020-12) of the config: it compiles under ajv's strict "
        "mode and accepts what the server accepts, apart from what its $comment lists."
    )
    def config_schema(self) -> JSON:
        return cast(JSON, self.spec.json_schema())
