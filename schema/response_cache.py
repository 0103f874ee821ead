"""Whole-response cache for dashboard documents.

A dashboard sends the same document (``widgets { data { ... } }``, or one ``integrationData``
alias per widget) every few seconds. Executing it touches thousands of fields while every one
of its values comes from the endpoint cache, so the executed result is kept and served again
until the first of the values it contains expires, or any App or widget changes. Only
documents made of ``integrationData`` and ``widgets`` root fields, without errors, with at least
one live value, are kept.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graphql import DocumentNode, FieldNode, OperationDefinitionNode, OperationType

from integrations.cache import ERROR_TTL
from integrations.types import IntegrationData

CACHEABLE_ROOT_FIELDS = frozenset({"integrationData", "widgets", "__typename"})
"""Root fields whose answer depends only on Apps, widgets and live values: what the response
cache's generation and expiry follow."""

Key = tuple[bytes, str]
"""(request body, role)"""


@dataclass(frozen=True, slots=True)
class CachedResponse:
    body: bytes
    generation: object
    valid_until: float


def is_dashboard_document(document: DocumentNode, operation_name: str | None) -> bool:
    """A query whose root selections are all ``integrationData`` or ``widgets`` fields
    (aliases allowed)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return False
    if len(document.definitions) != 1:
        return False  # fragments could select anything
    selections = operations[0].selection_set.selections
    return all(
        isinstance(s, FieldNode) and s.name.value in CACHEABLE_ROOT_FIELDS and not s.directives
        for s in selections
    )


class ResponseCache:
    def __init__(self, *, max_entries: int = 256, clock: Callable[[], float] = time.time) -> None:
        self._entries: OrderedDict[Key, CachedResponse] = OrderedDict()
        self.max_entries = max_entries
        self.clock = clock

    def get(self, key: Key, generation: object) -> bytes | None:
        """The cached body if it was made at ``generation`` and nothing in it expired."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.generation != generation or entry.valid_until <= self.clock():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry.body

    def put(
        self, key: Key, body: bytes, used: Sequence[IntegrationData], generation: object
    ) -> None:
        """Keep the response ``body`` until the first value in ``used`` expires.

        ``generation`` is the one from before execution: a change during it is never masked."""
        if not used:
            return
        now = self.clock()
        valid_until = min(
            d.expires_at.timestamp() if d.expires_at is not None else now + ERROR_TTL for d in used
        )
        if valid_until <= now:
            return
        self._entries[key] = CachedResponse(body, generation, valid_until)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
