"""FreshRSS: unread articles, feeds, and the categories with most unread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.freshrss.client import FreshRSSClient
    from integrations.freshrss.models import UnreadCounts

UNREAD_PATH = "api/greader.php/reader/api/0/unread-count"
TOP_LABELS = 10


class FreshRSSLabel(Payload):
    name: str
    unread: int


class FreshRSSUnread(Payload):
    """Unread articles in every feed, and the categories and labels with most unread."""

    unread: int
    feeds: int
    feeds_with_unread: int
    top_labels: list[FreshRSSLabel] = Field(
        description="the 10 categories or labels with most unread (only those with some)"
    )


def unread_of(counts: UnreadCounts) -> FreshRSSUnread:
    from integrations.freshrss.models import FEED_PREFIX, LABEL_PREFIX, READING_LIST

    total = next((c.count for c in counts.unreadcounts if c.id == READING_LIST), counts.max)
    feeds = [c for c in counts.unreadcounts if c.id.startswith(FEED_PREFIX)]
    labels = [
        FreshRSSLabel(name=c.id.removeprefix(LABEL_PREFIX)[:100], unread=c.count)
        for c in counts.unreadcounts
        if c.id.startswith(LABEL_PREFIX) and c.count > 0
    ]
    return FreshRSSUnread(
        unread=total,
        feeds=len(feeds),
        feeds_with_unread=sum(1 for f in feeds if f.count > 0),
        top_labels=sorted(labels, key=lambda label: (-label.unread, label.name.casefold()))[
            :TOP_LABELS
        ],
    )


class FreshRSS(Integration["FreshRSSClient"]):
    id = "freshrss"
    name = "FreshRSS"
    icon = "freshrss"
    categories = ("news",)
    docs_url = "https://freshrss.github.io/FreshRSS/en/developers/06_GoogleReader_API.html"
    verification = "Built from the FreshRSS Google Reader API documentation, version 1.24.3"
    credentials = (UsernamePassword,)
    client_class = "integrations.freshrss.client:FreshRSSClient"

    async def _unread(self, client: FreshRSSClient) -> FreshRSSUnread:
        from integrations.freshrss.models import UnreadCounts

        counts = await client.get_json(UNREAD_PATH, UnreadCounts, params={"output": "json"})
        return unread_of(counts)

    async def test_connection(self, client: FreshRSSClient) -> ServiceInfo:
        unread = await self._unread(client)
        return ServiceInfo.of(None, {"unread": str(unread.unread), "feeds": str(unread.feeds)})

    @endpoint(
        "unread",
        name="Unread",
        description="Unread articles in every feed, how many feeds have some, and the 10 "
        "categories or labels with most unread.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def unread(self, client: FreshRSSClient) -> FreshRSSUnread:
        return await self._unread(client)
