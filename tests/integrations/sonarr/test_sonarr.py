"""Sonarr (API v3) against fixtures transcribed from Sonarr's OpenAPI document, plus the
Servarr helpers every app shares."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import httpx
import pytest

from integrations.capabilities import MediaCalendarItem, MediaQueueItem, MediaWantedItem
from integrations.families.servarr.definition import queue_status, seconds_left
from integrations.families.servarr.models import QueueRecord, TimeSpan
from tests.integrations.families.servarr import Make, ServarrContract, parse_date, progress


def code(episode: dict[str, Any]) -> str:
    return f"S{episode['seasonNumber']:02d}E{episode['episodeNumber']:02d} {episode['title']}"


class TestSonarr(ServarrContract):
    ID = "sonarr"
    APP = "Sonarr"
    API = "v3"
    OTHER_API = "v1"
    SAME_API_APP = "radarr"
    OTHER_API_APP = "lidarr"
    QUEUE_PARAMS = {"includeSeries": "true", "includeEpisode": "true"}
    WANTED_PARAMS = {"includeSeries": "true"}
    CALENDAR_PARAMS = {"includeSeries": "true"}
    SORT_KEY = "episodes.airDateUtc"
    COMMANDS = {
        "searchMissing": "MissingEpisodeSearch",
        "refresh": "RefreshSeries",
        "rssSync": "RssSync",
    }

    async def test_queue_matches_the_fixture(self, make_client: Make) -> None:
        queue = await self.fetch(make_client(self.fake().upstream), "queue")

        records = self.records("queue")
        assert [r["status"] for r in records] == [
            "downloading",
            "completed",
            "delay",
            "downloading",
        ]
        expected_status = ["downloading", "importing", "delayed", "warning"]
        assert queue.items == [
            MediaQueueItem(
                id=str(r["id"]),
                title=r["series"]["title"],
                subtitle=code(r["episode"]),
                status=status,
                progress=progress(r),
                size=r["size"],
                size_left=r["sizeleft"],
                eta_seconds=eta,
                download_client=r["downloadClient"],
                protocol=r["protocol"],
            )
            for r, status, eta in zip(records, expected_status, [256, 0, None, 93784], strict=True)
        ]
        assert [item.progress for item in queue.items] == [0.75, 1.0, 0.0, 0.25]
        assert queue.items[0].subtitle == "S02E05 Trojan's Horse"

    WANTED_COUNTS = (27, 5)

    def wanted_item(self, record: dict[str, Any]) -> MediaWantedItem:
        return MediaWantedItem(
            title=record["series"]["title"],
            subtitle=code(record),
            date=parse_date(record["airDateUtc"]),
        )

    async def test_calendar_matches_the_fixture(self, make_client: Make, clock: Any) -> None:
        calendar = await self.fetch(make_client(self.fake().upstream), "calendar")

        records = sorted(self.records("calendar"), key=lambda r: r["airDateUtc"])
        assert calendar.items == [
            MediaCalendarItem(
                title=r["series"]["title"],
                subtitle=code(r),
                date=parse_date(r["airDateUtc"]),
                end=parse_date(r["airDateUtc"]) + timedelta(minutes=r["runtime"]),
                has_file=r["hasFile"],
                monitored=r["monitored"],
            )
            for r in records
        ]
        assert [item.has_file for item in calendar.items] == [True, False, False]
        assert not calendar.capped
        assert all(item.all_day is False and item.date.tzinfo is UTC for item in calendar.items)

    async def test_calendar_end_falls_back_to_the_series_runtime(self, make_client: Make) -> None:
        records = self.records("calendar")
        for record in records:
            record.pop("runtime", None)  # Sonarr v3 has no episode runtime
        records[0]["series"]["runtime"] = 0  # nor, here, a series runtime: no end
        fake = self.fake({self.path("calendar"): httpx.Response(200, json=records)})
        calendar = await self.fetch(make_client(fake.upstream), "calendar")
        ends = {item.date: item.end for item in calendar.items}
        first = parse_date(records[0]["airDateUtc"])
        assert ends.pop(first) is None
        for record in records[1:]:
            start = parse_date(record["airDateUtc"])
            assert ends[start] == start + timedelta(minutes=record["series"]["runtime"])

    async def test_calendar_skips_episodes_without_a_date(self, make_client: Make) -> None:
        records = self.records("calendar")
        records[0]["airDateUtc"] = None
        fake = self.fake({self.path("calendar"): httpx.Response(200, json=records)})
        calendar = await self.fetch(make_client(fake.upstream), "calendar")
        assert len(calendar.items) == len(records) - 1


@pytest.mark.parametrize(
    ("status", "state", "tracked", "expected"),
    [
        ("downloading", "downloading", "ok", "downloading"),
        ("paused", "downloading", "ok", "paused"),
        ("queued", "downloading", "ok", "queued"),
        ("completed", "importPending", "ok", "importing"),
        ("completed", "importing", "ok", "importing"),
        ("completed", "imported", "ok", "completed"),
        ("completed", "importBlocked", "warning", "warning"),
        ("completed", "importFailed", "ok", "warning"),  # Lidarr, Readarr
        ("downloading", "downloading", "warning", "warning"),
        ("failed", "failedPending", "error", "failed"),
        ("failed", "downloadFailedPending", "ok", "failed"),  # Lidarr, Readarr
        ("warning", None, None, "warning"),
        ("delay", None, None, "delayed"),
        ("fallback", None, None, "delayed"),
        ("downloadClientUnavailable", None, None, "warning"),
        ("somethingNew", None, None, "somethingnew"),
        (None, None, None, "unknown"),
    ],
)
def test_queue_status(
    status: str | None, state: str | None, tracked: str | None, expected: str
) -> None:
    record = QueueRecord(
        id=1, status=status, tracked_download_state=state, tracked_download_status=tracked
    )
    assert queue_status(record) == expected


@pytest.mark.parametrize(
    ("timeleft", "seconds"),
    [
        ("00:04:16", 256),
        ("1.02:03:04", 93784),
        ("00:00:05.1234567", 5),
        ("00:00:00", 0),
        (TimeSpan(total_seconds=3723.5), 3723),
        (None, None),
        ("soon", None),
    ],
)
def test_seconds_left(timeleft: str | TimeSpan | None, seconds: int | None) -> None:
    assert seconds_left(timeleft) == seconds
