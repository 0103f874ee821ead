"""The parts of Bazarr's API answers Tilewire reads.

Field names follow the flask-restx models of ``bazarr/api/`` (what ``/api/swagger.json``
documents): ``BadgesGet``, ``EpisodeWantedGetResponse``, ``MovieWantedGetResponse`` and the
shared ``subtitles_language_model``.
"""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class SystemStatusData(UpstreamModel):
    bazarr_version: str
    package_version: str = ""
    sonarr_version: str = ""
    radarr_version: str = ""
    python_version: str = ""


class SystemStatus(UpstreamModel):
    """``GET /api/system/status``: ``{"data": {...}}``."""

    data: SystemStatusData


class Badges(UpstreamModel):
    """``GET /api/badges`` (``BadgesGet``)."""

    episodes: int
    movies: int
    providers: int
    """Providers Bazarr is throttling after errors."""
    status: int
    """Health issues."""


class SubtitleLanguage(UpstreamModel):
    """One entry of ``missing_subtitles`` (``subtitles_language_model``)."""

    name: str | None = None
    code2: str | None = None
    forced: bool = False
    hi: bool = False


class WantedEpisode(UpstreamModel):
    series_title: str | None = Field(None, alias="seriesTitle")
    episode_number: str | None = None
    """``<season>x<episode>``, e.g. ``2x05``."""
    episode_title: str | None = Field(None, alias="episodeTitle")
    missing_subtitles: list[SubtitleLanguage] = []


class WantedEpisodes(UpstreamModel):
    """``GET /api/episodes/wanted`` (``EpisodeWantedGetResponse``)."""

    data: list[WantedEpisode]
    total: int
    """Episodes lacking at least one wanted subtitle, whatever ``length`` asked for."""


class WantedMovie(UpstreamModel):
    title: str | None = None
    missing_subtitles: list[SubtitleLanguage] = []


class WantedMovies(UpstreamModel):
    """``GET /api/movies/wanted`` (``MovieWantedGetResponse``)."""

    data: list[WantedMovie]
    total: int
