"""Miniflux: unread entries, failing feeds and the feeds with most unread entries."""

from __future__ import annotations

import asyncio

from integrations.config import ApiKey, UsernamePassword
from integrations.miniflux.client import MinifluxClient
from integrations.miniflux.models import (
    FEEDS,
    Counters,
    Feed,
    MinifluxFeedUnread,
    MinifluxUnread,
    User,
)
from integrations.types import Integration, ServiceInfo, endpoint

TOP_FEEDS = 10


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


class Miniflux(Integration[MinifluxClient]):
    """A Miniflux 2 server (2.0.37 or later)."""

    id = "miniflux"
    name = "Miniflux"
    icon = "miniflux"
    categories = ("news", "rss")
    docs_url = "https://miniflux.app/docs/api.html"
    verification = "Built from the Miniflux API documentation, version 2.0.49"
    default_port = 8080
    credentials = (ApiKey, UsernamePassword)
    client_class = MinifluxClient

    async def test_connection(self, client: MinifluxClient) -> ServiceInfo:
        user, version = await asyncio.gather(client.get("v1/me", User), client.version())
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
        feeds, counters = await asyncio.gather(client.get("v1/feeds", FEEDS), client.counters())
        return unread(feeds, counters)
