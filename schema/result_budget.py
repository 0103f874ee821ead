"""A bound on the fields one request resolves: what the document limits cannot see.

A document's size says nothing of the lists it walks: 200 aliases of the integration catalogue
(35 KB, within every document limit) resolved 770,000 fields in 4.4 s and answered 18 MB.
Each request may resolve ``TILEWIRE_MAX_RESULT_FIELDS`` fields (about 5 microseconds each);
past that it is stopped with QUERY_TOO_COMPLEX and no data. A subscription's events are not
counted: each is one bounded payload.

Introspection fields have an allowance of their own, ``INTROSPECTION_FIELDS``: GraphiQL's
introspection query resolves about 10,400 fields of this schema (57 ms), and would not fit a
budget sized for dashboards; the allowance still stops ``__schema`` asked under many aliases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphql import GraphQLResolveInfo, OperationType
from strawberry.extensions import SchemaExtension

from schema.document_limits import QUERY_TOO_COMPLEX
from schema.errors import PublicError

INTROSPECTION_FIELDS = 40_000
"""Fields of ``__schema`` / ``__type`` one request may resolve: four times GraphiQL's query
(a test fails, naming this, when the schema outgrows half of it)."""


class ResultTooLarge(PublicError):
    def __init__(self, limit: int, what: str) -> None:
        super().__init__(
            f"the response would have more than {limit} {what}; at most {limit} are allowed: "
            "select fewer fields, or fewer aliases of lists",
            QUERY_TOO_COMPLEX,
        )


class ResultBudget(SchemaExtension):
    """Counts resolved fields; past the limit every further field fails at once, so the
    non-null fields above it end the response within a few steps."""

    def __init__(self, max_fields: int, introspection_fields: int | None = None) -> None:
        self.max_fields = max_fields
        self.remaining = max_fields
        self.introspection_fields = introspection_fields or INTROSPECTION_FIELDS
        self.introspection_remaining = self.introspection_fields
        self.exceeded: ResultTooLarge | None = None

    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if info.operation.operation is not OperationType.SUBSCRIPTION:
            if info.parent_type.name.startswith("__") or info.field_name.startswith("__"):
                self.introspection_remaining -= 1
                if self.introspection_remaining < 0:
                    self._exceed(self.introspection_fields, "introspection fields")
            else:
                self.remaining -= 1
                if self.remaining < 0:
                    self._exceed(self.max_fields, "fields (TILEWIRE_MAX_RESULT_FIELDS)")
        return _next(root, info, *args, **kwargs)

    def _exceed(self, limit: int, what: str) -> None:
        if self.exceeded is None:
            self.exceeded = ResultTooLarge(limit, what)
        raise self.exceeded

    def on_execute(self) -> Iterator[None]:
        yield
        if self.exceeded is None:
            return
        # one error, not one per field that was refused; and no half of a response
        result = self.execution_context.result
        if result is not None:
            result.data = None
            result.errors = [self.exceeded]
