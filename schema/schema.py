"""The Strawberry schema and its SDL export."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.execution import PreExecutionError
from strawberry.types.field import StrawberryField

from integrations.registry import registry
from schema.document_limits import DocumentLimits
from schema.documents import DocumentGuard, Documents
from schema.extensions import (
    AccessControl,
    MaskUnexpectedErrors,
    WarmDashboards,
    with_request_codes,
)
from schema.mutation import Mutation
from schema.payloads import LONG_SCALAR, Long, PayloadTypes
from schema.query import Query, known_list_sizes
from schema.refusals import Refusals
from schema.result_budget import ResultBudget, ResultFloor, catalogue_allowance
from schema.subscription import Subscription

SDL_PATH = Path(__file__).with_name("schema.graphql")


class TilewireSchema(strawberry.Schema):
    documents: Documents
    """Parsed and validated documents (the GraphQL endpoint reads its cache too)."""
    payloads: PayloadTypes
    """The Payload union and PayloadType enum of the integrations this schema serves."""

    def __init__(self, *, payloads: PayloadTypes, **kwargs: Any) -> None:
        self.payloads = payloads  # before converting the types, which reads it (get_fields)
        super().__init__(**kwargs)

    def get_fields(self, type_definition: StrawberryObjectDefinition) -> list[StrawberryField]:
        """A type's fields as this schema serves them: those marked ``PAYLOAD_UNION`` or
        ``PAYLOAD_TYPE_ENUM`` typed with its own union or enum (``get_fields`` is Strawberry's
        hook for customising fields per schema)."""
        return [self.payloads.typed(field) for field in type_definition.fields]

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Expected errors are the client's business; unexpected ones are logged (with an id)
        by MaskUnexpectedErrors, so nothing is logged twice."""

    # Request errors are coded here, around the whole operation, rather than in an extension:
    # a syntax error raised while parsing skips the extensions' operation hooks.
    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        """Execute; every request error carries ``extensions.code`` (see with_request_codes)."""
        result = await super().execute(*args, **kwargs)
        if result.errors:
            result.errors = with_request_codes(result.errors)
        return result

    async def stream(self, *args: Any, **kwargs: Any) -> Any:
        """A subscription (or streamed operation); one refused before it starts carries
        ``extensions.code`` as with ``execute``."""
        result = await super().stream(*args, **kwargs)
        if isinstance(result, ExecutionResult):
            if result.errors:
                result.errors = with_request_codes(result.errors)
            return result
        if isinstance(result, AsyncGenerator):
            return _coded_stream(result)
        return result


async def _coded_stream(source: AsyncGenerator[Any, None]) -> AsyncGenerator[Any, None]:
    """``source``'s results with their request errors coded. A syntax error raised while
    parsing (in an extension's hook, where Strawberry's stream does not catch it, and the
    client would get nothing but the end of the operation) becomes the operation's error."""
    try:
        try:
            first = await anext(source)
        except StopAsyncIteration:
            return
        except GraphQLSyntaxError as err:
            yield PreExecutionError(data=None, errors=with_request_codes([err]))
            return
        while True:
            if isinstance(first, ExecutionResult) and first.errors:
                first.errors = with_request_codes(first.errors)
            yield first
            try:
                first = await anext(source)
            except StopAsyncIteration:
                return
    finally:
        await source.aclose()


def build_schema(
    limits: DocumentLimits | None = None,
    *,
    viewer_introspection: bool = False,
    refusals: Refusals | None = None,
) -> TilewireSchema:
    """The schema, guarded by ``limits`` (see schema.documents for who may introspect).

    Its Payload union and PayloadType enum list the integrations registered now: build it
    after loading plugins."""
    limits = limits or DocumentLimits()
    refusals = refusals or Refusals()
    catalogue_fields = catalogue_allowance(len(registry.all()))
    # Documents are measured against the schema built below: the guard, made per request,
    # takes them from it.
    extensions: list[Any] = [
        lambda: DocumentGuard(
            schema.documents, refusals, viewer_introspection=viewer_introspection
        ),
        AccessControl,
        lambda: ResultBudget(limits.max_result_fields, catalogue_fields=catalogue_fields),
        MaskUnexpectedErrors,
        WarmDashboards,
    ]
    schema: TilewireSchema = TilewireSchema(
        payloads=PayloadTypes.of(registry.all()),
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        config=StrawberryConfig(scalar_map={Long: LONG_SCALAR}),
    )
    schema.documents = Documents(
        limits,
        floor=ResultFloor(schema._schema, known_list_sizes),
        catalogue_fields=catalogue_fields,
    )
    return schema


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
