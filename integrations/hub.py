"""DataHub: every App's live data, fetched through one long-lived client per App, cached,
single-flight, stale-if-error, and pushed to subscribers while anyone listens (polled at the
smallest refresh interval they ask for; ``integrations.cadence``).

With a shared backend (Redis, ``integrations.shared``) the same holds for a cluster of
processes: one upstream call per key per TTL, one poller per subscribed key at the smallest
interval any process's subscribers ask for, every refresh delivered to every process's
subscribers, App changes seen everywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import logging
import math
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from integrations.addresses import DEFAULT_POLICY, AddressPolicy
from integrations.base import SENDING, ServiceClient
from integrations.bodies import DEFAULT_MAX_RESPONSE_BYTES
from integrations.cache import (
    ERROR_TTL,
    CacheBackend,
    CacheEntry,
    CacheKey,
    Coordinator,
    MemoryBackend,
)
from integrations.config import ServiceConfig
from integrations.errors import ErrorCode, IntegrationError
from integrations.polling import Subscriptions
from integrations.sessions import SessionStore
from integrations.types import Endpoint, Integration, IntegrationData, ServiceInfo

logger = logging.getLogger(__name__)

Name = tuple[str, str]
"""(app id, endpoint id): what a subscription follows, whatever the config fingerprint."""

START_STEP, START_BUDGET = 0.02, 0.1
"""Longest wait, when starting many fetches, before the next one starts anyway (a fetch that
waits for a login lock or for another process sends nothing for a while), and in all."""
MAX_TIMINGS = 4096


@dataclass(frozen=True, slots=True)
class Target:
    """One App's integration, as the hub needs it to reach the service."""

    app_id: str
    integration: Integration[Any]
    config: ServiceConfig
    fingerprint: str
    """Changes whenever the App's stored config changes."""


Resolver = Callable[[], Awaitable[Target | IntegrationError]]
"""Looks the App up again (its config may have changed) for a long-running subscription."""


