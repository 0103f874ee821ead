"""A bound on the fields one request resolves: what the document limits cannot see.

A document's size says nothing of the lists it walks: 200 aliases of the integration catalogue
(35 KB, within every document limit) resolved 770,000 fields in 4.4 s and answered 18 MB.
Each request may resolve ``TILEWIRE_MAX_RESULT_FIELDS`` fields (about 5 microseconds each);
past that it is stopped with QUERY_TOO_COMPLEX and no data. A subscription's events are not
counted: each is one bounded payload.

Counting while resolving comes late for such a document: parsing and validating it cost
another 150 ms. So a parsed document is first measured against the schema for the fewest
fields its response can have (``ResultFloor``): where a list's length is known without asking
anyone (the integration catalogue's), the fields under it count once per item; everything
that may be empty, null or skipped counts nothing. A document whose floor is over the limit
is refused before validation, with the same error.

Introspection fields have an allowance of their own, ``INTROSPECTION_FIELDS``: GraphiQL's
introspection query resolves over 20,000 fields of this schema (94 integrations), and would not
fit a budget sized for dashboards; the allowance still stops ``__schema`` asked under many aliases.
So does the integration catalogue (``Query.integrations`` and ``Query.integration``, and every
field under them): its size grows with the integrations registered (every config form of 84
integrations is about 10,600 fields), so its allowance is ``CATALOGUE_FIELDS_PER_INTEGRATION``
per integration registered, a little over twice the whole catalogue with its forms, and still
stops the catalogue asked under many aliases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
)
from strawberry.extensions import SchemaExtension

from schema.document_limits import QUERY_TOO_COMPLEX, dependency_order
from schema.errors import PublicError

ListSizes = Mapping[tuple[str, str], int]
"""Items a list field returns when asked without arguments, by (type name, field name), for
the lists whose length the schema knows without asking anyone."""

INTROSPECTION_FIELDS = 60_000
"""Fields of ``__schema`` / ``__type`` one request may resolve: about three times GraphiQL's
query, which grows with every payload type (a test fails, naming this, when the schema
outgrows half of it)."""


CATALOGUE_ROOTS = frozenset({"integrations", "integration"})
"""The ``Query`` fields whose results count against the catalogue's allowance."""
CATALOGUE_FIELDS_PER_INTEGRATION = 300
"""Catalogue fields one request may resolve, per integration registered: the whole catalogue
with every config form resolves about 126 per integration (a test fails, naming this, when it
outgrows half of the allowance)."""


def catalogue_allowance(integrations: int) -> int:
    return max(CATALOGUE_FIELDS_PER_INTEGRATION * integrations, 1_000)


class ResultTooLarge(PublicError):
    def __init__(self, limit: int, what: str, at_least: int | None = None) -> None:
        size = f"at least {at_least}" if at_least is not None else f"more than {limit}"
        super().__init__(
            f"the response would have {size} {what}; at most {limit} are allowed: "
            "select fewer fields, or fewer aliases of lists",
            QUERY_TOO_COMPLEX,
        )


def _unconditional(selection: SelectionNode) -> bool:
    """Without ``@skip`` or ``@include``, which may leave it out."""
    return not any(d.name.value in ("skip", "include") for d in selection.directives or ())


class ResultFloor:
    """The fewest fields each operation of a document resolves, as ``ResultBudget`` counts
    them. Linear in the size of the document: each fragment is measured once, on its own
    type. A field the schema does not have counts nothing (validation reports it)."""

    def __init__(self, schema: GraphQLSchema, sizes: Callable[[], ListSizes]) -> None:
        self.schema = schema
        self.sizes = sizes

    def of(self, document: DocumentNode) -> dict[str | None, int]:
        """The floor of each operation, by name (None for an anonymous one); subscriptions
        count nothing. The catalogue's root fields count apart (``catalogue_of``)."""
        return self.both(document)[0]

    def both(self, document: DocumentNode) -> tuple[dict[str | None, int], dict[str | None, int]]:
        """The floors of each operation outside the catalogue, and of its catalogue fields."""
        floor = _Floor(self.schema, self.sizes(), document)
        return floor.operations(), floor.catalogue


