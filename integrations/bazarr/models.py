"""The parts of Bazarr's API answers Tilewire reads, and Bazarr's own payload.

Field names follow the flask-restx models of ``bazarr/api/`` (what ``/api/swagger.json``
documents): ``BadgesGet``, ``EpisodeWantedGetResponse``, ``MovieWantedGetResponse`` and the
shared ``subtitles_language_model``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

# --- upstream --------------------------------------------------------------------------------


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


# --- payloads --------------------------------------------------------------------------------


class BazarrWantedItem(Payload):
    kind: Literal["episode", "movie"]
    title: str = Field(description="the series or the movie")
    subtitle: str | None = Field(None, description='for an episode, e.g. "S02E05 Title"')
    languages: list[str] = Field(description='the missing subtitles, e.g. "French (forced)"')


class BazarrWanted(Payload):
    """Episodes and movies that lack wanted subtitles, and Bazarr's own troubles."""

    episodes: int = Field(description="episodes lacking at least one wanted subtitle")
    movies: int = Field(description="movies lacking at least one wanted subtitle")
    providers_throttled: int = Field(
        description="subtitle providers Bazarr has paused after errors"
    )
    health_issues: int = Field(description="problems listed in System > Status")
    items: list[BazarrWantedItem] = Field(
        description="the latest wanted episodes, then the latest wanted movies (10 of each)"
    )
