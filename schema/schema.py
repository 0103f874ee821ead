"""The Strawberry schema and its SDL export."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.execution import PreExecutionError

from schema.extensions import AccessControl, MaskUnexpectedErrors, with_request_codes
from schema.mutation import Mutation
from schema.payloads import LONG_SCALAR, Long
from schema.query import Query
from schema.subscription import Subscription

SDL_PATH = Path(__file__).with_name("schema.graphql")


class TilewireSchema(strawberry.Schema):
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
    *, max_depth: int = 12, max_aliases: int = 200, max_tokens: int = 20_000
) -> strawberry.Schema:
    # The limit rules are built once: ValidationCache keys on the rule classes, and a limiter
    # constructed per request would make a new class, and a cache miss, every time.
    rules = [
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
    ]
    extensions: list[Any] = [
        AccessControl,
        MaskUnexpectedErrors,
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        lambda: ParserCache(maxsize=256),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=256),
    ]
    return TilewireSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        config=StrawberryConfig(scalar_map={Long: LONG_SCALAR}),
    )


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
