"""The endpoint data cache: entries, and the backend interface with its in-process default.

A key is ``(app_id, endpoint_id, config fingerprint)``: a changed config never serves data
fetched with the old one, even before the old entries are invalidated.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Protocol

import orjson
from pydantic import BaseModel

from integrations.errors import CertificateInfo, ErrorCode, IntegrationError

ERROR_TTL = 5.0
"""Longest time a failure is served from the cache before the upstream is asked again."""

APP_CHANGES = "generation"
"""The name of the cluster-wide counter of App changes, which a shared backend bumps when it
drops an App's values (``invalidate_app``)."""


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
    """Where entries live: in this process, or shared by several (see the Redis backend,
    which is also their ``Coordinator``)."""

    async def get(self, key: CacheKey) -> CacheEntry | None: ...

    async def set(self, key: CacheKey, entry: CacheEntry) -> None: ...

    async def invalidate_app(self, app_id: str) -> None: ...

    async def clear(self) -> None: ...


EventHandler = Callable[[str, dict[str, Any]], None]
"""Receives another process's event: its kind (``stored``, ``invalidate``, ...) and data."""


class RecentStore(Protocol):
    """A list of recent values shared by the processes (``Coordinator.remember``)."""

    async def remember(self, name: str, value: bytes, keep: int, ttl: float) -> list[bytes] | None:
        """Add ``value``, keep the newest ``keep`` for ``ttl`` seconds, return them newest
        first; None while unreachable."""


class Coordinator(Protocol):
    """How the processes serving one dashboard work together beside their shared cache:
    leased locks (one fetch and one poller per key in the whole cluster), events (a value was
    stored, an App changed), the cluster's change counters and the polling intervals its
    subscribers ask for. Redis provides it
    (``integrations.shared.RedisBackend``); a process serving alone has none."""

    def on_event(self, handler: EventHandler) -> None: ...

    def start(self) -> None:
        """Begin receiving other processes' events."""

    async def aclose(self) -> None: ...

    async def acquire(self, name: str, lease: float) -> str | None:
        """A token if this process now holds ``name`` for ``lease`` seconds, else None."""

    async def renew(self, name: str, token: str, lease: float) -> bool: ...

    async def release(self, name: str, token: str) -> None: ...

    async def announce(self, key: CacheKey, entry: CacheEntry) -> None:
        """Tell every other process that ``entry`` was stored under ``key``."""

    def decode(self, raw: str) -> CacheEntry:
        """An entry as ``announce`` sent it."""

    async def publish(self, kind: str, data: dict[str, Any]) -> None:
        """Tell every other process that ``kind`` happened (their ``on_event`` handlers)."""

    async def generation(self) -> int | None:
        """The cluster's App-change counter, None while it cannot be read."""

    async def counters(self, *names: str) -> tuple[int, ...] | None:
        """The cluster's change counters ``names``, read at once; None while unreadable."""

    async def bump(self, name: str) -> None:
        """Count a change in the cluster-wide counter ``name``."""

    async def record_interval(self, name: str, interval: float | None, ttl: float) -> None:
        """Record for ``ttl`` seconds the polling interval this process's subscribers of
        ``name`` ask for; None withdraws it."""

    async def smallest_interval(self, name: str) -> float | None:
        """The smallest polling interval any process records for ``name``."""

    async def remember(self, name: str, value: bytes, keep: int, ttl: float) -> list[bytes] | None:
        """Add ``value`` to the cluster's list ``name``, keep its newest ``keep`` values for
        ``ttl`` seconds after the last one, and return them newest first; None while the list
        cannot be reached (the caller then keeps its own)."""

    async def ping(self) -> bool: ...

    def status(self) -> str:
        """Where values are cached, for a person (a readiness check)."""


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


# --- serialisation, for backends shared by several processes --------------------------------


def _error_dict(err: IntegrationError) -> dict[str, Any]:
    cert: dict[str, Any] | None = None
    if err.certificate is not None:
        cert = asdict(err.certificate)
        cert["not_before"] = err.certificate.not_before.isoformat()
        cert["not_after"] = err.certificate.not_after.isoformat()
    return {
        "code": err.code.value,
        "message": err.message,
        "status": err.status,
        "url": err.url,
        "certificate": cert,
    }


def _error_of(data: dict[str, Any]) -> IntegrationError:
    cert = data.get("certificate")
    info = None
    if cert is not None:
        info = CertificateInfo(
            subject=cert["subject"],
            issuer=cert["issuer"],
            not_before=datetime.fromisoformat(cert["not_before"]),
            not_after=datetime.fromisoformat(cert["not_after"]),
            sha256=cert["sha256"],
        )
    err = IntegrationError(
        ErrorCode(data["code"]), data["message"], status=data.get("status"), certificate=info
    )
    err.url = data.get("url")
    return err


def encode_entry(entry: CacheEntry) -> bytes:
    payload = entry.payload
    return orjson.dumps(
        {
            "type": type(payload).__name__ if payload is not None else None,
            "payload": payload.model_dump(mode="json") if payload is not None else None,
            "fetched_at": entry.fetched_at,
            "expires_at": entry.expires_at,
            "good_until": entry.good_until,
            "error": _error_dict(entry.error) if entry.error is not None else None,
        }
    )


def decode_entry(data: bytes | str, payload_model: Callable[[str], type[BaseModel]]) -> CacheEntry:
    raw = orjson.loads(data)
    payload = None
    if raw["type"] is not None:
        payload = payload_model(raw["type"]).model_validate(raw["payload"])
    return CacheEntry(
        payload=payload,
        fetched_at=raw["fetched_at"],
        expires_at=raw["expires_at"],
        error=_error_of(raw["error"]) if raw["error"] is not None else None,
        good_until=raw["good_until"],
    )
