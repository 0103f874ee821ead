"""The parts of Sonarr's API answers Tilewire reads beyond the Servarr ones: series, episodes."""

from __future__ import annotations

from integrations.families.servarr.models import QueueRecord, ServarrModel, UtcDatetime


class Series(ServarrModel):
    """The part of Sonarr's SeriesResource Tilewire shows."""

    title: str | None = None
    runtime: int = 0
    """Minutes an episode of the series runs (0: unknown)."""


class Episode(ServarrModel):
    """Sonarr's EpisodeResource: in the calendar, the wanted lists and queue records."""

    season_number: int = 0
    episode_number: int = 0
    title: str | None = None
    air_date_utc: UtcDatetime | None = None
    runtime: int = 0
    """Minutes the episode runs (Sonarr v4; 0 or absent: unknown, the series' runtime then)."""
    has_file: bool = False
    monitored: bool = True
    series: Series | None = None


class SonarrQueueRecord(QueueRecord):
    """Sonarr's QueueResource, with ``includeSeries`` and ``includeEpisode``."""

    series: Series | None = None
    episode: Episode | None = None