def _dt(epoch: float | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


def unexpected(err: BaseException, what: str) -> IntegrationError:
    """An integration bug as a taxonomy error, logged with an id the message carries."""
    error_id = secrets.token_hex(6)
    logger.error("%s failed unexpectedly (error id %s)", what, error_id, exc_info=err)
    return IntegrationError(
        ErrorCode.UNKNOWN, f"the integration failed unexpectedly (error id {error_id})"
    )


def _detached(err: IntegrationError) -> IntegrationError:
    """``err`` without its traceback and the exceptions it was raised from, to be cached: those
    reach every frame of the failed fetch (a refused 4 MiB body among their locals) in a
    reference cycle that only a full collection frees, and full collections are rare."""
    err.__traceback__ = err.__context__ = err.__cause__ = None
    return err


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def lease_for(config: ServiceConfig) -> float:
    """How long a fetch may hold the cluster-wide lock: a login and a call, with margin."""
    return config.timeout * 2 + 2


class DataHub:
    def __init__(
        self,
        backend: CacheBackend | None = None,
        *,
        cluster: Coordinator | None = None,
        stale_if_error: float = 300.0,
        clock: Callable[[], float] = time.time,
        sessions: SessionStore | None = None,
        addresses: AddressPolicy = DEFAULT_POLICY,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.backend: CacheBackend = backend or MemoryBackend()
        self.addresses = addresses
        """Where the Apps' clients may connect (every connection, redirects included)."""
        self.max_response_bytes = max_response_bytes
        """The cap on an upstream response body, given to every client the hub makes."""
        self.sessions = sessions
        self.shared = cluster
        """How this process works with the others serving the dashboard (with a backend they
        share, usually the same Redis); None when it serves alone."""
        self.stale_if_error = stale_if_error
        self.clock = clock
        self._clients: dict[str, tuple[str, ServiceClient]] = {}
        self._inflight: dict[CacheKey, asyncio.Task[CacheEntry]] = {}
        self._waiters: dict[CacheKey, set[asyncio.Future[CacheEntry]]] = {}
        self._failing: set[Name] = set()
        self.subscriptions = Subscriptions(self)
        self._starting: set[asyncio.Task[IntegrationData]] = set()
        # Replaced clients close in the background; the loop keeps only weak references.
        self._closing: set[asyncio.Task[None]] = set()
        self._took: dict[Name, float] = {}
        """How long each key's fetches took (smoothed): the slowest start first."""
        self.version = 0
        """Bumped whenever a value is replaced before it expired (a forced refresh or an
        invalidation): anything derived from cached values may be outdated."""

    def start(self) -> None:
        """Begin receiving other processes' events (with a shared backend)."""
        if self.shared is not None:
            self.shared.on_event(self._on_event)
            self.shared.start()

    # --- clients ---------------------------------------------------------------------------

    def client(self, target: Target) -> ServiceClient:
        """The App's long-lived client, rebuilt when its config changes."""
        known = self._clients.get(target.app_id)
        if known is not None and known[0] == target.fingerprint:
            return known[1]
        client: ServiceClient = target.integration.create_client(
            target.config,
            addresses=self.addresses,
            max_response_bytes=self.max_response_bytes,
        )
        name = f"{target.app_id}:{target.fingerprint}"
        if self.sessions is not None and client.needs_session():
            client.share_sessions(self.sessions, name)
        if self.shared is not None:
            client.share_recent(self.shared, name)
        self._clients[target.app_id] = (target.fingerprint, client)
        if known is not None:
            self._close_later(known[1])
        return client

    async def invalidate(self, app_id: str) -> None:
        """Forget an App's cached data and close its client (its config changed or it is
        gone), in this process and, with a shared backend, in every other."""
        await self.backend.invalidate_app(app_id)
        self._forget(app_id)

    def _forget(self, app_id: str) -> None:
        self.version += 1
        known = self._clients.pop(app_id, None)
        if known is not None:
            self._close_later(known[1])

    def _close_later(self, client: ServiceClient) -> None:
        task = asyncio.get_running_loop().create_task(client.aclose())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def aclose(self) -> None:
        self.subscriptions.cancel()
        if self._closing:
            await asyncio.wait(self._closing)
        for _, client in self._clients.values():
            await client.aclose()
        self._clients.clear()
        if self.shared is not None:
            await self.shared.aclose()

    # --- data ------------------------------------------------------------------------------

    async def get(
        self, target: Target, endpoint_id: str, *, force: bool = False
    ) -> IntegrationData:
        """The endpoint's data: cached while fresh, else fetched once however many ask."""
        endpoint = target.integration.endpoints.get(endpoint_id)
        if endpoint is None:
            error = IntegrationError(
                ErrorCode.ENDPOINT_NOT_FOUND,
                f"{target.integration.name} has no endpoint {endpoint_id!r}",
            )
            return IntegrationData(None, None, None, error=error)
        key = CacheKey(target.app_id, endpoint_id, target.fingerprint)
        if not force:
            entry = await self.backend.get(key)
            if entry is not None and entry.expires_at > self.clock():
                return self.as_data(entry)
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.get_running_loop().create_task(
                self._single_flight(target, key, endpoint, force)
            )
            self._inflight[key] = task
            task.add_done_callback(lambda _t: self._inflight.pop(key, None))
        return self.as_data(await asyncio.shield(task))

    async def refetch(self, target: Target, endpoint_id: str) -> IntegrationData:
        """The endpoint's data fetched anew, after a change made to the service: a fetch in
        flight (begun before the change) is waited out rather than joined, no other process's
        fetch is taken instead, and the new value replaces the cached one everywhere (stored,
        announced to the cluster, pushed to subscribers)."""
        endpoint = target.integration.endpoints.get(endpoint_id)
        if endpoint is None:
            return await self.get(target, endpoint_id)
        key = CacheKey(target.app_id, endpoint_id, target.fingerprint)
        task = self._inflight.get(key)
        if task is not None:
            await asyncio.wait((task,))
        task = asyncio.get_running_loop().create_task(
            self._fetch(target, key, endpoint.ttl, force=True)
        )
        self._inflight[key] = task
        task.add_done_callback(
            lambda t: self._inflight.pop(key, None) if self._inflight.get(key) is t else None
        )
        return self.as_data(await asyncio.shield(task))

    async def begin(self, wanted: Sequence[tuple[Target, str]]) -> None:
        """Begin getting each (target, endpoint) without waiting for the values (whoever asks
        for them next joins the fetches in flight).

        Thirty fetches started at once advance in lockstep on the event loop, so the first
        request leaves only when all thirty are ready to send (~30 ms of Python here). Started
        one after another, each once its predecessor's request is on its way, and the slowest
        (as last seen) first, the slowest upstream starts answering within a millisecond or
        two: a cold dashboard then takes about as long as that one upstream."""
        loop = asyncio.get_running_loop()
        ordered = sorted(wanted, key=lambda w: -self._took.get((w[0].app_id, w[1]), math.inf))
        deadline = loop.time() + START_BUDGET
        for target, endpoint_id in ordered:
            inflight = CacheKey(target.app_id, endpoint_id, target.fingerprint) in self._inflight
            sent: asyncio.Future[None] = loop.create_future()
            context = contextvars.copy_context()
            context.run(SENDING.set, functools.partial(_settle, sent))
            task = loop.create_task(self.get(target, endpoint_id), context=context)
            self._starting.add(task)
            task.add_done_callback(self._started)
            wait = min(START_STEP, deadline - loop.time())
            if not inflight and wait > 0:
                await asyncio.wait((task, sent), timeout=wait, return_when="FIRST_COMPLETED")

    def _started(self, task: asyncio.Task[IntegrationData]) -> None:
        self._starting.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # Whoever asks for the value meets the same failure and reports it.
            logger.debug("starting a fetch failed: %s", type(task.exception()).__name__)

    def _timed(self, name: Name, seconds: float) -> None:
        previous = self._took.pop(name, None)
        self._took[name] = seconds if previous is None else previous * 0.7 + seconds * 0.3
        if len(self._took) > MAX_TIMINGS:
            del self._took[next(iter(self._took))]

    def as_data(self, entry: CacheEntry) -> IntegrationData:
        """A cache entry as served: stale when it holds a good payload and the latest error."""
        stale = entry.error is not None and entry.payload is not None
        return IntegrationData(
            payload=entry.payload,
            fetched_at=_dt(entry.fetched_at),
            expires_at=_dt(entry.expires_at),
            stale=stale,
            error=entry.error,
        )

    async def _single_flight(
        self, target: Target, key: CacheKey, endpoint: Endpoint, force: bool
    ) -> CacheEntry:
        """Fetch, or with a shared backend: fetch if this process wins the key's lock, else
        take the value the winner announces (or take over once its lease lapses)."""
        if self.shared is None:
            return await self._fetch(target, key, endpoint.ttl, force)
        lock, lease = f"fetch:{key}", lease_for(target.config)
        deadline = time.monotonic() + lease + target.config.timeout + 1
        loop = asyncio.get_running_loop()
        while True:
            waiter: asyncio.Future[CacheEntry] = loop.create_future()
            self._waiters.setdefault(key, set()).add(waiter)
            try:
                token = await self.shared.acquire(lock, lease)
                if token is not None:
                    break
                current = await self.backend.get(key)
                if current is not None and current.expires_at > self.clock():
                    return current  # landed while this process asked for the lock
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    token = None
                    break  # bounded: fetch without the lock rather than wait longer
                with contextlib.suppress(TimeoutError):
                    return await asyncio.wait_for(waiter, min(remaining, lease))
            finally:
                self._waiters.get(key, set()).discard(waiter)
        try:
            return await self._fetch(target, key, endpoint.ttl, force)
        finally:
            if token is not None:
                await self.shared.release(lock, token)

    async def _fetch(self, target: Target, key: CacheKey, ttl: float, force: bool) -> CacheEntry:
        previous = await self.backend.get(key)
        started = time.monotonic()
        try:
            payload = await target.integration.fetch_data(self.client(target), key.endpoint_id)
        except IntegrationError as err:
            entry = self._failed(previous, err, ttl)
        except Exception as err:
            entry = self._failed(previous, unexpected(err, f"fetching {key}"), ttl)
        else:
            now = self.clock()
            entry = CacheEntry(payload, now, now + ttl, None, now + ttl + self.stale_if_error)
            self._recovered(key)
        self._timed((key.app_id, key.endpoint_id), time.monotonic() - started)
        await self.backend.set(key, entry)
        if force:
            self.version += 1
        if self.shared is not None:
            await self.shared.announce(key, entry)
        self._stored(key, entry)
        return entry

    def _failed(self, previous: CacheEntry | None, err: IntegrationError, ttl: float) -> CacheEntry:
        err = _detached(err)
        now = self.clock()
        expires = now + min(ttl, ERROR_TTL)
        if (
            previous is not None
            and previous.payload is not None
            and previous.good_until is not None
            and now <= previous.good_until
        ):
            return CacheEntry(
                previous.payload, previous.fetched_at, expires, err, previous.good_until
            )
        return CacheEntry(None, None, expires, err, None)

    def _recovered(self, key: CacheKey) -> None:
        name = (key.app_id, key.endpoint_id)
        if name in self._failing:
            self._failing.discard(name)
            logger.info("App %s endpoint %s recovered", key.app_id, key.endpoint_id)

    def _note_failure(self, key: CacheKey, err: IntegrationError) -> None:
        name = (key.app_id, key.endpoint_id)
        if name not in self._failing:
            self._failing.add(name)
            logger.warning("App %s endpoint %s failing: %s", key.app_id, key.endpoint_id, err)

    async def test(self, integration: Integration[Any], config: ServiceConfig) -> ServiceInfo:
        """Prove a config works, with a throw-away client; raises IntegrationError."""
        client = integration.create_client(
            config, addresses=self.addresses, max_response_bytes=self.max_response_bytes
        )
        try:
            return await integration.test_connection(client)
        except IntegrationError:
            raise
        except Exception as err:
            raise unexpected(err, f"testing {integration.id}") from None
        finally:
            await client.aclose()

    # --- events ----------------------------------------------------------------------------

    def _stored(self, key: CacheKey, entry: CacheEntry) -> None:
        """A value was stored, here or (announced) in another process."""
        if entry.error is not None:
            self._note_failure(key, entry.error)
        for waiter in self._waiters.pop(key, set()):
            if not waiter.done():
                waiter.set_result(entry)
        self.subscriptions.push((key.app_id, key.endpoint_id), self.as_data(entry))

    def _on_event(self, kind: str, event: dict[str, Any]) -> None:
        if kind == "invalidate":
            self._forget(event["app_id"])
        elif kind == "interval":
            # another process's subscriber asks for a shorter interval
            self.subscriptions.wake((event["app_id"], event["endpoint_id"]))
        elif kind == "stored" and self.shared is not None:
            key = CacheKey(event["app_id"], event["endpoint_id"], event["fingerprint"])
            try:
                entry = self.shared.decode(event["entry"])
            except (ValueError, KeyError) as err:
                logger.warning("ignoring an unreadable value announced for %s: %s", key, err)
                return
            self._stored(key, entry)

    # --- subscriptions ---------------------------------------------------------------------

    def subscribe(
        self, app_id: str, endpoint_id: str, resolve: Resolver, interval: float | None = None
    ) -> AsyncIterator[IntegrationData]:
        """The endpoint's current value at once, then each value that shows something new;
        polled while anyone listens, at the smallest ``interval`` asked for (None: the TTL).
        See ``Subscriptions.subscribe``."""
        return self.subscriptions.subscribe(app_id, endpoint_id, resolve, interval)
