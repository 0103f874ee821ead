"""The parts of FreshRSS's Google Reader API answers Tilewire reads (FreshRSS 1.24.3,
p/api/greader.php: clientLogin, unreadCount)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel

READING_LIST = "user/-/state/com.google/reading-list"
FEED_PREFIX = "feed/"
LABEL_PREFIX = "user/-/label/"


class UnreadCount(UpstreamModel):
    id: str
    count: int


class UnreadCounts(UpstreamModel):
    """``GET /reader/api/0/unread-count?output=json``: per feed, category and label, and the
    reading list (every feed)."""

    max: int = 0
    unreadcounts: list[UnreadCount] = Field(default_factory=list)
