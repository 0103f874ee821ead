"""Subscriptions: the subscribers of each (App, endpoint), and the one poller per key that runs
while any of them listens, at the smallest refresh interval they ask for.

With a shared backend (Redis) one process in the cluster polls a key, at the smallest interval
any process's subscribers ask for: each process records its own interval in Redis, and tells
the others when it asks for a shorter one; the other processes' subscribers get the values it
fetches as events.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from integrations.cache import ERROR_TTL, CacheKey
from integrations.cadence import cadence, due_at, shown
from integrations.errors import IntegrationError
from integrations.types import Endpoint, IntegrationData

if TYPE_CHECKING:
    from integrations.cache import Coordinator
    from integrations.hub import DataHub, Name, Resolver, Target

POLL_LEASE_MIN, POLL_LEASE_MAX = 10.0, 60.0
"""Bounds of the lease on a key's poll lock (three polling intervals): a holder renews it at
least every third of it, and another process takes over at most that long after it died."""
MIN_NAP = 0.05
"""The shortest wait between two looks at a key's value (the poller never spins)."""


class Subscriptions:
    """What a DataHub pushes to subscribers, and when it polls for them."""

    def __init__(self, hub: DataHub) -> None:
        self.hub = hub
        self._listeners: dict[Name, dict[asyncio.Queue[IntegrationData], float | None]] = {}
        """Each subscriber's queue, and the refresh interval it asked for (None: the TTL)."""
        self._last_pushed: dict[Name, tuple[Any, ...]] = {}
        self._pollers: dict[Name, asyncio.Task[None]] = {}
        self._wakers: dict[Name, asyncio.Event] = {}
        """Set to have a poller look at its subscribers' intervals again before its next poll."""

    def push(self, name: Name, data: IntegrationData) -> None:
        """A value of ``name`` was stored, here or in another process."""
        listeners = self._listeners.get(name)
        if not listeners:
            return
        stamp = (data.fetched_at, data.expires_at, data.error and data.error.message)
        if self._last_pushed.get(name) == stamp:
            return  # the same value reached this process twice
        self._last_pushed[name] = stamp
        for queue in listeners:
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(data)

    def wake(self, name: Name) -> None:
        """Have the poller of ``name`` (if it runs here) look at the intervals again now."""
        waker = self._wakers.get(name)
        if waker is not None:
            waker.set()

    def cancel(self) -> None:
        for task in self._pollers.values():
            task.cancel()

    async def subscribe(
        self, app_id: str, endpoint_id: str, resolve: Resolver, interval: float | None = None
    ) -> AsyncIterator[IntegrationData]:
        """The endpoint's current value at once, then each value that shows something new (a
        payload, error or stale flag other than the last one yielded).

        One poller per (App, endpoint) runs while anyone subscribes (in the whole cluster,
        with a shared backend), every ``cadence`` seconds of the smallest ``interval`` its
        subscribers ask for (None: the endpoint's TTL); a failing service is asked again when
        its cached error expires.
        """
        name = (app_id, endpoint_id)
        queue: asyncio.Queue[IntegrationData] = asyncio.Queue(maxsize=100)
        self._listeners.setdefault(name, {})[queue] = interval
        poller = self._pollers.get(name)
        if poller is None or poller.done():
            self._wakers[name] = asyncio.Event()
            self._pollers[name] = asyncio.get_running_loop().create_task(self._poll(name, resolve))
        else:
            self._wakers[name].set()  # the poller takes this subscriber's interval into account
        try:
            data = await self._current(endpoint_id, resolve)
            while True:
                seen = shown(data)
                yield data
                while shown(data := await queue.get()) == seen:
                    pass
        finally:
            listeners = self._listeners.get(name, {})
            listeners.pop(queue, None)
            if not listeners:
                self._listeners.pop(name, None)
                self._last_pushed.pop(name, None)
                self._wakers.pop(name, None)
                poller = self._pollers.pop(name, None)
                if poller is not None:
                    poller.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await poller

    async def _current(self, endpoint_id: str, resolve: Resolver) -> IntegrationData:
        resolved = await resolve()
        if isinstance(resolved, IntegrationError):
            return IntegrationData(None, None, None, error=resolved)
        return await self.hub.get(resolved, endpoint_id)

    def _interval(self, name: Name, endpoint: Endpoint) -> float | None:
        """The smallest interval this process's subscribers of ``name`` ask for; None when
        there are none left."""
        listeners = self._listeners.get(name)
        if not listeners:
            return None
        return min(cadence(endpoint, requested) for requested in listeners.values())

    async def _poll(self, name: Name, resolve: Resolver) -> None:
        """Fetch each value of ``name`` when it is due; what is fetched reaches subscribers
        as it is stored (``push``)."""
        wake = self._wakers[name]
        turn = _Turn(f"poll:{name[0]}:{name[1]}")
        try:
            while True:
                wake.clear()
                resolved = await resolve()
                if isinstance(resolved, IntegrationError):
                    self.push(name, IntegrationData(None, None, None, error=resolved))
                    await _nap(wake, ERROR_TTL)
                    continue
                endpoint = resolved.integration.endpoints.get(name[1])
                if endpoint is None:
                    self.push(name, await self.hub.get(resolved, name[1]))
                    return
                interval = self._interval(name, endpoint)
                if interval is None:
                    return
                shared = self.hub.shared
                if shared is None:
                    wait = await self._refresh(resolved, endpoint, interval)
                else:
                    wait = await self._in_cluster(shared, turn, name, resolved, interval)
                await _nap(wake, wait)
        finally:
            if self.hub.shared is not None:
                await turn.end(self.hub.shared)

    async def _in_cluster(
        self, shared: Coordinator, turn: _Turn, name: Name, target: Target, interval: float
    ) -> float:
        """One turn of a key's poller in a cluster: record this process's interval (telling
        the others when it is shorter than before), and if this process holds the key's poll
        lock, fetch at the smallest interval any process records. Seconds until the next turn
        (within a third of the lease, so that the lock is renewed in time)."""
        lease = min(max(interval * 3, POLL_LEASE_MIN), POLL_LEASE_MAX)
        await shared.record_interval(turn.lock, interval, lease)
        if turn.recorded is None or interval < turn.recorded:
            where = {"app_id": name[0], "endpoint_id": name[1]}
            await shared.publish("interval", where)  # the holder, if another, polls sooner
        turn.recorded = interval
        if turn.token is not None and not await shared.renew(turn.lock, turn.token, lease):
            turn.token = None
        if turn.token is None:
            turn.token = await shared.acquire(turn.lock, lease)
        if turn.token is None:
            return min(interval, lease / 3)  # the holder's values arrive as events
        interval = min(interval, await shared.smallest_interval(turn.lock) or interval)
        endpoint = target.integration.endpoints[name[1]]
        return min(await self._refresh(target, endpoint, interval), lease / 3)

    async def _refresh(self, target: Target, endpoint: Endpoint, interval: float) -> float:
        """Fetch the endpoint's value if it is due, polling every ``interval`` seconds (forced
        when a subscriber wants it sooner than the TTL); the seconds until the next is due."""
        key = CacheKey(target.app_id, endpoint.id, target.fingerprint)
        entry = await self.hub.backend.get(key)
        now = self.hub.clock()
        if entry is None or due_at(self.hub.as_data(entry), interval, now) <= now:
            force = entry is not None and entry.expires_at > now
            data = await self.hub.get(target, endpoint.id, force=force)
        else:
            data = self.hub.as_data(entry)
        now = self.hub.clock()
        return max(due_at(data, interval, now) - now, MIN_NAP)


@dataclass
class _Turn:
    """A key's poller's standing in the cluster: its poll lock, and the interval it recorded."""

    lock: str
    token: str | None = None
    recorded: float | None = None

    async def end(self, shared: Coordinator) -> None:
        if self.token is not None:
            await shared.release(self.lock, self.token)
        if self.recorded is not None:
            await shared.record_interval(self.lock, None, 0)


async def _nap(wake: asyncio.Event, seconds: float) -> None:
    """Sleep ``seconds``, or less if ``wake`` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(wake.wait(), seconds)
