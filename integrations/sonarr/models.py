"""The parts of Sonarr's API answers Tilewire reads beyond the Servarr ones: series, episodes."""

from __future__ import annotations

from integrations.families.servarr.models import QueueRecord, ServarrModel, UtcDatetime


class Series(ServarrModel):
    """The part of Sonarr's SeriesResource Tilewire shows."""

    title: str | None = None


class Episode(ServarrModel):
    """Sonarr's EpisodeResource: in the calendar, the wanted lists and queue records."""

    season_number: int = 0
    episode_number: int = 0
    title: str | None = None
    air_date_utc: UtcDatetime | None = None
    has_file: bool = False
    monitored: bool = True
    series: Series | None = None


class SonarrQueueRecord(QueueRecord):
    """Sonarr's QueueResource, with ``includeSeries`` and ``includeEpisode``."""

    series: Series | None = None
    episode: Episode | None = None
