"""Redis as the cache and the coordinator of several Tilewire processes.

- values: the endpoint cache, shared (one upstream call per key per TTL for the cluster);
- locks with a lease: cluster-wide single-flight, and one subscription poller per key; a process
  that dies holding one blocks the key no longer than the lease;
- each process's polling interval per subscribed key, so that the poller polls at the smallest
  one any process's subscribers ask for;
- events (pub/sub): a value was stored (waiters and subscribers everywhere get it at once), an
  App changed (every process drops its client and cached responses);
- change counters (every App change, every widget change), read before a cached response is
  served.

When Redis is unreachable every operation falls back to this process alone (in-process cache,
local locks, no events), says so once in the log and in ``status``, and Redis is tried again
every few seconds; the process recovers by itself when Redis returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import orjson
import redis.asyncio as aioredis
from pydantic import BaseModel
from redis.exceptions import RedisError

from integrations.cache import (
    APP_CHANGES,
    CacheEntry,
    CacheKey,
    EventHandler,
    MemoryBackend,
    decode_entry,
    encode_entry,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")
RETRY_AFTER = 2.0
"""Seconds between attempts to reach Redis again while it is down."""
INTERVALS_KEPT_MS = 120_000
"""How long a key's recorded polling intervals outlive their last renewal (each record also
carries its own, shorter, expiry)."""

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class RedisBackend:
    """A CacheBackend shared through Redis, and the Coordinator of the processes using it."""

    def __init__(
        self,
        url: str,
        payload_model: Callable[[str], type[BaseModel]],
        *,
        prefix: str = "tilewire",
        local_max_entries: int = 10_000,
    ) -> None:
        self._redis = aioredis.Redis.from_url(
            url, socket_timeout=1.0, socket_connect_timeout=1.0, retry_on_timeout=False
        )
        self._payload_model = payload_model
        self.prefix = prefix
        self.local = MemoryBackend(local_max_entries)
        self.process_id = secrets.token_hex(8)
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._handlers: list[EventHandler] = []
        self._listener: asyncio.Task[None] | None = None
        self._renew = self._redis.register_script(_RENEW)
        self._release = self._redis.register_script(_RELEASE)

    # --- health --------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return self._down_since is None

    def status(self) -> str:
        return "redis" if self.available else "in-process (redis unreachable)"

    async def _call(
        self, op: Callable[[], Awaitable[T]], fallback: Callable[[], Awaitable[T]]
    ) -> T:
        if self._down_since is not None and time.monotonic() < self._retry_at:
            return await fallback()
        try:
            result = await op()
        except (RedisError, OSError) as err:
            if self._down_since is None:
                self._down_since = time.monotonic()
                logger.warning("Redis unreachable (%s): serving from this process alone", err)
            self._retry_at = time.monotonic() + RETRY_AFTER
            return await fallback()
        if self._down_since is not None:
            logger.info(
                "Redis reachable again after %.0f s: back to the shared cache",
                time.monotonic() - self._down_since,
            )
            self._down_since = None
            await self.local.clear()
        return result

    async def ping(self) -> bool:
        async def op() -> bool:
            return bool(await self._redis.ping())

        async def fallback() -> bool:
            return False

        return await self._call(op, fallback)

    # --- values --------------------------------------------------------------------------

    def _key(self, key: CacheKey) -> str:
        return f"{self.prefix}:data:{key.app_id}:{key.endpoint_id}:{key.fingerprint}"

    async def get(self, key: CacheKey) -> CacheEntry | None:
        async def op() -> CacheEntry | None:
            raw = await self._redis.get(self._key(key))
            if raw is None:
                return None
            try:
                return decode_entry(raw, self._payload_model)
            except (ValueError, KeyError) as err:
                logger.warning("dropping an unreadable cache entry for %s: %s", key, err)
                return None

        return await self._call(op, lambda: self.local.get(key))

    async def set(self, key: CacheKey, entry: CacheEntry) -> None:
        keep_until = max(entry.expires_at, entry.good_until or 0.0)
        ttl_ms = max(int((keep_until - time.time()) * 1000), 1000)

        async def op() -> None:
            pipe = self._redis.pipeline(transaction=False)
            pipe.set(self._key(key), encode_entry(entry), px=ttl_ms)
            index = f"{self.prefix}:app:{key.app_id}"
            pipe.sadd(index, self._key(key))
            pipe.pexpire(index, max(ttl_ms, 86_400_000))
            await pipe.execute()

        await self._call(op, lambda: self.local.set(key, entry))

    async def invalidate_app(self, app_id: str) -> None:
        async def op() -> None:
            index = f"{self.prefix}:app:{app_id}"
            keys = await self._redis.smembers(index)
            pipe = self._redis.pipeline(transaction=True)
            if keys:
                pipe.delete(*keys)
            pipe.delete(index)
            pipe.incr(f"{self.prefix}:{APP_CHANGES}")
            await pipe.execute()
            await self._publish("invalidate", {"app_id": app_id})

        await self.local.invalidate_app(app_id)
        await self._call(op, _nothing)

    async def clear(self) -> None:
        await self.local.clear()

    async def generation(self) -> int | None:
        """The cluster's App-change counter, or None while Redis is down."""
        counters = await self.counters(APP_CHANGES)
        return None if counters is None else counters[0]

    async def counters(self, *names: str) -> tuple[int, ...] | None:
        """The cluster's change counters ``names`` (0 for one never bumped), read at once; None
        while Redis is down."""

        async def op() -> tuple[int, ...] | None:
            raw = await self._redis.mget([f"{self.prefix}:{name}" for name in names])
            return tuple(int(value or 0) for value in raw)

        async def fallback() -> tuple[int, ...] | None:
            return None

        return await self._call(op, fallback)

    async def bump(self, name: str) -> None:
        """Count a change in the cluster-wide counter ``name`` (read with ``counters``)."""

        async def op() -> None:
            await self._redis.incr(f"{self.prefix}:{name}")

        await self._call(op, _nothing)

    # --- locks ---------------------------------------------------------------------------

    async def acquire(self, name: str, lease: float) -> str | None:
        """A token if this process now holds ``name`` for ``lease`` seconds, else None.
        While Redis is down every lock is granted (this process is alone)."""
        token = secrets.token_hex(8)

        async def op() -> str | None:
            ok = await self._redis.set(
                f"{self.prefix}:lock:{name}", token, nx=True, px=int(lease * 1000)
            )
            return token if ok else None

        async def fallback() -> str | None:
            return token

        return await self._call(op, fallback)

    async def renew(self, name: str, token: str, lease: float) -> bool:
        async def op() -> bool:
            done = await self._renew(
                keys=[f"{self.prefix}:lock:{name}"], args=[token, int(lease * 1000)]
            )
            return bool(done)

        async def fallback() -> bool:
            return True

        return await self._call(op, fallback)

    async def release(self, name: str, token: str) -> None:
        async def op() -> None:
            await self._release(keys=[f"{self.prefix}:lock:{name}"], args=[token])

        await self._call(op, _nothing)

    # --- polling intervals ----------------------------------------------------------------

    def _intervals(self, name: str) -> str:
        return f"{self.prefix}:intervals:{name}"

    async def record_interval(self, name: str, interval: float | None, ttl: float) -> None:
        """Record, for ``ttl`` seconds, the polling interval this process's subscribers of
        ``name`` ask for (each poll renews it); None withdraws it."""

        async def op() -> None:
            if interval is None:
                await self._redis.hdel(self._intervals(name), self.process_id)
                return
            pipe = self._redis.pipeline(transaction=False)
            pipe.hset(self._intervals(name), self.process_id, f"{interval}:{time.time() + ttl}")
            pipe.pexpire(self._intervals(name), INTERVALS_KEPT_MS)
            await pipe.execute()

        await self._call(op, _nothing)

    async def smallest_interval(self, name: str) -> float | None:
        """The smallest polling interval any process records for ``name`` (lapsed records, of
        processes gone, are dropped); None when there is none, or Redis is down."""

        async def op() -> float | None:
            recorded = await self._redis.hgetall(self._intervals(name))
            now, wanted, lapsed = time.time(), [], []
            for process, value in recorded.items():
                text = value.decode() if isinstance(value, bytes) else value
                interval, _, until = text.partition(":")
                try:
                    if float(until) > now:
                        wanted.append(float(interval))
                        continue
                except ValueError:
                    pass
                lapsed.append(process)
            if lapsed:
                await self._redis.hdel(self._intervals(name), *lapsed)
            return min(wanted, default=None)

        async def fallback() -> float | None:
            return None

        return await self._call(op, fallback)

    # --- shared bytes (sessions) ----------------------------------------------------------

    async def get_bytes(self, name: str) -> bytes | None:
        async def op() -> bytes | None:
            raw = await self._redis.get(f"{self.prefix}:blob:{name}")
            return raw.encode() if isinstance(raw, str) else raw

        async def fallback() -> bytes | None:
            return None

        return await self._call(op, fallback)

    async def set_bytes(self, name: str, data: bytes, ttl: float) -> None:
        async def op() -> None:
            await self._redis.set(f"{self.prefix}:blob:{name}", data, px=int(ttl * 1000))

        await self._call(op, _nothing)

    # --- recent values (a site monitor's last checks) -----------------------------------

    async def remember(self, name: str, value: bytes, keep: int, ttl: float) -> list[bytes] | None:
        key = f"{self.prefix}:recent:{name}"

        async def op() -> list[bytes] | None:
            pipe = self._redis.pipeline(transaction=True)
            pipe.lpush(key, value)
            pipe.ltrim(key, 0, keep - 1)
            pipe.pexpire(key, int(ttl * 1000))
            pipe.lrange(key, 0, keep - 1)
            *_, kept = await pipe.execute()
            return [item.encode() if isinstance(item, str) else item for item in kept]

        async def fallback() -> list[bytes] | None:
            return None

        return await self._call(op, fallback)

    # --- events --------------------------------------------------------------------------

    def on_event(self, handler: EventHandler) -> None:
        self._handlers.append(handler)

    async def announce(self, key: CacheKey, entry: CacheEntry) -> None:
        """Tell every process a value was stored (waiters and subscribers get it at once)."""
        data = {
            "app_id": key.app_id,
            "endpoint_id": key.endpoint_id,
            "fingerprint": key.fingerprint,
            "entry": encode_entry(entry).decode(),
        }
        await self._call(lambda: self._publish("stored", data), _nothing)

    async def publish(self, kind: str, data: dict[str, Any]) -> None:
        """Tell every other process that ``kind`` happened (their ``on_event`` handlers get
        ``data``); nothing is sent while Redis is down."""
        await self._call(lambda: self._publish(kind, data), _nothing)

    async def _publish(self, kind: str, data: dict[str, Any]) -> None:
        message = orjson.dumps({"kind": kind, "from": self.process_id, **data})
        await self._redis.publish(f"{self.prefix}:events", message)

    def decode(self, raw: str) -> CacheEntry:
        return decode_entry(raw.encode(), self._payload_model)

    def start(self) -> None:
        if self._listener is None:
            self._listener = asyncio.get_running_loop().create_task(self._listen())

    async def _listen(self) -> None:
        """Receive every event, reconnecting (bounded backoff) whenever Redis goes away."""
        delay = 0.2
        while True:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(f"{self.prefix}:events")
                delay = 0.2
                while True:
                    message = await pubsub.get_message(timeout=5.0)
                    if message is None or message.get("type") != "message":
                        continue
                    event = orjson.loads(message["data"])
                    if event.get("from") == self.process_id:
                        continue
                    for handler in self._handlers:
                        handler(event["kind"], event)
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError, ValueError) as err:
                logger.debug("event listener lost Redis (%s); reconnecting", err)
            finally:
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()  # type: ignore[no-untyped-call, unused-ignore]
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_AFTER)

    async def aclose(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        with contextlib.suppress(RedisError, OSError):
            await self._redis.aclose()


async def _nothing() -> None:
    return None
