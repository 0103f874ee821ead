"""API keys: long-lived credentials for programs, ``tw_<prefix>_<secret>``, sent as
``Authorization: Bearer <key>`` beside JWTs.

A key is shown once, when created; only the SHA-256 of its secret is stored (the secret is 32
random bytes, so a fast hash is as good as a slow one) and compared in constant time, the
prefix finding the row. A key's grant is kept in this process and checked against the
database again at most every ``RECHECK`` seconds, so a request costs a dictionary lookup.
Revoking deletes the row, forgets the grant here at once, and tells the other processes over
the Redis events channel (when there is one); a process that misses the event finds out at
its next check. WebSockets opened with the key are closed (``watch``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import logging
import math
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from app import db
from app.auth import AuthError, Grant, Role, Via
from app.errors import FieldErrorCode, InvalidInput, NotFound
from app.models import ApiKey, is_record_id

logger = logging.getLogger(__name__)

SCHEME = "tw"
PREFIX_BYTES = 6
"""The prefix is 12 hex digits: it finds the row and may be shown (it is not the secret)."""
SECRET_BYTES = 32
MAX_KEY_LENGTH = 128
MAX_NAME_LENGTH = 64
MAX_KEYS = 1000
RECHECK = 5.0
"""Seconds a key's grant is used before the database is asked again: how late, at most, a
process that missed the revocation event refuses the key."""
TOUCH_EVERY = 60.0
"""``lastUsedAt`` is written at most this often per key (not on every request)."""
REVOKED_EVENT = "api_key_revoked"
REVOKED = "the API key was revoked"
INVALID = "the API key is not valid (unknown or revoked)"
UNCHECKED = "the API key cannot be checked: the database is unreachable"

Clock = Callable[[], float]
Revoked = Callable[[str], None]
"""Called with the key's id when it is revoked (in this process or another)."""


class EventBus(Protocol):
    """The processes' shared events channel (``integrations.shared.RedisBackend``)."""

    def on_event(self, handler: Callable[[str, dict[str, Any]], None]) -> None: ...

    async def publish(self, kind: str, data: dict[str, Any]) -> None: ...


@dataclass(frozen=True, slots=True)
class NewKey:
    record: ApiKey
    key: str
    """The whole key: returned once, never stored, never logged."""


@dataclass(slots=True)
class _Known:
    grant: Grant
    key_id: str
    checked_at: float
    touched_at: float


