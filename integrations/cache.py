"""The endpoint data cache: entries, and the backend interface with its in-process default.

A key is ``(app_id, endpoint_id, config fingerprint)``: a changed config never serves data
fetched with the old one, even before the old entries are invalidated.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel

from integrations.errors import IntegrationError


@dataclass(frozen=True, slots=True)
class CacheKey:
    app_id: str
    endpoint_id: str
    fingerprint: str

    def __str__(self) -> str:
        return f"{self.app_id}/{self.endpoint_id}@{self.fingerprint}"


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """What the cache holds for one key: the last good value and the latest error, if any."""

    payload: BaseModel | None
    fetched_at: float | None
    """When ``payload`` was fetched (epoch seconds)."""
    expires_at: float
    """Until when this entry is served without asking the upstream."""
    error: IntegrationError | None = None
    good_until: float | None = None
    """Until when ``payload`` may still be served, flagged stale, while the upstream fails."""


class CacheBackend(Protocol):
    """Where entries live: in this process, or shared by several (see the Redis backend)."""

    async def get(self, key: CacheKey) -> CacheEntry | None: ...

    async def set(self, key: CacheKey, entry: CacheEntry) -> None: ...

    async def invalidate_app(self, app_id: str) -> None: ...

    async def clear(self) -> None: ...


class MemoryBackend:
    """An in-process LRU of at most ``max_entries`` entries."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[CacheKey, CacheEntry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    async def get(self, key: CacheKey) -> CacheEntry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    async def set(self, key: CacheKey, entry: CacheEntry) -> None:
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    async def invalidate_app(self, app_id: str) -> None:
        for key in [k for k in self._entries if k.app_id == app_id]:
            del self._entries[key]

    async def clear(self) -> None:
        self._entries.clear()
