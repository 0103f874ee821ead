"""How often a subscribed endpoint is polled, and which of its values a subscriber is sent.

A subscriber may ask for a refresh interval; the poller of an (App, endpoint) polls at the
smallest one its subscribers ask for, within the endpoint's bounds, and each subscriber is sent
a value only when what it shows changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from integrations.types import Endpoint, IntegrationData

MAX_REFRESH_INTERVAL = 3600.0
"""The longest interval a subscriber may ask for, in seconds (a longer one is clamped)."""


def cadence(endpoint: Endpoint, requested: float | None) -> float:
    """Seconds between polls for a subscriber that asked for ``requested`` (None: the
    endpoint's TTL), clamped to the endpoint's minimum refresh and to MAX_REFRESH_INTERVAL."""
    if requested is None:
        return endpoint.ttl
    return max(endpoint.min_refresh, min(requested, MAX_REFRESH_INTERVAL))


def due_at(data: IntegrationData, interval: float, now: float) -> float:
    """When the next value is due, polling every ``interval`` seconds: ``interval`` after a
    good value was fetched; when its cached error expires for a failing service."""
    if data.error is None and data.fetched_at is not None:
        return data.fetched_at.timestamp() + interval
    return _epoch(data.expires_at, now)


def shown(data: IntegrationData) -> tuple[Any, ...]:
    """What a subscriber sees of a value besides its timestamps: the payload, the error and
    the stale flag. A value whose ``shown`` equals the previous one's is not sent again."""
    payload = data.payload.model_dump(mode="json") if data.payload is not None else None
    error = data.error
    seen_error = None if error is None else (error.code, error.message, error.status, error.url)
    return (type(data.payload), payload, seen_error, data.stale)


def _epoch(moment: datetime | None, default: float) -> float:
    return default if moment is None else moment.timestamp()
