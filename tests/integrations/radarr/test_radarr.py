"""Radarr (API v3) against fixtures transcribed from Radarr's OpenAPI document and its wanted
controllers; the shared Servarr behaviour is ``ServarrContract``'s."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from integrations.capabilities import MediaCalendarItem, MediaQueueItem, MediaWantedItem
from tests.integrations.families.servarr import Make, ServarrContract, parse_date, progress


class TestRadarr(ServarrContract):
    ID = "radarr"
    APP = "Radarr"
    API = "v3"
    OTHER_API = "v1"
    SAME_API_APP = "sonarr"
    OTHER_API_APP = "readarr"
    QUEUE_PARAMS = {"includeMovie": "true"}
    WANTED_PARAMS: dict[str, str] = {}
    CALENDAR_PARAMS: dict[str, str] = {}
    SORT_KEY = "movieMetadata.inCinemas"
    COMMANDS = {
        "searchMissing": "MissingMoviesSearch",
        "refresh": "RefreshMovie",
        "rssSync": "RssSync",
    }

    async def test_queue_matches_the_fixture(self, make_client: Make) -> None:
        queue = await self.fetch(make_client(self.fake().upstream), "queue")

        records = self.records("queue")
        assert [r["trackedDownloadState"] for r in records] == [
            "downloading",
            "importBlocked",
            "failedPending",
        ]
        assert queue.items == [
            MediaQueueItem(
                id=str(r["id"]),
                title=r["movie"]["title"],
                subtitle=str(r["movie"]["year"]),
                status=status,
                progress=progress(r),
                size=r["size"],
                size_left=r["sizeleft"],
                eta_seconds=eta,
                download_client=r["downloadClient"],
                protocol=r["protocol"],
            )
            for r, status, eta in zip(
                records, ["downloading", "warning", "failed"], [1200, 0, None], strict=True
            )
        ]

    async def test_queue_record_without_a_movie_shows_the_release(self, make_client: Make) -> None:
        page = self.body("queue")
        del page["records"][0]["movie"]
        fake = self.fake({self.path("queue"): httpx.Response(200, json=page)})
        queue = await self.fetch(make_client(fake.upstream), "queue")
        assert queue.items[0].title == page["records"][0]["title"]
        assert queue.items[0].subtitle is None

    WANTED_COUNTS = (12, 4)

    def wanted_item(self, record: dict[str, Any]) -> MediaWantedItem:
        # The cinema release, or the first known release of a movie that had none.
        date = record["inCinemas"] or record["digitalRelease"]
        return MediaWantedItem(
            title=record["title"], subtitle=str(record["year"]), date=parse_date(date)
        )

    async def test_calendar_matches_the_fixture(self, make_client: Make, clock: datetime) -> None:
        calendar = await self.fetch(make_client(self.fake().upstream), "calendar")

        by_id = {r["id"]: r for r in self.records("calendar")}

        def item(movie_id: int, field: str, label: str) -> MediaCalendarItem:
            movie: dict[str, Any] = by_id[movie_id]
            return MediaCalendarItem(
                title=movie["title"],
                subtitle=label,
                date=parse_date(movie[field]),
                has_file=movie["hasFile"],
                monitored=movie["monitored"],
            )

        # Each movie shows the release that falls in the window.
        assert calendar.items == [
            item(32, "physicalRelease", "Physical release"),
            item(31, "digitalRelease", "Digital release"),
            item(33, "inCinemas", "In cinemas"),
        ]

    async def test_dates_without_an_offset_are_utc(
        self, make_client: Make, clock: datetime
    ) -> None:
        movies = self.records("calendar")
        for movie in movies:
            for field in ("inCinemas", "digitalRelease", "physicalRelease"):
                if movie[field]:
                    movie[field] = movie[field].removesuffix("Z")
        fake = self.fake({self.path("calendar"): httpx.Response(200, json=movies)})
        calendar = await self.fetch(make_client(fake.upstream), "calendar")
        expected = await self.fetch(make_client(self.fake().upstream), "calendar")
        assert calendar == expected
