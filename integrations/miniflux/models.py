"""The parts of Miniflux's API answers Tilewire reads."""

from __future__ import annotations

from pydantic import TypeAdapter

from integrations.base import UpstreamModel


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