def is_api_key(credential: str) -> bool:
    """Whether a bearer credential is meant as an API key (else it is a JWT)."""
    return credential.startswith(f"{SCHEME}_")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _parts(key: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed key, else None."""
    if len(key) > MAX_KEY_LENGTH:
        return None
    scheme, _, rest = key.partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != SCHEME or len(prefix) != 2 * PREFIX_BYTES or not secret:
        return None
    if any(c not in "0123456789abcdef" for c in prefix):
        return None
    return prefix, secret


def valid_name(name: str) -> str:
    """The name, stripped; InvalidInput naming the ``name`` field if it is not acceptable."""
    name = name.strip()
    if not name:
        raise InvalidInput.one(None, FieldErrorCode.MISSING, "name must not be empty", "name")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput.one(
            None,
            FieldErrorCode.TOO_LONG,
            f"name must be at most {MAX_NAME_LENGTH} characters",
            "name",
        )
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise InvalidInput.one(
            None,
            FieldErrorCode.INVALID_CHARACTERS,
            "name must not contain control characters",
            "name",
        )
    return name


class ApiKeyService:
    """Create, list and revoke API keys, and tell what a presented key grants."""

    def __init__(self, events: EventBus | None = None, clock: Clock = time.time) -> None:
        self._events = events
        self.clock = clock
        self._known: dict[str, _Known] = {}
        """SHA-256 of a whole presented key -> its grant, for keys found valid."""
        self._revocations = 0
        self._watchers: dict[str, dict[int, Revoked]] = {}
        self._watch_ids = itertools.count()
        self._sweeper: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        if events is not None:
            events.on_event(self._on_event)

    # --- administration --------------------------------------------------------------------

    async def create(self, name: str, role: Role) -> NewKey:
        name = valid_name(name)
        if await ApiKey.filter(name=name).exists():
            raise self._taken(name)
        if await ApiKey.all().count() >= MAX_KEYS:
            raise InvalidInput.one(
                None,
                FieldErrorCode.TOO_MANY,
                f"there are {MAX_KEYS} API keys already; revoke some first",
                "name",
            )
        for _ in range(3):
            prefix = secrets.token_hex(PREFIX_BYTES)
            secret = secrets.token_urlsafe(SECRET_BYTES)
            try:
                record = await ApiKey.create(
                    name=name, role=role, prefix=prefix, secret_hash=_digest(secret)
                )
            except IntegrityError:
                if await ApiKey.filter(name=name).exists():
                    raise self._taken(name) from None
                continue  # the prefix was drawn before: draw again
            logger.info("created API key %s %r (%s)", prefix, name, role.value)
            return NewKey(record, f"{SCHEME}_{prefix}_{secret}")
        raise RuntimeError("could not draw an unused API key prefix")

    @staticmethod
    def _taken(name: str) -> InvalidInput:
        return InvalidInput.one(
            None,
            FieldErrorCode.TAKEN,
            f"an API key named {name!r} exists; revoke it or choose another name",
            "name",
        )

    async def list(self) -> list[ApiKey]:
        return await ApiKey.all()

    async def revoke(self, key_id: str) -> str:
        """Delete the key; from now on it grants nothing, here and (through the events
        channel, or their next check) in the other processes."""
        if not is_record_id(key_id):
            raise InvalidInput.one(None, FieldErrorCode.NOT_FOUND, "no API key with that id", "id")
        record = await ApiKey.get_or_none(id=key_id)
        if record is None:
            raise NotFound(None, "API key", key_id, "id")
        await record.delete()
        self._forget(key_id)
        if self._events is not None:
            await self._events.publish(REVOKED_EVENT, {"key_id": key_id})
        logger.info("revoked API key %s %r", record.prefix, record.name)
        return key_id

    async def exists(self, key_id: str) -> bool:
        return await ApiKey.filter(id=key_id).exists()

    # --- signing in ------------------------------------------------------------------------

    async def grant(self, key: str) -> Grant:
        """What ``key`` grants; AuthError if it is unknown, malformed or revoked."""
        digest = hashlib.sha256(key.encode()).hexdigest()
        now = self.clock()
        known = self._known.get(digest)
        if known is None or now - known.checked_at >= RECHECK:
            known = await self._check(key, digest, known, now)
        if now - known.touched_at >= TOUCH_EVERY:
            known.touched_at = now
            self._spawn(self._touch(known.key_id, now))
        return known.grant

    async def _check(self, key: str, digest: str, known: _Known | None, now: float) -> _Known:
        revocations = self._revocations
        try:
            record = await self._lookup(key)
        except Exception as err:
            if not db.unavailable(err):
                raise
            if known is None:
                raise AuthError(UNCHECKED, "DATABASE_UNAVAILABLE") from None
            return known  # valid when last checked, and revoking needs the database too
        if record is None:
            self._known.pop(digest, None)
            raise AuthError(INVALID)
        grant = Grant(record.role, None, record.name, Via.API_KEY, record.id)
        checked = _Known(grant, record.id, now, known.touched_at if known else -math.inf)
        if revocations == self._revocations:  # else it may have been revoked meanwhile
            self._known[digest] = checked
        return checked

    @staticmethod
    async def _lookup(key: str) -> ApiKey | None:
        parts = _parts(key)
        if parts is None:
            return None
        prefix, secret = parts
        record = await ApiKey.get_or_none(prefix=prefix)
        if record is None or not hmac.compare_digest(record.secret_hash, _digest(secret)):
            return None
        return record

    async def _touch(self, key_id: str, now: float) -> None:
        """Record a use, unless one was recorded less than a minute ago (by any process)."""
        at = datetime.fromtimestamp(now, UTC)
        before = datetime.fromtimestamp(now - TOUCH_EVERY, UTC)
        try:
            await ApiKey.filter(
                Q(id=key_id), Q(last_used_at__isnull=True) | Q(last_used_at__lte=before)
            ).update(last_used_at=at)
        except Exception as err:
            logger.warning("could not record the use of API key %s (%s)", key_id, err)

    # --- revocation ------------------------------------------------------------------------

    def watch(self, key_id: str, revoked: Revoked) -> Callable[[], None]:
        """Call ``revoked`` when the key is revoked; returns the function that stops watching.
        While keys are watched, they are also checked against the database every ``RECHECK``
        seconds, for a revocation whose event did not arrive."""
        watchers = self._watchers.setdefault(key_id, {})
        token = next(self._watch_ids)
        watchers[token] = revoked
        if self._sweeper is None:
            self._sweeper = asyncio.get_running_loop().create_task(self._sweep())

        def unwatch() -> None:
            found = self._watchers.get(key_id)
            if found is not None:
                found.pop(token, None)
                if not found:
                    del self._watchers[key_id]

        return unwatch

    def _on_event(self, kind: str, event: dict[str, Any]) -> None:
        key_id = event.get("key_id")
        if kind == REVOKED_EVENT and isinstance(key_id, str):
            self._forget(key_id)

    def _forget(self, key_id: str) -> None:
        self._revocations += 1
        for digest in [d for d, k in self._known.items() if k.key_id == key_id]:
            del self._known[digest]
        for revoked in list(self._watchers.pop(key_id, {}).values()):
            revoked(key_id)

    async def _sweep(self) -> None:
        try:
            while self._watchers:
                await asyncio.sleep(RECHECK)
                watched = list(self._watchers)
                if not watched:
                    break
                try:
                    found = await ApiKey.filter(id__in=watched).values_list("id", flat=True)
                    alive = {str(key_id) for key_id in found}
                except Exception as err:
                    logger.debug("could not check the watched API keys (%s)", err)
                    continue
                for key_id in watched:
                    if key_id not in alive:
                        self._forget(key_id)
        finally:
            self._sweeper = None

    def _spawn(self, work: Any) -> None:
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def aclose(self) -> None:
        """Stop checking watched keys; let pending ``lastUsedAt`` writes finish (bounded)."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=2.0)
