"""Miniflux: unread entries, failing feeds and the feeds with most unread entries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey, UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.miniflux.client import MinifluxClient
    from integrations.miniflux.models import Counters, Feed

TOP_FEEDS = 10


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


def unread(feeds: list[Feed], counters: Counters) -> MinifluxUnread:
    with_unread = [
        MinifluxFeedUnread(
            id=feed.id,
            title=feed.title,
            category=feed.category.title if feed.category is not None else None,
            unread=counters.unreads[feed.id],
        )
        for feed in feeds
        if counters.unreads.get(feed.id, 0) > 0
    ]
    with_unread.sort(key=lambda f: (-f.unread, f.title.casefold()))
    return MinifluxUnread(
        unread=sum(counters.unreads.values()),
        feeds=len(feeds),
        feeds_with_errors=sum(feed.parsing_error_count > 0 for feed in feeds),
        top_feeds=with_unread[:TOP_FEEDS],
    )


class Miniflux(Integration["MinifluxClient"]):
    """A Miniflux 2 server (2.0.37 or later)."""

    id = "miniflux"
    name = "Miniflux"
    icon = "miniflux"
    categories = ("news", "rss")
    docs_url = "https://miniflux.app/docs/api.html"
    verification = "Built from the Miniflux API documentation, version 2.0.49"
    default_port = 8080
    credentials = (ApiKey, UsernamePassword)
    client_class = "integrations.miniflux.client:MinifluxClient"

    async def test_connection(self, client: MinifluxClient) -> ServiceInfo:
        from integrations.miniflux.models import User

        user, version = await together(client.get_json("v1/me", User), client.version())
        return ServiceInfo(version=version, details={"username": user.username})

    @endpoint(
        "unread",
        name="Unread",
        description=f"Unread entries, feeds, feeds failing to refresh, and the {TOP_FEEDS} "
        "feeds with most unread entries.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def unread(self, client: MinifluxClient) -> MinifluxUnread:
        from integrations.miniflux.models import FEEDS

        feeds, counters = await together(client.get_json("v1/feeds", FEEDS), client.counters())
        return unread(feeds, counters)
