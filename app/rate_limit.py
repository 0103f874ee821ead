"""Rate limits per caller: token buckets keyed by the token's subject and by the client address.

A connection test answers within milliseconds whether a port is open (refused, a TLS error, a
timeout, an HTTP answer), so without a limit it is a port scanner for anyone who may run it.
The buckets live in this process: with several processes each keeps its own, so a caller may
make up to the limit times the number of processes.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from ipaddress import IPv6Address, ip_address, ip_network

MAX_CALLERS = 10_000
"""Buckets kept at most; the least recently used goes first (it has refilled the longest)."""
MAX_SUBJECT = 128


@dataclass(frozen=True, slots=True)
class Caller:
    """Who makes a call, as far as limits go: each of the keys must have a call to spare."""

    subject: str | None
    """Role and token subject (``admin:alice``); None with authentication off."""
    address: str | None
    """The client's IP address (an IPv6 client counts by its /64, which one host usually has)."""

    def keys(self) -> tuple[str, ...]:
        keys: list[str] = []
        if self.subject is not None:
            keys.append(f"subject:{self.subject[:MAX_SUBJECT]}")
        if self.address:
            keys.append(f"address:{_network_of(self.address)}")
        return tuple(keys) or ("anonymous",)


def _network_of(address: str) -> str:
    try:
        parsed = ip_address(address)
    except ValueError:
        return address[:MAX_SUBJECT]
    if isinstance(parsed, IPv6Address) and parsed.ipv4_mapped is None:
        return str(ip_network(f"{parsed}/64", strict=False))
    return str(parsed.ipv4_mapped if isinstance(parsed, IPv6Address) else parsed)


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    refusing: bool = False


@dataclass(frozen=True, slots=True)
class Refused:
    """A call the limit refused: when to try again, and whether this caller's refusals just
    began (worth one log line, not one per call)."""

    retry_after: float
    first: bool


class RateLimiter:
    """``per_minute`` calls a minute per key, in bursts of up to ``per_minute``: a token bucket
    per key, refilled continuously. At most ``max_keys`` buckets are kept."""

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_CALLERS,
    ) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, keys: Sequence[str]) -> Refused | None:
        """One call for every key if each has one to spare (None); otherwise nothing is taken
        and the answer says when all of them will have one."""
        now = self.clock()
        rate = self.per_minute / 60.0
        buckets = [self._bucket(key, now, rate) for key in keys]
        short = [bucket for bucket in buckets if bucket.tokens < 1.0]
        if not short:
            for bucket in buckets:
                bucket.tokens -= 1.0
                bucket.refusing = False
            return None
        first = not all(bucket.refusing for bucket in short)
        for bucket in short:
            bucket.refusing = True
        return Refused(max((1.0 - bucket.tokens) / rate for bucket in short), first)

    def _bucket(self, key: str, now: float, rate: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.per_minute), now)
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(self.per_minute), bucket.tokens + elapsed * rate)
            bucket.updated = now
        return bucket

    def __len__(self) -> int:
        return len(self._buckets)


def seconds_to_wait(retry_after: float) -> int:
    """Whole seconds to wait (rounded up, at least one), as an HTTP Retry-After would say."""
    return max(1, math.ceil(retry_after - 1e-9))
