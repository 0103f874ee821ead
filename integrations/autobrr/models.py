"""The parts of autobrr's API answers Tilewire reads (autobrr 1.79.0: internal/http/config.go
configJson, internal/domain/release.go ReleaseStats, internal/domain/irc.go
IrcNetworkWithHealth and ChannelWithHealth)."""

from __future__ import annotations

from datetime import datetime

from pydantic import TypeAdapter

from integrations.base import UpstreamModel


class Config(UpstreamModel):
    """``GET /api/config``."""

    version: str
    application: str = ""


class ReleaseStats(UpstreamModel):
    """``GET /api/release/stats``: counts over every release autobrr has kept."""

    total_count: int
    filtered_count: int
    filter_rejected_count: int
    push_approved_count: int
    push_rejected_count: int
    push_error_count: int


class Channel(UpstreamModel):
    name: str
    enabled: bool = True
    monitoring: bool = False
    last_announce: datetime | None = None


class Network(UpstreamModel):
    """One network of ``GET /api/irc``."""

    id: int
    name: str
    enabled: bool
    server: str = ""
    connected: bool = False
    connected_since: datetime | None = None
    healthy: bool = False
    channels: list[Channel] | None = None
    connection_errors: list[str] | None = None


NETWORKS = TypeAdapter(list[Network])
