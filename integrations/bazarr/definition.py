"""Bazarr: the episodes and movies still lacking wanted subtitles, as one payload."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.bazarr.client import BazarrClient
    from integrations.bazarr.models import SubtitleLanguage, WantedEpisode, WantedMovie

WANTED_ITEMS = 10
"""Episodes and movies listed, each (Bazarr answers the newest first)."""
_EPISODE_NUMBER = re.compile(r"^(\d+)x(\d+)$")


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


def language_label(language: SubtitleLanguage) -> str:
    label = language.name or language.code2 or "unknown"
    if language.forced:
        return f"{label} (forced)"
    if language.hi:
        return f"{label} (HI)"
    return label


def episode_label(episode: WantedEpisode) -> str | None:
    """``S02E05 Title`` from Bazarr's ``2x5`` and the episode title."""
    number = episode.episode_number or ""
    found = _EPISODE_NUMBER.match(number)
    if found is not None:
        number = f"S{int(found[1]):02d}E{int(found[2]):02d}"
    label = " ".join(part for part in (number, episode.episode_title) if part)
    return label or None


def episode_item(episode: WantedEpisode) -> BazarrWantedItem:
    return BazarrWantedItem(
        kind="episode",
        title=episode.series_title or "Unknown series",
        subtitle=episode_label(episode),
        languages=[language_label(lang) for lang in episode.missing_subtitles],
    )


def movie_item(movie: WantedMovie) -> BazarrWantedItem:
    return BazarrWantedItem(
        kind="movie",
        title=movie.title or "Unknown movie",
        languages=[language_label(lang) for lang in movie.missing_subtitles],
    )


class Bazarr(Integration["BazarrClient"]):
    id = "bazarr"
    name = "Bazarr"
    icon = "bazarr"
    categories = ("media", "subtitles")
    docs_url = "https://github.com/morpheus65535/bazarr/tree/master/bazarr/api"
    verification = "Built from the Bazarr API documentation, version 1.x (/api/swagger.json)"
    default_port = 6767
    credentials = (ApiKey,)
    client_class = "integrations.bazarr.client:BazarrClient"

    async def test_connection(self, client: BazarrClient) -> ServiceInfo:
        from integrations.bazarr.models import SystemStatus

        status = (await client.get_json("api/system/status", SystemStatus)).data
        details = {
            "package": status.package_version,
            "sonarr": status.sonarr_version,
            "radarr": status.radarr_version,
            "python": status.python_version,
        }
        return ServiceInfo.of(status.bazarr_version, details)

    @endpoint(
        "wanted",
        name="Wanted subtitles",
        description="How many episodes and movies lack wanted subtitles, the latest of them "
        "with the languages missing, throttled providers and health issues.",
        ttl=120.0,
        min_refresh=30.0,
    )
    async def wanted(self, client: BazarrClient) -> BazarrWanted:
        from integrations.bazarr.models import Badges, WantedEpisodes, WantedMovies

        page = {"start": 0, "length": WANTED_ITEMS}
        badges, episodes, movies = await together(
            client.get_json("api/badges", Badges),
            client.get_json("api/episodes/wanted", WantedEpisodes, params=page),
            client.get_json("api/movies/wanted", WantedMovies, params=page),
        )
        return BazarrWanted(
            episodes=episodes.total,
            movies=movies.total,
            providers_throttled=badges.providers,
            health_issues=badges.status,
            items=[episode_item(e) for e in episodes.data[:WANTED_ITEMS]]
            + [movie_item(m) for m in movies.data[:WANTED_ITEMS]],
        )