class _Floor:
    def __init__(self, schema: GraphQLSchema, sizes: ListSizes, document: DocumentNode) -> None:
        self.schema = schema
        self.sizes = sizes
        self.document = document
        self.fragments: dict[str, FragmentDefinitionNode] = {}
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                self.fragments.setdefault(definition.name.value, definition)
        self.measured: dict[str, tuple[str, int]] = {}
        """Fragment name: (its type, its floor); a spread in a cycle finds nothing."""
        self.catalogue: dict[str | None, int] = {}
        """Each operation's floor of the catalogue's root fields (counted apart)."""

    def operations(self) -> dict[str | None, int]:
        for name in dependency_order(self.fragments):
            fragment = self.fragments[name]
            on = self.schema.get_type(fragment.type_condition.name.value)
            if on is not None:
                self.measured[name] = (on.name, self._selection_set(fragment.selection_set, on))
        floors: dict[str | None, int] = {}
        for definition in self.document.definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            root = self.schema.get_root_type(definition.operation)
            counted = root is not None and definition.operation is not OperationType.SUBSCRIPTION
            operation = definition.name.value if definition.name else None
            floors[operation], self.catalogue[operation] = (
                self._root(definition.selection_set, root) if counted else (0, 0)
            )
        return floors

    def _root(self, selection_set: SelectionSetNode, root: Any) -> tuple[int, int]:
        """An operation's floor outside the catalogue, and of the catalogue's root fields."""
        catalogue = [
            s
            for s in selection_set.selections
            if isinstance(s, FieldNode) and s.name.value in CATALOGUE_ROOTS and _unconditional(s)
        ]
        rest = [s for s in selection_set.selections if s not in catalogue]
        outside = self._selection_set(
            SelectionSetNode(selections=tuple(rest), loc=selection_set.loc), root
        )
        return outside, sum(self._field(node, root) for node in catalogue)

    def _selection_set(self, selection_set: SelectionSetNode, parent: Any) -> int:
        total = 0
        for selection in selection_set.selections:
            if not _unconditional(selection):
                continue
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or condition.name.value == parent.name:
                    total += self._selection_set(selection.selection_set, parent)
            elif isinstance(selection, FragmentSpreadNode):
                on, floor = self.measured.get(selection.name.value, ("", 0))
                total += floor if on == parent.name else 0
        return total

    def _field(self, node: FieldNode, parent: GraphQLNamedType) -> int:
        """1 for the field, and what its selections resolve for certain: under a non-null
        object once, under a non-null list of non-null objects once per item known."""
        name = node.name.value
        if name.startswith("__") or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType
        ):
            return 0  # introspection has an allowance of its own
        definition = parent.fields.get(name)
        if definition is None:
            return 0
        kind = definition.type
        if node.selection_set is None or not isinstance(kind, GraphQLNonNull):
            return 1
        items, kind = 1, kind.of_type
        if isinstance(kind, GraphQLList):
            items = 0 if node.arguments else self.sizes.get((parent.name, name), 0)
            if not isinstance(kind.of_type, GraphQLNonNull):
                return 1
            kind = kind.of_type.of_type
        if items == 0 or not isinstance(kind, GraphQLNamedType):
            return 1
        return 1 + items * self._selection_set(node.selection_set, kind)


class ResultBudget(SchemaExtension):
    """Counts resolved fields; past the limit every further field fails at once, so the
    non-null fields above it end the response within a few steps."""

    def __init__(
        self,
        max_fields: int,
        introspection_fields: int | None = None,
        catalogue_fields: int | None = None,
    ) -> None:
        self.max_fields = max_fields
        self.remaining = max_fields
        self.introspection_fields = introspection_fields or INTROSPECTION_FIELDS
        self.introspection_remaining = self.introspection_fields
        self.catalogue_fields = catalogue_fields or catalogue_allowance(0)
        self.catalogue_remaining = self.catalogue_fields
        self.catalogue_keys: set[str] = set()
        """The response keys (aliases) of the catalogue's root fields in this request."""
        self.exceeded: ResultTooLarge | None = None

    def _in_catalogue(self, info: GraphQLResolveInfo[Any]) -> bool:
        path = info.path
        if path.prev is None:
            if info.field_name in CATALOGUE_ROOTS and info.parent_type is info.schema.query_type:
                self.catalogue_keys.add(str(path.key))
                return True
            return False
        if not self.catalogue_keys:
            return False
        while path.prev is not None:
            path = path.prev
        return str(path.key) in self.catalogue_keys

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
            elif self._in_catalogue(info):
                self.catalogue_remaining -= 1
                if self.catalogue_remaining < 0:
                    self._exceed(self.catalogue_fields, "integration catalogue fields")
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
