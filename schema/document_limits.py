"""What an incoming GraphQL document may cost, measured before the expensive steps run.

graphql-core parses in pure Python (5 to 8 microseconds a token) and several of its validation
rules walk a fragment again at every spread of it; OverlappingFieldsCanBeMerged compares fields
pairwise. A document is therefore refused with ``QUERY_TOO_COMPLEX`` as soon as a cheap measure
shows it is too big, in three steps, each linear in the size of the document:

1. before parsing, reading the text token by token (a regular expression, about ten times
   cheaper than the parser, that stops at the first limit crossed): its length, tokens,
   selections, aliases, fields written in one selection set, nesting, and the items of the
   lists and objects written in its arguments;
2. after parsing, before any validation rule: the depth, the aliases and the number of
   selections the document expands to, each fragment measured once however often it is spread;
3. during validation: the field comparisons of OverlappingFieldsCanBeMerged, metered by a
   budget (graphql-core's own meter, set far lower than its default).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any, NamedTuple

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
)
from graphql.validation import OverlappingFieldsCanBeMergedRule
from graphql.validation.validate import ValidationAbortedError

from schema.errors import PublicError

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"

MAX_DOCUMENT_LENGTH = 128 * 1024
"""Characters of a document (a 50-widget dashboard is about 16,000). Lexing a long string or
comment costs about 0.15 microseconds a character, so this bounds what the token limit cannot."""

NESTING_ALLOWANCE = 32
"""Selection sets that may nest beyond the depth limit: inline fragments open one without a
field, and introspection fields are not counted in the depth (GraphiQL's query nests 14)."""

MAX_WIDTH = 500
"""Fields (and spreads) written in one selection set. A dashboard's root set has one aliased
field per widget, and aliases are limited to 200; the same field written thousands of times is
what makes graphql-core's OverlappingFieldsCanBeMerged quadratic."""

MAX_LITERAL_ITEMS = 1_000
"""List items and input object fields written in a document's arguments, all together. A
dashboard writes none (its arguments are single values), an App created with its config
written inline a few dozen. Values cost graphql-core more than selections: 5,000 list items
took 120 ms to parse and validate, an object of 3,300 fields 170 ms, and a value of the wrong
type is repeated whole in the error message. Large values go in variables (JSON, parsed
natively)."""

OVERLAP_BUDGET = 10_000
"""Units of graphql-core's OverlappingFieldsCanBeMerged meter (a field comparison costs two):
about 5 ms. The 50-widget dashboard of bench/dashboard.py spends none (each widget has an alias
of its own); graphql-core's default (500,000) lets one document hold a worker for a second."""

_TOKEN = re.compile(
    r"""[\ufeff\t\n\r ,]*+
    ( \#[^\n\r]*+                                 # a comment (graphql-core counts it too)
    | \"\"\"(?:\\\"\"\"|[^"\\]|\\|"(?!""))*+\"\"\"  # a block string
    | "(?:[^"\\\n\r]|\\.)*+"                      # a string
    | [_A-Za-z][_0-9A-Za-z]*+                     # a name
    | -?[0-9]++(?:\.[0-9]++)?+(?:[eE][+-]?[0-9]++)?+  # a number
    | \.\.\.                                      # a spread
    | [^\ufeff\t\n\r ,]                           # a punctuator, or a character in error
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class DocumentLimits:
    """The bounds of one request's document (the ``TILEWIRE_MAX_*`` settings; the others are
    fixed) and of its response (``max_result_fields``, see schema.result_budget)."""

    max_tokens: int = 10_000
    max_depth: int = 12
    max_aliases: int = 200
    max_selections: int = 5_000
    max_result_fields: int = 10_000
    max_width: int = MAX_WIDTH
    max_length: int = MAX_DOCUMENT_LENGTH
    max_literal_items: int = MAX_LITERAL_ITEMS
    overlap_budget: int = OVERLAP_BUDGET


class DocumentTooComplex(PublicError):
    """A document over one of the limits; the message names the limit and the measure."""

    def __init__(self, message: str) -> None:
        super().__init__(message, QUERY_TOO_COMPLEX)


def count_tokens(source: str, limit: int) -> int:
    """The number of lexical tokens in ``source``, counting no further than ``limit + 1``."""
    return sum(1 for _ in islice(_TOKEN.finditer(source), limit + 1))


class Scanned(NamedTuple):
    """What reading a document's text found."""

    tokens: int
    variables: int
    """``$`` tokens: without any, the rules about variables have nothing to check."""


def check_source(source: str, limits: DocumentLimits) -> Scanned:
    """Refuse, before parsing, a document too long, with too many tokens, or whose text alone
    shows more selections or aliases than allowed, too many fields in one selection set,
    selection sets nested too deeply, or too many list items and object fields in arguments.

    The text is read token by token (about 0.5 microseconds a token, against the parser's 5 to
    8): a selection is a field name or a ``...`` where a selection set is open and no argument
    list is; ``name:`` there is an alias. Counted before fragments are expanded, so a document
    refused here would be refused after parsing too. Within an argument list, ``[`` and ``{``
    open a list and an object value: each value in a list is an item, each ``name:`` in an
    object a field."""
    if len(source) > limits.max_length:
        raise DocumentTooComplex(
            f"the document is {len(source)} characters long; "
            f"at most {limits.max_length} are allowed"
        )
    tokens = selections = aliases = parens = variables = items = 0
    max_nesting = limits.max_depth + NESTING_ALLOWANCE
    widths: list[int] = []  # fields so far in each open selection set
    values: list[str] = []  # the list and object values open in an argument list
    before = previous = ""
    for tokens, match in enumerate(_TOKEN.finditer(source), start=1):
        if tokens > limits.max_tokens:
            raise DocumentTooComplex(
                f"the document has more than {limits.max_tokens} tokens; "
                f"at most {limits.max_tokens} are allowed (TILEWIRE_MAX_TOKENS)"
            )
        token = match.group(1)
        if token == "(":
            parens += 1
        elif token == "$":
            variables += 1
        elif token == ")":
            parens = max(0, parens - 1)
            if not parens:
                values.clear()  # unbalanced: the parser reports it
        elif parens:  # arguments, variable definitions: values, not selections
            if values and (token == ":" if values[-1] == "{" else token not in ("]", "}", "!")):
                items += 1  # a field of an object, an item of a list (a nested value too)
                if items > limits.max_literal_items:
                    raise DocumentTooComplex(
                        "the document's arguments hold more than "
                        f"{limits.max_literal_items} list items and input object fields; at "
                        f"most {limits.max_literal_items} are allowed (a fixed limit): send "
                        "large values as variables"
                    )
            if token in ("[", "{"):
                values.append(token)
            elif token in ("]", "}") and values:
                values.pop()
        elif token == "{":
            widths.append(0)
            if len(widths) > max_nesting:
                raise DocumentTooComplex(
                    f"the document nests selection sets more than {max_nesting} deep; the "
                    f"maximum depth is {limits.max_depth} (TILEWIRE_MAX_QUERY_DEPTH)"
                )
        elif token == "}":
            if widths:
                widths.pop()
        elif widths and (token == "..." or _is_field_name(token, previous, before)):
            selections += 1
            widths[-1] += 1
            if selections > limits.max_selections:
                raise DocumentTooComplex(
                    f"the document has more than {limits.max_selections} selections; at most "
                    f"{limits.max_selections} are allowed (TILEWIRE_MAX_SELECTIONS)"
                )
            if widths[-1] > limits.max_width:
                raise DocumentTooComplex(
                    f"a selection set of the document has more than {limits.max_width} "
                    "fields; select each field once, or split the document"
                )
        elif widths and token == ":":  # the name before was an alias, not a field
            selections -= 1
            widths[-1] -= 1
            aliases += 1
            if aliases > limits.max_aliases:
                raise DocumentTooComplex(
                    f"the document uses more than {limits.max_aliases} aliases; at most "
                    f"{limits.max_aliases} are allowed (TILEWIRE_MAX_ALIASES)"
                )
        before, previous = previous, token
    return Scanned(tokens, variables)


def _is_field_name(token: str, previous: str, before: str) -> bool:
    """Whether a token inside a selection set names a field (or an alias), rather than a
    fragment (``...Name``), a type condition (``... on Type``) or a directive (``@name``)."""
    if not (token[0].isalpha() or token[0] == "_"):
        return False
    if previous in ("...", "@"):
        return False
    return not (previous == "on" and before == "...")


@dataclass(frozen=True, slots=True)
class Measure:
    """A selection set with every fragment in it expanded."""

    selections: int = 0
    """Fields, fragment spreads and inline fragments."""
    aliases: int = 0
    depth: int = 0
    """Nested fields with selections below them, as Strawberry's depth limiter counts:
    ``{ apps { id } }`` is 1 deep; introspection fields (``__schema``, ...) are not counted,
    MaxIntrospectionDepthRule bounds them."""


_EMPTY = Measure()


class _Measurer:
    """Measures every definition of a document, each fragment once (memoised by name)."""

    def __init__(self, document: DocumentNode, limits: DocumentLimits) -> None:
        self.limits = limits
        self.fragments: dict[str, FragmentDefinitionNode] = {}
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                self.fragments.setdefault(definition.name.value, definition)
        self.measures: dict[str, Measure] = {}

    def run(self, document: DocumentNode) -> None:
        for name in dependency_order(self.fragments):
            measure = self._selection_set(self.fragments[name].selection_set)
            self._check(measure, f"fragment '{name}'")
            self.measures[name] = measure
        total = _EMPTY
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                measure = self._selection_set(definition.selection_set)
                name = definition.name.value if definition.name else "anonymous"
                self._check(measure, f"operation '{name}'")
                total = Measure(
                    total.selections + measure.selections,
                    total.aliases + measure.aliases,
                    max(total.depth, measure.depth),
                )
        self._check(total, "the document")

    def _check(self, measure: Measure, what: str) -> None:
        limits = self.limits
        if measure.depth > limits.max_depth:
            raise DocumentTooComplex(
                f"{what} is {measure.depth} fields deep; the maximum depth is "
                f"{limits.max_depth} (TILEWIRE_MAX_QUERY_DEPTH)"
            )
        if measure.aliases > limits.max_aliases:
            raise DocumentTooComplex(
                f"{what} uses {measure.aliases} aliases (fragments counted at every spread); "
                f"at most {limits.max_aliases} are allowed (TILEWIRE_MAX_ALIASES)"
            )
        if measure.selections > limits.max_selections:
            raise DocumentTooComplex(
                f"{what} expands to {measure.selections} selections (fragments counted at "
                f"every spread); at most {limits.max_selections} are allowed "
                "(TILEWIRE_MAX_SELECTIONS)"
            )

    def _selection_set(self, selection_set: SelectionSetNode | None) -> Measure:
        """Recursive over nested selection sets only (the parser bounds their nesting far
        below the interpreter's recursion limit); spreads are looked up, never walked."""
        if selection_set is None:
            return _EMPTY
        selections = aliases = depth = 0
        for selection in selection_set.selections:
            selections += 1
            if isinstance(selection, FieldNode):
                if selection.alias is not None:
                    aliases += 1
                if selection.selection_set is not None:
                    inner = self._selection_set(selection.selection_set)
                    selections += inner.selections
                    aliases += inner.aliases
                    if not selection.name.value.startswith("__"):
                        depth = max(depth, inner.depth + 1)
            elif isinstance(selection, InlineFragmentNode):
                inner = self._selection_set(selection.selection_set)
                selections += inner.selections
                aliases += inner.aliases
                depth = max(depth, inner.depth)
            elif isinstance(selection, FragmentSpreadNode):
                inner = self.measures.get(selection.name.value, _EMPTY)
                selections += inner.selections
                aliases += inner.aliases
                depth = max(depth, inner.depth)
            if selections > self.limits.max_selections:
                break  # already too many: the caller reports it, without walking the rest
        return Measure(selections, aliases, depth)


def dependency_order(fragments: Mapping[str, FragmentDefinitionNode]) -> list[str]:
    """Fragment names, each after the fragments it spreads (a cycle, which validation reports,
    is cut where it closes). Iterative: a chain of spreads can be long."""
    order: list[str] = []
    state: dict[str, bool] = {}  # False: being visited, True: done
    for root in fragments:
        if root in state:
            continue
        state[root] = False
        stack = [(root, iter(_spreads(fragments[root].selection_set)))]
        while stack:
            name, pending = stack[-1]
            child = next((c for c in pending if c in fragments and c not in state), None)
            if child is None:
                stack.pop()
                state[name] = True
                order.append(name)
                continue
            state[child] = False
            stack.append((child, iter(_spreads(fragments[child].selection_set))))
    return order


def _spreads(selection_set: SelectionSetNode | None) -> list[str]:
    """Names of the fragments spread anywhere in a selection set (not through them)."""
    names: list[str] = []
    pending = [selection_set] if selection_set is not None else []
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                names.append(selection.name.value)
            elif (
                isinstance(selection, FieldNode | InlineFragmentNode)
                and selection.selection_set is not None
            ):
                pending.append(selection.selection_set)
    return names


def check_document(document: DocumentNode, limits: DocumentLimits) -> None:
    """Refuse a parsed document whose depth, aliases or expanded selections are over the
    limits, in time linear in its size (every fragment and operation measured, so an unused
    fragment, which validation would walk too, counts)."""
    try:
        _Measurer(document, limits).run(document)
    except RecursionError:
        raise DocumentTooComplex("the document is nested too deeply") from None


class OverlapBudgetExceeded(ValidationAbortedError):
    """graphql-core appends a ValidationAbortedError raised by a rule as the error itself."""

    def __init__(self) -> None:
        super().__init__(
            "the document has too many fields of the same name in one selection set to "
            "check that they can be merged; use aliases, or select each field once",
            extensions={"code": QUERY_TOO_COMPLEX},
        )


def budgeted_overlap_rule(budget: int) -> type[OverlappingFieldsCanBeMergedRule]:
    """graphql-core's OverlappingFieldsCanBeMerged with ``budget`` units of work instead of its
    default 500,000, its abort reported as QUERY_TOO_COMPLEX."""

    class BudgetedOverlappingFieldsRule(OverlappingFieldsCanBeMergedRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.rule_context.remaining_complexity_budget = budget

        def enter_selection_set(self, *args: Any) -> None:
            try:
                super().enter_selection_set(*args)
            except ValidationAbortedError:
                raise OverlapBudgetExceeded from None

    return BudgetedOverlappingFieldsRule
