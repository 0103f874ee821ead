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
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture_body,
    needs_header,
    one_secret_config,
    secret_check,
)

ID = "bazarr"
KEY = "fixture-api-key"
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
assert_no_secret = secret_check(KEY)


def fake_bazarr(routes: dict[tuple[str, str], Any] | None = None) -> FakeUpstream:
    """Bazarr's ``authenticate`` over the transcribed answers: no right key, 401."""
    return FakeUpstream(
        ID, {**API, **(routes or {})}, refuse=needs_header(ID, "x-api-key", KEY, "wrong_api_key")
    )


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
    upstream = fake_bazarr()
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
    upstream = fake_bazarr()
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
    upstream = fake_bazarr({BADGES: httpx.Response(200, json=badges)})
    payload = await integration.fetch_data(make_client(upstream), "wanted")
    assert (payload.providers_throttled, payload.health_issues) == (2, 1)


async def test_nothing_wanted(make_client: Callable[..., BazarrClient]) -> None:
    nothing = httpx.Response(200, json={"data": [], "total": 0})
    upstream = fake_bazarr({EPISODES: nothing, MOVIES: nothing})
    payload = await integration.fetch_data(make_client(upstream), "wanted")
    assert (payload.episodes, payload.movies, payload.items) == (0, 0, [])


# --- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint_id", [None, "wanted"])
async def test_wrong_api_key_is_unauthorized(
    make_client: Callable[..., BazarrClient], endpoint_id: str | None
) -> None:
    client = make_client(fake_bazarr(), secret="wrong-api-key")
    call = (
        integration.test_connection(client)
        if endpoint_id is None
        else integration.fetch_data(client, endpoint_id)
    )
    with pytest.raises(IntegrationError) as caught:
        await call
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "API key" in err.message
    assert_no_secret(err, "wrong-api-key")


@pytest.mark.parametrize("name", ["not_that_service", "other_json"])
async def test_not_bazarr_is_invalid_response(
    make_client: Callable[..., BazarrClient], name: str
) -> None:
    upstream = FakeUpstream(ID, dict.fromkeys(API, name))
    client = make_client(upstream)
    for call in (integration.test_connection(client), integration.fetch_data(client, "wanted")):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert caught.value.code is ErrorCode.INVALID_RESPONSE
        assert caught.value.status == 200
        assert_no_secret(caught.value)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., BazarrClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert (caught.value.code, caught.value.status) == (ErrorCode.NOT_FOUND, 404)
    assert caught.value.url == f"{BASE}/api/system/status"


async def test_server_error_is_upstream_error(make_client: Callable[..., BazarrClient]) -> None:
    upstream = fake_bazarr({MOVIES: httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(upstream), "wanted")
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert caught.value.url == f"{BASE}/api/movies/wanted"  # the query string is left out
    assert_no_secret(caught.value)
