"""Incoming documents: checked against the limits, parsed and validated once per distinct text,
and validated according to who asks.

Replaces Strawberry's ParserCache, ValidationCache, MaxTokensLimiter, QueryDepthLimiter and
MaxAliasesLimiter: those walk a fragment at every spread (a 1.3 KB document of nested fragment
spreads held a worker for seconds) and cache by text without bounding the memory the cached
syntax trees hold (about 500 bytes a token).

Who asks decides two things. Introspection (``__schema``, ``__type``) and "Did you mean ...?"
suggestions go together: both describe the schema, so a caller gets both or neither. Admins (and
everyone in development, where authentication is off) get them; viewers only with
``TILEWIRE_VIEWER_INTROSPECTION``. Anonymous callers are refused before anything is parsed.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationRule,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import (
    NoUndefinedVariablesRule,
    NoUnusedVariablesRule,
    OverlappingFieldsCanBeMergedRule,
    VariablesInAllowedPositionRule,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from app.auth import Role
from schema.context import Context
from schema.document_limits import (
    QUERY_TOO_COMPLEX,
    DocumentLimits,
    DocumentTooComplex,
    budgeted_overlap_rule,
    check_document,
    check_source,
)
from schema.errors import PublicError
from schema.refusals import Refusals
from schema.result_budget import ResultFloor, ResultTooLarge

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})
VARIABLE_RULES = frozenset(
    {NoUndefinedVariablesRule, NoUnusedVariablesRule, VariablesInAllowedPositionRule}
)
AST_BYTES_PER_TOKEN = 500
"""What graphql-core's syntax tree (nodes, locations, the token list) holds a token, measured."""
MAX_ERRORS = 20
"""Validation errors reported at most (graphql-core's default is 100): each one computes its
line and column by scanning the text up to it, so a long document full of errors costs
errors x length."""
_SUGGESTION = re.compile(r" Did you mean [^?]*\?")


class NoIntrospectionRule(ValidationRule):
    """``__schema`` and ``__type`` are refused (``__typename`` stays: unions need it)."""

    def enter_field(self, node: FieldNode, *_args: Any) -> None:
        if node.name.value in INTROSPECTION_FIELDS:
            self.report_error(
                PublicError(
                    "introspection needs the admin role (TILEWIRE_VIEWER_INTROSPECTION is off)",
                    "FORBIDDEN",
                )
            )


@dataclass(slots=True)
class Prepared:
    """A document text, parsed and checked against the limits (or refused), and its validation
    errors per kind of caller, filled in as each kind first asks."""

    document: DocumentNode | None
    refusal: GraphQLError | None
    weight: int
    """Bytes it holds, about: its text, and its syntax tree (AST_BYTES_PER_TOKEN a token)."""
    variables: bool = True
    """Whether the text has a ``$``: without, the three rules about variables are skipped
    (graphql-core hashes the whole operation, recursively, several times in them: a third of
    the validation of a 50-widget dashboard)."""
    validated: dict[bool, list[GraphQLError]] = field(default_factory=dict)
    floors: dict[str | None, int] = field(default_factory=dict)
    """The fewest fields each operation's response resolves (schema.result_budget)."""
    catalogue_floors: dict[str | None, int] = field(default_factory=dict)
    """The same of the integration catalogue's fields, which have an allowance of their own."""


def _of_operation(floors: dict[str | None, int], operation_name: str | None) -> int:
    if operation_name is not None:
        return floors.get(operation_name, 0)
    return next(iter(floors.values())) if len(floors) == 1 else 0


