"""The parts of Miniflux's API answers Tilewire reads, and Miniflux's payload."""

from __future__ import annotations

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

# --- upstream --------------------------------------------------------------------------------


class User(UpstreamModel):
    """``GET /v1/me``."""

    id: int
    username: str
    is_admin: bool = False


class Version(UpstreamModel):
    """``GET /v1/version`` (Miniflux 2.0.49 and later); Miniflux always sends all its fields."""

    version: str
    commit: str
    build_date: str
    go_version: str


class Counters(UpstreamModel):
    """``GET /v1/feeds/counters`` (2.0.37 and later): entries per feed id, feeds without any
    left out."""

    reads: dict[int, int]
    unreads: dict[int, int]


class Category(UpstreamModel):
    id: int
    title: str


class Feed(UpstreamModel):
    """One entry of ``GET /v1/feeds``."""

    id: int
    title: str
    parsing_error_count: int = 0
    """Failed refreshes in a row; 0 once the feed refreshes again."""
    parsing_error_message: str = ""
    disabled: bool = False
    category: Category | None = None


FEEDS: TypeAdapter[list[Feed]] = TypeAdapter(list[Feed])

# --- payloads --------------------------------------------------------------------------------


class MinifluxFeedUnread(Payload):
    id: int
    title: str
    category: str | None = None
    unread: int


class MinifluxUnread(Payload):
    """Unread entries in Miniflux, feeds failing to refresh, and the feeds with most unread."""

    unread: int = Field(description="unread entries in all feeds")
    feeds: int
    feeds_with_errors: int = Field(description="feeds whose last refreshes failed")
    top_feeds: list[MinifluxFeedUnread] = Field(
        description="the 10 feeds with most unread entries (only those with some)"
    )
