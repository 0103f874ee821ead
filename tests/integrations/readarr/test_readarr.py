"""Readarr (API v1, retired upstream) against fixtures transcribed from Readarr's OpenAPI
document and resources; the shared Servarr behaviour is ``ServarrContract``'s."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from integrations.capabilities import MediaCalendarItem, MediaQueueItem, MediaWantedItem
from tests.integrations.families.servarr import Make, ServarrContract, parse_date, progress


class TestReadarr(ServarrContract):
    ID = "readarr"
    APP = "Readarr"
    API = "v1"
    OTHER_API = "v3"
    SAME_API_APP = "lidarr"
    OTHER_API_APP = "radarr"
    QUEUE_PARAMS = {"includeAuthor": "true", "includeBook": "true"}
    WANTED_PARAMS = {"includeAuthor": "true"}
    CALENDAR_PARAMS = {"includeAuthor": "true"}
    SORT_KEY = "releaseDate"
    COMMANDS = {
        "searchMissing": "MissingBookSearch",
        "refresh": "RefreshAuthor",
        "rssSync": "RssSync",
    }

    async def test_queue_matches_the_fixture(self, make_client: Make) -> None:
        queue = await self.fetch(make_client(self.fake().upstream), "queue")

        records = self.records("queue")
        assert queue.items == [
            MediaQueueItem(
                id=str(r["id"]),
                title=r["author"]["authorName"],
                subtitle=r["book"]["title"],
                status=status,
                progress=progress(r),
                size=r["size"],
                size_left=r["sizeleft"],
                eta_seconds=eta,
                download_client=r["downloadClient"],
                protocol=r["protocol"],
            )
            for r, status, eta in zip(records, ["downloading", "warning"], [30, 0], strict=True)
        ]

    WANTED_COUNTS = (9, 3)

    def wanted_item(self, record: dict[str, Any]) -> MediaWantedItem:
        return MediaWantedItem(
            title=record["author"]["authorName"],
            subtitle=record["title"],
            date=parse_date(record["releaseDate"]),
        )

    async def test_calendar_matches_the_fixture(self, make_client: Make, clock: datetime) -> None:
        calendar = await self.fetch(make_client(self.fake().upstream), "calendar")

        records = sorted(self.records("calendar"), key=lambda r: r["releaseDate"])
        assert calendar.items == [
            MediaCalendarItem(
                title=r["author"]["authorName"],
                subtitle=r["title"],
                date=parse_date(r["releaseDate"]),
                has_file=r["statistics"]["bookFileCount"] > 0,
                monitored=r["monitored"],
            )
            for r in records
        ]
        assert [item.has_file for item in calendar.items] == [False, True]
