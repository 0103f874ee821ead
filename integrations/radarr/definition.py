"""Radarr: its queue, wanted movies and release calendar, as the shared media payloads."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from integrations.capabilities import MediaCalendarItem, MediaWantedItem
from integrations.families.servarr.definition import ServarrIntegration

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.radarr.models import Movie, RadarrQueueRecord


def year_of(movie: Movie) -> str | None:
    return str(movie.year) if movie.year > 0 else None


class Radarr(ServarrIntegration["RadarrQueueRecord", "Movie"]):
    """Radarr v3 and later (API v3); the wanted lists need a release that serves them."""

    id = "radarr"
    name = "Radarr"
    icon = "radarr"
    categories = ("media", "library", "movies")
    docs_url = "https://radarr.video/docs/api/"
    verification = "Built from the Radarr API documentation, version v3"
    default_port = 7878
    client_class = "integrations.radarr.client:RadarrClient"

    queue_params = {"includeMovie": "true"}
    wanted_sort_key = "movieMetadata.inCinemas"
    missing_search_command = "MissingMoviesSearch"
    refresh_command = "RefreshMovie"

    @property
    def queue_model(self) -> type[RadarrQueueRecord]:
        from integrations.radarr.models import RadarrQueueRecord

        return RadarrQueueRecord

    @property
    def media_model(self) -> type[Movie]:
        from integrations.radarr.models import Movie

        return Movie

    def queue_titles(self, record: RadarrQueueRecord) -> tuple[str | None, str | None]:
        if record.movie is None:
            return None, None
        return record.movie.title, year_of(record.movie)

    def wanted_item(self, record: Movie) -> MediaWantedItem:
        releases = record.releases()
        return MediaWantedItem(
            title=record.title or "Unknown movie",
            subtitle=year_of(record),
            date=record.in_cinemas or (releases[0][0] if releases else None),
        )

    def calendar_item(
        self, record: Movie, start: datetime, end: datetime
    ) -> MediaCalendarItem | None:
        # A movie is listed for any of its releases in the window: show the first of those.
        releases = record.releases()
        due = [release for release in releases if start <= release[0] <= end] or releases
        if not due:
            return None
        date, label = due[0]
        return MediaCalendarItem(
            title=record.title or "Unknown movie",
            subtitle=label,
            date=date,
            has_file=record.has_file,
            monitored=record.monitored,
        )
