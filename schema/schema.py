"""The Strawberry schema and its SDL export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.document_limits import DocumentLimits
from schema.documents import DocumentGuard, Documents
from schema.extensions import AccessControl, MaskUnexpectedErrors
from schema.mutation import Mutation
from schema.payloads import LONG_SCALAR, Long
from schema.query import Query
from schema.refusals import Refusals
from schema.result_budget import ResultBudget
from schema.subscription import Subscription

SDL_PATH = Path(__file__).with_name("schema.graphql")


class TilewireSchema(strawberry.Schema):
    documents: Documents
    """Parsed and validated documents (the GraphQL endpoint reads its cache too)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Expected errors are the client's business; unexpected ones are logged (with an id)
        by MaskUnexpectedErrors, so nothing is logged twice."""


def build_schema(
    limits: DocumentLimits | None = None,
    *,
    viewer_introspection: bool = False,
    refusals: Refusals | None = None,
) -> TilewireSchema:
    """The schema, guarded by ``limits`` (see schema.documents for who may introspect)."""
    limits = limits or DocumentLimits()
    documents = Documents(limits)
    refusals = refusals or Refusals()
    extensions: list[Any] = [
        lambda: DocumentGuard(documents, refusals, viewer_introspection=viewer_introspection),
        AccessControl,
        lambda: ResultBudget(limits.max_result_fields),
        MaskUnexpectedErrors,
    ]
    schema = TilewireSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        config=StrawberryConfig(scalar_map={Long: LONG_SCALAR}),
    )
    schema.documents = documents
    return schema


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
