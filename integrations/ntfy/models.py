"""The parts of ntfy's answers Tilewire reads (ntfy 2.13.0, server/types.go)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class Health(UpstreamModel):
    """``GET /v1/health``."""

    healthy: bool


class Stats(UpstreamModel):
    """``GET /v1/stats``."""

    messages: int
    messages_rate: float = 0.0
    """Average messages per second over the recent history."""


class Message(UpstreamModel):
    """One line of ``GET /<topic>/json?poll=1`` (newline-delimited JSON)."""

    id: str
    time: int
    event: str
    topic: str = ""
    title: str = ""
    message: str = ""
    priority: int = 0
    """1 (min) to 5 (max); absent means 3 (default)."""
    tags: list[str] = Field(default_factory=list)
    click: str = ""