class Documents:
    """Parsing, limits and validation of documents, cached by text (refusals too).

    The cache is bounded by entries and by the bytes its texts and syntax trees hold, so that
    distinct large documents cannot grow it past ``max_cached_bytes`` (a 50-widget dashboard
    holds about 1.4 MB)."""

    def __init__(
        self,
        limits: DocumentLimits,
        *,
        floor: ResultFloor | None = None,
        catalogue_fields: int | None = None,
        max_entries: int = 256,
        max_cached_bytes: int = 32 * 1024 * 1024,
    ) -> None:
        self.limits = limits
        self.floor = floor
        self.catalogue_fields = catalogue_fields
        """The integration catalogue's field allowance (None: not checked before execution)."""
        self.max_entries = max_entries
        self.max_cached_bytes = max_cached_bytes
        self._entries: OrderedDict[str, Prepared] = OrderedDict()
        self._weight = 0
        overlap = budgeted_overlap_rule(limits.overlap_budget)
        standard = tuple(
            overlap if rule is OverlappingFieldsCanBeMergedRule else rule
            for rule in specified_rules
        )
        rules = (*standard, MaybeNullValidationRule, OneOfInputValidationRule)
        without_variables = tuple(r for r in rules if r not in VARIABLE_RULES)
        self._rules: dict[tuple[bool, bool], tuple[type[ValidationRule], ...]] = {
            (True, True): rules,
            (False, True): (*rules, NoIntrospectionRule),
            (True, False): without_variables,
            (False, False): (*without_variables, NoIntrospectionRule),
        }

    def prepare(self, source: str) -> Prepared:
        """The document of ``source``, or why it is refused (QUERY_TOO_COMPLEX or a syntax
        error): linear in the length of ``source``, and once per distinct text."""
        entry = self._entries.get(source)
        if entry is not None:
            self._entries.move_to_end(source)
            return entry
        entry = self._prepare(source)
        if len(source) <= self.limits.max_length:
            self._keep(source, entry)
        return entry

    def parsed(self, source: str) -> DocumentNode | None:
        """The cached document of ``source`` if it was accepted before (nothing is parsed)."""
        entry = self._entries.get(source)
        return entry.document if entry is not None and entry.refusal is None else None

    def too_large(self, prepared: Prepared, operation_name: str | None) -> GraphQLError | None:
        """QUERY_TOO_COMPLEX when the operation to run resolves more fields than
        ``TILEWIRE_MAX_RESULT_FIELDS`` for certain: refused before it is validated."""
        floor = _of_operation(prepared.floors, operation_name)
        limit = self.limits.max_result_fields
        if floor > limit:
            return ResultTooLarge(limit, "fields (TILEWIRE_MAX_RESULT_FIELDS)", at_least=floor)
        catalogue = _of_operation(prepared.catalogue_floors, operation_name)
        allowance = self.catalogue_fields
        if allowance is not None and catalogue > allowance:
            return ResultTooLarge(allowance, "integration catalogue fields", at_least=catalogue)
        return None

    def validate(
        self, schema: GraphQLSchema, prepared: Prepared, *, privileged: bool
    ) -> list[GraphQLError]:
        """Validation errors of an accepted document, for a caller who may introspect and see
        suggestions (``privileged``) or not; cached per document and kind of caller."""
        assert prepared.document is not None
        errors = prepared.validated.get(privileged)
        if errors is None:
            errors = validate(
                schema,
                prepared.document,
                self._rules[privileged, prepared.variables],
                max_errors=MAX_ERRORS,
                hide_suggestions=not privileged,
            )
            prepared.validated[privileged] = errors
        return list(errors)  # the caller's to change; the cached list stays as it is

    def _prepare(self, source: str) -> Prepared:
        try:
            scanned = check_source(source, self.limits)
            document = parse(source, max_tokens=self.limits.max_tokens)
            check_document(document, self.limits)
        except GraphQLError as err:
            return Prepared(None, err, len(source))
        weight = len(source) + AST_BYTES_PER_TOKEN * scanned.tokens
        floors, catalogue = self.floor.both(document) if self.floor is not None else ({}, {})
        return Prepared(
            document,
            None,
            weight,
            scanned.variables > 0,
            floors=floors,
            catalogue_floors=catalogue,
        )

    def _keep(self, source: str, entry: Prepared) -> None:
        self._entries[source] = entry
        self._weight += entry.weight
        while len(self._entries) > self.max_entries or (
            self._weight > self.max_cached_bytes and len(self._entries) > 1
        ):
            _, dropped = self._entries.popitem(last=False)
            self._weight -= dropped.weight


def may_introspect(context: object, viewer_introspection: bool) -> bool:
    """Whether the caller may introspect and see suggestions (see the module docstring)."""
    if not isinstance(context, Context):
        return True  # an internal call, not a request
    return context.role is Role.ADMIN or (
        context.role in (Role.VIEWER, Role.OPERATOR) and viewer_introspection
    )


def _placeholder(operation_name: str | None) -> DocumentNode:
    """A document of one empty query with the requested name: what Strawberry is given when a
    document is refused before (or instead of) parsing, so that it reports our error."""
    name = NameNode(value=operation_name) if operation_name else None
    operation = OperationDefinitionNode(
        operation=OperationType.QUERY,
        name=name,
        variable_definitions=(),
        directives=(),
        selection_set=SelectionSetNode(selections=()),
    )
    return DocumentNode(definitions=(operation,))


class DocumentGuard(SchemaExtension):
    """The schema extension: refuses anonymous callers and documents over the limits before
    parsing or validating them (and those whose response is certain to be over its limit
    before validating them), parses and validates through ``Documents``, and keeps
    suggestions from callers who may not introspect."""

    def __init__(
        self, documents: Documents, refusals: Refusals, *, viewer_introspection: bool
    ) -> None:
        self.documents = documents
        self.refusals = refusals
        self.viewer_introspection = viewer_introspection
        self._prepared: Prepared | None = None

    def on_operation(self) -> Iterator[None]:
        yield
        ctx = self.execution_context
        result = ctx.result
        if result is None or not result.errors:
            return
        if may_introspect(ctx.context, self.viewer_introspection):
            return
        result.errors = [_without_suggestions(error) for error in result.errors]

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        context = ctx.context
        refusal: GraphQLError | None = None
        if isinstance(context, Context) and context.role is None:
            refusal = PublicError(
                context.auth_error or "authentication required", context.auth_code
            )
        elif ctx.query:
            prepared = self.documents.prepare(ctx.query)
            refusal = prepared.refusal or self.documents.too_large(prepared, ctx.operation_name)
            if refusal is None:
                self._prepared = prepared
                ctx.graphql_document = prepared.document
        if refusal is not None:
            self.refusals.note(context, refusal)
            ctx.graphql_document = _placeholder(ctx.operation_name)
            ctx.pre_execution_errors = [refusal]
        yield

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.pre_execution_errors is None and self._prepared is not None:
            privileged = may_introspect(ctx.context, self.viewer_introspection)
            errors = self.documents.validate(
                ctx.schema._schema, self._prepared, privileged=privileged
            )
            for error in errors:
                code = (error.extensions or {}).get("code")
                if code in (QUERY_TOO_COMPLEX, "FORBIDDEN"):
                    self.refusals.note(ctx.context, error)
                    break
            ctx.pre_execution_errors = errors
        yield


def _without_suggestions(error: GraphQLError) -> GraphQLError:
    message = _SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


__all__ = ["DocumentGuard", "DocumentLimits", "DocumentTooComplex", "Documents"]
