"""Typed results for expected failures, and the GraphQL errors for the rest."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types.enum import StrawberryEnumDefinition

from app.errors import FIELD_ERROR_CODES, FieldErrorCode, InvalidInput


def described_enum(
    cls: type[Enum], docs: dict[Any, str], description: str, name: str | None = None
) -> Any:
    """``cls`` as a GraphQL enum whose values carry ``docs`` as their descriptions."""
    graphql_enum = strawberry.enum(cls, name=name, description=description)
    definition: StrawberryEnumDefinition = graphql_enum.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        value.description = docs.get(cls(value.value))
    return graphql_enum


FieldErrorCodeEnum = described_enum(
    FieldErrorCode,
    FIELD_ERROR_CODES,
    "Why an input field was refused; the message has the detail (the limit, the rule).",
)


@strawberry.type
class FieldError:
    """One problem with one input field. ``argument`` says which input it is in, ``field``
    where inside it: {argument: "integrationConfig", field: "credentials.password"},
    {argument: "input", field: "name"}, {argument: "config", field: "appId"} (a widget's),
    {argument: "id", field: null} (an id that names nothing)."""

    argument: str = strawberry.field(
        description="The input the field is in: input (a field of the mutation's input), "
        "integrationConfig or config (a config form: an integration's, a widget's), or an "
        "argument of the mutation (id, name)."
    )
    field: str | None = strawberry.field(
        description="Path of the field inside the argument, as its form names it (url, "
        "credentials.password, appId); null when the argument as a whole is at fault."
    )
    code: FieldErrorCodeEnum  # type: ignore[valid-type]
    message: str


@strawberry.type
class ValidationErrors:
    """The input was refused; nothing was written. Every problem found is listed, not only
    the first."""

    errors: list[FieldError]

    @classmethod
    def of(cls, err: InvalidInput) -> ValidationErrors:
        return cls(
            errors=[
                FieldError(argument=e.argument, field=e.field, code=e.code, message=e.message)
                for e in err.errors
            ]
        )


class PublicError(GraphQLError):
    """An error whose message is safe and useful to show as is (never masked)."""

    def __init__(self, message: str, code: str, **extensions: object) -> None:
        super().__init__(message, extensions={"code": code, **extensions})


BAD_USER_INPUT = "BAD_USER_INPUT"


def bad_argument(err: InvalidInput) -> PublicError:
    """An argument refused where the field has no ValidationErrors result (a subscription):
    BAD_USER_INPUT, naming the argument (``extensions.argument``) and why (``reason``, a
    FieldErrorCode)."""
    first = err.errors[0]
    message = "; ".join(e.message for e in err.errors)
    return PublicError(message, BAD_USER_INPUT, argument=first.argument, reason=first.code.value)
