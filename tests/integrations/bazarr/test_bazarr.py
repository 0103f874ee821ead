"""Bazarr integration against fixtures transcribed from Bazarr's API models (bazarr/api/)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.bazarr import integration
from integrations.bazarr.client import BazarrClient
from integrations.bazarr.definition import WANTED_ITEMS, BazarrWanted, episode_label
from integrations.bazarr.models import WantedEpisode
from integrations.types import ServiceInfo
from tests.integrations.contracts import KEY, KeyHeaderContract, fake_app
from tests.integrations.upstream import (
    fixture_body,
    one_secret_config,
    secret_check,
)

ID = "bazarr"
BASE = "http://bazarr.test:6767"
STATUS = ("GET", "/api/system/status")
BADGES = ("GET", "/api/badges")
EPISODES = ("GET", "/api/episodes/wanted")
MOVIES = ("GET", "/api/movies/wanted")
API = {
    STATUS: "system_status",
    BADGES: "badges",
    EPISODES: "episodes_wanted",
    MOVIES: "movies_wanted",
}


config = one_secret_config(BASE, "apiKey", "apiKey", KEY)
body = partial(fixture_body, ID)
fake = partial(fake_app, ID, API)
assert_no_secret = secret_check(KEY)


def label(language: dict[str, Any]) -> str:
    suffix = " (forced)" if language["forced"] else " (HI)" if language["hi"] else ""
    return str(language["name"]) + suffix


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "bazarr"
    assert integration.default_port == 6767
    assert integration.verification.startswith("Built from the Bazarr API documentation")
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret")
    ]
    assert integration.endpoints["wanted"].payload is BazarrWanted


@pytest.mark.parametrize(
    ("number", "title", "expected"),
    [
        ("6x6", "Babylon's Ashes", "S06E06 Babylon's Ashes"),
        ("12x104", None, "S12E104"),
        (None, "Pilot", "Pilot"),
        ("special", "Pilot", "special Pilot"),
        (None, None, None),
    ],
)
def test_episode_label(number: str | None, title: str | None, expected: str | None) -> None:
    episode = WantedEpisode.model_validate({"episode_number": number, "episodeTitle": title})
    assert episode_label(episode) == expected


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., BazarrClient]) -> None:
    upstream = fake()
    info = await integration.test_connection(make_client(upstream))

    status = body("system_status")["data"]
    assert info == ServiceInfo(
        version=status["bazarr_version"],
        details={
            "sonarr": status["sonarr_version"],
            "radarr": status["radarr_version"],
            "python": status["python_version"],
        },
    )
    assert [r.headers["x-api-key"] for r in upstream.requests] == [KEY]


async def test_wanted_matches_the_documented_answers(
    make_client: Callable[..., BazarrClient],
) -> None:
    upstream = fake()
    payload = await integration.fetch_data(make_client(upstream), "wanted")

    badges, episodes, movies = body("badges"), body("episodes_wanted"), body("movies_wanted")
    assert isinstance(payload, BazarrWanted)
    assert payload.episodes == episodes["total"]
    assert payload.movies == movies["total"]
    assert payload.providers_throttled == badges["providers"]
    assert payload.health_issues == badges["status"]
    expected = [
        ("episode", e["seriesTitle"], [label(lang) for lang in e["missing_subtitles"]])
        for e in episodes["data"]
    ] + [
        ("movie", m["title"], [label(lang) for lang in m["missing_subtitles"]])
        for m in movies["data"]
    ]
    assert [(i.kind, i.title, i.languages) for i in payload.items] == expected
    assert payload.items[0].subtitle == "S06E06 Babylon's Ashes"
    assert payload.items[0].languages == ["English", "French (forced)"]
    assert payload.items[2].languages == ["German (HI)"]
    assert payload.items[-1].subtitle is None
    for path in (EPISODES[1], MOVIES[1]):
        (sent,) = [r for r in upstream.requests if r.url.path == path]
        assert dict(sent.url.params) == {"start": "0", "length": str(WANTED_ITEMS)}


async def test_wanted_from_an_older_bazarr(make_client: Callable[..., BazarrClient]) -> None:
    # Before the live badges, BadgesGet had only the four counts.
    badges = {key: body("badges")[key] for key in ("episodes", "movies", "providers", "status")}
    upstream = fake({BADGES: httpx.Response(200, json=badges)})
    payload = await integration.fetch_data(make_client(upstream), "wanted")
    assert (payload.providers_throttled, payload.health_issues) == (2, 1)


async def test_nothing_wanted(make_client: Callable[..., BazarrClient]) -> None:
    nothing = httpx.Response(200, json={"data": [], "total": 0})
    upstream = fake({EPISODES: nothing, MOVIES: nothing})
    payload = await integration.fetch_data(make_client(upstream), "wanted")
    assert (payload.episodes, payload.movies, payload.items) == (0, 0, [])


# --- failures -----------------------------------------------------------------------------------


class TestBazarrKeyHeader(KeyHeaderContract):
    ID = ID
    BASE = BASE
    API = API
    ENDPOINTS = ("wanted",)
    FAILING = (MOVIES, "wanted")
