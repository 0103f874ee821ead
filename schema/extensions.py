"""Schema extensions: access control by operation type, masking of unexpected errors, and
the warm path's note of which documents are dashboards'."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterator

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSyntaxError,
    InlineFragmentNode,
    SelectionSetNode,
    get_operation_ast,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.types.graphql import OperationType

from app import db
from app.auth import Role
from schema.context import Context
from schema.errors import BAD_USER_INPUT, PublicError

logger = logging.getLogger("tilewire.graphql")


class WarmDashboards(SchemaExtension):
    """Tells a request's ``Warmup`` whether its validated document is a dashboard's (one the
    response cache may keep and the endpoint may warm)."""

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        context = ctx.context
        if isinstance(context, Context) and context.warmup is not None:
            context.warmup.executing(ctx.graphql_document, ctx.operation_name)
        yield


SUBSCRIPTION_NEEDS_STREAM = (
    "a subscription needs a streaming transport: a WebSocket (graphql-transport-ws), "
    "Server-Sent Events (Accept: text/event-stream) or multipart HTTP "
    '(Accept: multipart/mixed;subscriptionSpec="1.0")'
)


OPERATOR_MUTATIONS = frozenset({"runAction", "__typename"})
"""The mutation fields an operator may select (all of them: an admin)."""


def _mutation_fields(document: DocumentNode | None, operation_name: str | None) -> set[str]:
    """The top-level field names the operation selects, through fragments (the document has
    passed validation: no fragment cycles, every spread defined)."""
    if document is None:
        return set()
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return set()
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    names: set[str] = set()
    seen: set[str] = set()
    pending: list[SelectionSetNode] = [operation.selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
    return names


def _mutation_refused(
    role: Role, document: DocumentNode | None, operation_name: str | None
) -> PublicError | None:
    """Why a viewer or operator may not run this mutation; None when an operator may."""
    fields = _mutation_fields(document, operation_name)
    if role is Role.OPERATOR and fields <= OPERATOR_MUTATIONS:
        return None
    if role is Role.OPERATOR:
        message = "this operation needs the admin role (operators may run actions only)"
    elif "runAction" in fields:
        message = "runAction needs the operator or admin role"
    else:
        message = "this operation needs the admin role"
    return PublicError(message, "FORBIDDEN")


class AccessControl(SchemaExtension):
    """Viewers may query and subscribe; operators may also run actions (``runAction``); only
    admins may make other mutations. A subscription over a plain JSON request is refused with
    a typed error rather than executed as a query."""

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        context = ctx.context
        error: GraphQLError | None = None
        if isinstance(context, Context):
            if context.role is None:
                error = PublicError(
                    context.auth_error or "authentication required", context.auth_code
                )
            elif ctx.operation_type is OperationType.MUTATION and context.role is not Role.ADMIN:
                error = _mutation_refused(context.role, ctx.graphql_document, ctx.operation_name)
            elif ctx.operation_type is OperationType.SUBSCRIPTION and context.single_result:
                error = PublicError(SUBSCRIPTION_NEEDS_STREAM, "SUBSCRIPTION_NEEDS_STREAM")
        if error is not None:
            if ctx.operation_type is OperationType.SUBSCRIPTION:
                raise error  # a subscription ignores ctx.result: raising stops it starting
            ctx.result = GraphQLExecutionResult(data=None, errors=[error])
        yield


DATABASE_UNAVAILABLE = "the database is unreachable; nothing was changed, try again shortly"


GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


def request_error_code(error: GraphQLError) -> str | None:
    """The ``extensions.code`` of an error about the request itself, which graphql-core raises
    without one: GRAPHQL_PARSE_FAILED (syntax, and a document over the token limit),
    GRAPHQL_VALIDATION_FAILED (an unknown field, a missing argument, a document over the depth
    or alias limit, ...), BAD_USER_INPUT (a variable that does not coerce to its type). None for
    an error that has a code already or belongs to a field."""
    if (error.extensions or {}).get("code") is not None:
        return None
    if isinstance(error, GraphQLSyntaxError):
        return GRAPHQL_PARSE_FAILED
    if error.path is not None:
        return None
    if error.original_error is None:
        return GRAPHQL_VALIDATION_FAILED
    if isinstance(error.original_error, GraphQLError):
        return BAD_USER_INPUT
    return None


def with_request_codes(errors: list[GraphQLError]) -> list[GraphQLError]:
    """``errors`` with ``extensions.code`` added to each request error that lacks one, so that a
    client tells a mistake in its document from one in its variables without reading the
    message (codes an error has already, such as those of the document limits, are kept)."""
    coded: list[GraphQLError] = []
    for error in errors:
        code = request_error_code(error)
        if code is not None:
            error = GraphQLError(
                message=error.message,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                original_error=error.original_error,
                extensions={**(error.extensions or {}), "code": code},
            )
        coded.append(error)
    return coded


def _is_expected(error: GraphQLError) -> bool:
    original = error.original_error
    if isinstance(error, PublicError) or isinstance(original, PublicError):
        return True
    # Errors graphql-core raises itself (syntax, validation) carry no original error; a
    # variable of the wrong value carries the coercion's own error, and is typed BAD_USER_INPUT
    # by anonymise_error (not masked as the server's).
    return original is None


_ECHOES = (
    (re.compile(r", found: .*$", re.S), "."),  # an input object echoed whole
    (re.compile(r"(cannot represent[^:]*): .*$", re.S), r"\1"),  # the refused value
)
MAX_MESSAGE = 300


def _without_values(error: GraphQLError) -> str:
    """graphql-core's message about a refused variable, minus the value it quotes (it may be a
    secret sent under a misspelt field). An unknown enum value is still named: it is short,
    and the client needs to see which one was wrong."""
    inner = error.original_error
    assert isinstance(inner, GraphQLError)
    detail = inner.message
    for pattern, replacement in _ECHOES:
        detail = pattern.sub(replacement, detail)
    prefix = error.message[: -len(inner.message)] if error.message.endswith(inner.message) else ""
    return (prefix + detail)[:MAX_MESSAGE]


def _is_bad_variable(error: GraphQLError) -> bool:
    """A variable graphql-core refused (an Int beyond 32 bits, a string for a number, an
    unknown input field): wrapped around graphql-core's own error, before execution."""
    original = error.original_error
    return (
        error.path is None
        and isinstance(original, GraphQLError)
        and original.original_error is None
    )


class MaskUnexpectedErrors(MaskErrors):
    """Unexpected exceptions reach the client as a generic message with an id found in the log."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda e: not _is_expected(e))

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if _is_bad_variable(error):
            # The client's mistake, in graphql-core's words (which name the variable's path):
            # typed, and not logged as the server's.
            return GraphQLError(
                message=_without_values(error),
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                extensions={"code": BAD_USER_INPUT},
            )
        if error.original_error is not None and db.unavailable(error.original_error):
            logger.warning("database unreachable: %s", type(error.original_error).__name__)
            return GraphQLError(
                message=DATABASE_UNAVAILABLE,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={"code": "DATABASE_UNAVAILABLE"},
            )
        error_id = secrets.token_hex(6)
        logger.error(
            "unexpected error %s at %s",
            error_id,
            ".".join(str(p) for p in error.path or ()),
            exc_info=error.original_error,
        )
        return GraphQLError(
            message=f"internal error (id {error_id}); the server log has the details",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_ERROR", "errorId": error_id},
        )
