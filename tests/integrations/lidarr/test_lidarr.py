"""Lidarr (API v1) against fixtures transcribed from Lidarr's OpenAPI document; the shared
Servarr behaviour is ``ServarrContract``'s."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from integrations.capabilities import MediaCalendarItem, MediaQueueItem, MediaWantedItem
from tests.integrations.families.servarr import Make, ServarrContract, parse_date, progress


class TestLidarr(ServarrContract):
    ID = "lidarr"
    APP = "Lidarr"
    API = "v1"
    OTHER_API = "v3"
    SAME_API_APP = "readarr"
    OTHER_API_APP = "sonarr"
    QUEUE_PARAMS = {"includeArtist": "true", "includeAlbum": "true"}
    WANTED_PARAMS = {"includeArtist": "true"}
    CALENDAR_PARAMS = {"includeArtist": "true"}
    SORT_KEY = "releaseDate"
    COMMANDS = {
        "searchMissing": "MissingAlbumSearch",
        "refresh": "RefreshArtist",
        "rssSync": "RssSync",
    }

    async def test_queue_matches_the_fixture(self, make_client: Make) -> None:
        queue = await self.fetch(make_client(self.fake().upstream), "queue")

        records = self.records("queue")
        # timeleft as a string, and as the TimeSpan object Lidarr's schema documents
        assert [
            r["timeleft"] if isinstance(r["timeleft"], str) else r["timeleft"]["totalSeconds"]
            for r in records
        ] == ["00:01:40", 0.0, 3723.0]
        assert queue.items == [
            MediaQueueItem(
                id=str(r["id"]),
                title=r["artist"]["artistName"],
                subtitle=r["album"]["title"],
                status=status,
                progress=progress(r),
                size=r["size"],
                size_left=r["sizeleft"],
                eta_seconds=eta,
                download_client=r["downloadClient"],
                protocol=r["protocol"],
            )
            for r, status, eta in zip(
                records, ["downloading", "importing", "queued"], [100, 0, 3723], strict=True
            )
        ]

    WANTED_COUNTS = (42, 7)

    def wanted_item(self, record: dict[str, Any]) -> MediaWantedItem:
        return MediaWantedItem(
            title=record["artist"]["artistName"],
            subtitle=record["title"],
            date=parse_date(record["releaseDate"]),
        )

    async def test_calendar_matches_the_fixture(self, make_client: Make, clock: datetime) -> None:
        calendar = await self.fetch(make_client(self.fake().upstream), "calendar")

        records = sorted(self.records("calendar"), key=lambda r: r["releaseDate"])
        # An album is in the library when every track of its release is.
        complete = [
            r["statistics"]["trackFileCount"] >= r["statistics"]["trackCount"] > 0 for r in records
        ]
        assert complete == [False, False, True]
        assert calendar.items == [
            MediaCalendarItem(
                title=r["artist"]["artistName"],
                subtitle=r["title"],
                date=parse_date(r["releaseDate"]),
                has_file=has_file,
                monitored=r["monitored"],
            )
            for r, has_file in zip(records, complete, strict=True)
        ]
