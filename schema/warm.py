"""The warm path of a known dashboard document, one object per request.

A dashboard POSTs the same document every few seconds. The first time it executes cleanly,
its answer is kept by the response cache and the endpoint values it used are remembered;
when that answer has expired, the next identical request warms those values (starts their
upstream fetches) before Strawberry executes, and is kept again. ``Warmup`` is that request's
part in it: created by the endpoint, carried in the request's context to the resolvers (which
read the warmed App lookups and record what they use) and to ``process_result`` (which says
whether the answer may be kept)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode
from strawberry.types import ExecutionResult

from app.data import DataKey, LiveDataService, Lookup
from integrations.types import IntegrationData
from schema.response_cache import Key, is_dashboard_document


def _retrieved(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()  # reported by whoever awaits it, never as "never retrieved"


@dataclass
class Warmup:
    """One request for a document the response cache may keep (``key``)."""

    key: Key
    known: tuple[DataKey, ...] = ()
    """The values the document used when it last executed: what to warm (none: unknown)."""
    generation: object = None
    """What the cache depended on just before execution (a change during it is never
    masked)."""
    lookups: asyncio.Task[dict[str, Lookup]] | None = None
    """The App lookups made while warming, if this request was warmed."""
    used_data: list[IntegrationData] = field(default_factory=list)
    """Every endpoint value this request served (the cached answer expires with them)."""
    used_keys: dict[DataKey, None] = field(default_factory=dict)
    """The keys of those values, in order: what the next identical request warms."""
    dashboard: bool = False
    """The executed document is a dashboard's (``is_dashboard_document``)."""
    keep: bool = False
    """The answer may be kept: a dashboard document's, without errors."""

    async def warm(self, live: LiveDataService) -> None:
        """Warm the ``known`` values and wait until their fetches are on their way (the hub
        bounds this): before execution, not beside it, since walking the tree is milliseconds
        of CPU that would hold the requests back. A failure here (the database is down) is
        met again, and reported, where the request looks its Apps up."""
        if not self.known:
            return
        self.lookups = asyncio.get_running_loop().create_task(live.warm(self.known))
        self.lookups.add_done_callback(_retrieved)
        await asyncio.wait((self.lookups,))

    async def lookup(self, app_id: str) -> Lookup | None:
        """The App lookup made while warming, if there is one."""
        if self.lookups is None:
            return None
        try:
            return (await self.lookups).get(app_id)
        except Exception:  # the loader meets the same failure and reports it
            return None

    def used(self, key: DataKey, data: IntegrationData) -> None:
        self.used_data.append(data)
        self.used_keys[key] = None

    def executing(self, document: DocumentNode | None, operation_name: str | None) -> None:
        """Note whether the validated ``document`` about to execute is a dashboard's."""
        self.dashboard = document is not None and is_dashboard_document(document, operation_name)

    def answered(self, result: ExecutionResult) -> None:
        """Note whether ``result`` may be kept."""
        self.keep = self.dashboard and not result.errors and result.data is not None
