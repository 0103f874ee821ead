"""The Strawberry schema and its SDL export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from schema.extensions import AccessControl, MaskUnexpectedErrors
from schema.mutation import Mutation
from schema.query import Query
from schema.subscription import Subscription

SDL_PATH = Path(__file__).with_name("schema.graphql")


class TilewireSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Expected errors are the client's business; unexpected ones are logged (with an id)
        by MaskUnexpectedErrors, so nothing is logged twice."""


def build_schema(
    *, max_depth: int = 12, max_aliases: int = 200, max_tokens: int = 20_000
) -> strawberry.Schema:
    extensions: list[Any] = [
        AccessControl,
        MaskUnexpectedErrors,
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        lambda: QueryDepthLimiter(max_depth=max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=max_aliases),
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
    ]
    return TilewireSchema(
        query=Query, mutation=Mutation, subscription=Subscription, extensions=extensions
    )


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
