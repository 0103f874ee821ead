"""Token buckets per caller: bursts, refill, all-or-nothing over several keys, bounded memory."""

from __future__ import annotations

import pytest

from app.rate_limit import Caller, RateLimiter, Refused, seconds_to_wait


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_of_the_limit_then_one_call_per_interval() -> None:
    clock = Clock()
    limiter = RateLimiter(6, clock=clock)  # one call every 10 s
    assert [limiter.take(["a"]) for _ in range(6)] == [None] * 6
    assert limiter.take(["a"]) == Refused(retry_after=10.0, first=True)
    clock.now += 4
    assert limiter.take(["a"]) == Refused(retry_after=pytest.approx(6.0), first=False)
    clock.now += 6
    assert limiter.take(["a"]) is None
    assert limiter.take(["a"]) == Refused(retry_after=pytest.approx(10.0), first=True)


def test_a_bucket_never_holds_more_than_the_limit() -> None:
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    limiter.take(["a"])
    clock.now += 3600
    assert [limiter.take(["a"]) is None for _ in range(4)] == [True, True, True, False]


def test_keys_are_independent_and_taken_together_or_not_at_all() -> None:
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    assert limiter.take(["subject:admin:a", "address:10.0.0.1"]) is None
    assert limiter.take(["subject:admin:a", "address:10.0.0.1"]) is None
    refused = limiter.take(["subject:admin:a", "address:10.0.0.2"])
    assert refused is not None and refused.retry_after == pytest.approx(30.0)
    # The refused call took nothing from the other key: it still has both of its calls.
    assert limiter.take(["subject:admin:b", "address:10.0.0.2"]) is None
    assert limiter.take(["subject:admin:c", "address:10.0.0.2"]) is None
    assert limiter.take(["subject:admin:d", "address:10.0.0.2"]) is not None


def test_memory_is_bounded_by_evicting_the_least_recently_used() -> None:
    clock = Clock()
    limiter = RateLimiter(1, clock=clock, max_keys=100)
    assert limiter.take(["kept"]) is None
    for i in range(10_000):
        if i % 50 == 0:
            assert limiter.take(["kept"]) is not None  # touched: stays
        limiter.take([f"address:{i}"])
    assert len(limiter) == 100
    assert limiter.take(["kept"]) is not None
    assert limiter.take(["address:0"]) is None  # evicted long ago: a fresh bucket


def test_callers_key_by_subject_and_by_address() -> None:
    assert Caller("admin:alice", "192.0.2.7").keys() == (
        "subject:admin:alice",
        "address:192.0.2.7",
    )
    # One host has a whole IPv6 /64; an IPv4-mapped client counts as its IPv4 address.
    assert Caller(None, "2001:db8:1:2:aaaa::1").keys() == ("address:2001:db8:1:2::/64",)
    assert Caller(None, "2001:db8:1:2:bbbb::9").keys() == ("address:2001:db8:1:2::/64",)
    assert Caller(None, "::ffff:192.0.2.7").keys() == ("address:192.0.2.7",)
    assert Caller(None, None).keys() == ("anonymous",)
    assert len(Caller("admin:" + "x" * 10_000, None).keys()[0]) < 200


def test_retry_after_is_whole_seconds_rounded_up() -> None:
    assert [seconds_to_wait(s) for s in (0.0, 0.2, 1.0, 19.9999, 20.0, 20.01)] == [
        1,
        1,
        1,
        20,
        20,
        21,
    ]


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RateLimiter(0)
