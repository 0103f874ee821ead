"""Sonarr: its queue, wanted episodes and release calendar, as the shared media payloads."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from integrations.capabilities import MediaCalendarItem, MediaWantedItem
from integrations.families.servarr.definition import ServarrIntegration

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.sonarr.models import Episode, SonarrQueueRecord


def episode_code(episode: Episode) -> str:
    """``S01E02 Title``, as Sonarr shows an episode."""
    code = f"S{episode.season_number:02d}E{episode.episode_number:02d}"
    return f"{code} {episode.title}" if episode.title else code


class Sonarr(ServarrIntegration["SonarrQueueRecord", "Episode"]):
    """Sonarr v3 and v4 (both serve API v3)."""

    id = "sonarr"
    name = "Sonarr"
    icon = "sonarr"
    categories = ("media", "library", "tv")
    docs_url = "https://sonarr.tv/docs/api/"
    verification = "Built from the Sonarr API documentation, version v3 (Sonarr v4)"
    default_port = 8989
    client_class = "integrations.sonarr.client:SonarrClient"

    queue_params = {"includeSeries": "true", "includeEpisode": "true"}
    wanted_params = {"includeSeries": "true"}
    calendar_params = {"includeSeries": "true"}
    wanted_sort_key = "episodes.airDateUtc"
    missing_search_command = "MissingEpisodeSearch"
    refresh_command = "RefreshSeries"

    @property
    def queue_model(self) -> type[SonarrQueueRecord]:
        from integrations.sonarr.models import SonarrQueueRecord

        return SonarrQueueRecord

    @property
    def media_model(self) -> type[Episode]:
        from integrations.sonarr.models import Episode

        return Episode

    def queue_titles(self, record: SonarrQueueRecord) -> tuple[str | None, str | None]:
        series = record.series.title if record.series is not None else None
        return series, episode_code(record.episode) if record.episode is not None else None

    def wanted_item(self, record: Episode) -> MediaWantedItem:
        return MediaWantedItem(
            title=self._series_title(record),
            subtitle=episode_code(record),
            date=record.air_date_utc,
        )

    def calendar_item(
        self, record: Episode, start: datetime, end: datetime
    ) -> MediaCalendarItem | None:
        if record.air_date_utc is None:
            return None
        runtime = record.runtime or (record.series.runtime if record.series is not None else 0)
        return MediaCalendarItem(
            title=self._series_title(record),
            subtitle=episode_code(record),
            date=record.air_date_utc,
            end=record.air_date_utc + timedelta(minutes=runtime) if runtime > 0 else None,
            has_file=record.has_file,
            monitored=record.monitored,
        )

    @staticmethod
    def _series_title(record: Episode) -> str:
        return (record.series.title if record.series is not None else None) or "Unknown series"
