"""Typed results for expected failures, and the GraphQL errors for the rest."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from app.errors import InvalidInput


@strawberry.type
class FieldError:
    """One problem with one input field."""

    field: str = strawberry.field(description="Path of the field, e.g. integrationConfig.url")
    code: str = strawberry.field(description="Machine-readable reason, e.g. missing, url_scheme")
    message: str


@strawberry.type
class ValidationErrors:
    """The input was refused; nothing was written."""

    errors: list[FieldError]

    @classmethod
    def of(cls, err: InvalidInput) -> ValidationErrors:
        return cls(
            errors=[FieldError(field=e.field, code=e.code, message=e.message) for e in err.errors]
        )


class PublicError(GraphQLError):
    """An error whose message is safe and useful to show as is (never masked)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, extensions={"code": code})
