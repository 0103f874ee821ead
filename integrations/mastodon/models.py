"""The parts of Mastodon's answers Tilewire reads (Mastodon API documentation, 4.5:
V1::Instance, Instance and the weekly activity hashes)."""

from __future__ import annotations

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel


class V1Stats(UpstreamModel):
    user_count: int
    status_count: int
    domain_count: int


class V1Instance(UpstreamModel):
    """``GET /api/v1/instance`` (deprecated in 4.0, still served)."""

    uri: str
    title: str = ""
    version: str
    stats: V1Stats
    registrations: bool = False
    approval_required: bool = False


class ActiveUsers(UpstreamModel):
    active_month: int


class Usage(UpstreamModel):
    users: ActiveUsers


class Registrations(UpstreamModel):
    enabled: bool
    approval_required: bool = False


class Instance(UpstreamModel):
    """``GET /api/v2/instance`` (Mastodon 4.0 and later)."""

    domain: str
    usage: Usage
    registrations: Registrations | None = None


class Week(UpstreamModel):
    """One week of ``GET /api/v1/instance/activity``: integers written as strings."""

    week: int = Field(ge=0, le=253402300799)
    """Midnight UTC starting the week, UNIX seconds (bounded to year 9999)."""
    statuses: int
    logins: int
    registrations: int


ACTIVITY = TypeAdapter(list[Week])
