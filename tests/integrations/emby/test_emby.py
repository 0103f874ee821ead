"""Emby integration against fixtures transcribed from the Emby REST API 4.8 documentation.

Emby runs Jellyfin's implementation: these tests cover what differs (paths under ``/emby``,
the ``X-Emby-Authorization`` / ``X-Emby-Token`` headers, Emby's answers) and the failures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import httpx

from integrations.capabilities import (
    MediaKind,
    MediaLibraryCounts,
    MediaServerActivity,
    PlaybackState,
)
from integrations.emby import integration
from integrations.emby.client import EmbyClient
from integrations.errors import ErrorCode
from integrations.jellyfin import integration as jellyfin
from integrations.types import ServiceInfo
from tests.integrations.families.mediabrowser import (
    API_KEY,
    PASSWORD,
    SECRETS,
    FakeMediaBrowser,
    MediaBrowserContract,
)
from tests.integrations.upstream import fixture, fixture_body, refusal, response_of, secret_check

ID = "emby"
BASE = "http://emby.test:8096"
INFO = ("GET", "/System/Info")
SESSIONS = ("GET", "/Sessions")
COUNTS = ("GET", "/Items/Counts")
API = {INFO: "system_info", SESSIONS: "sessions", COUNTS: "item_counts"}


def config(
    *, api_key: str = API_KEY, password: str | None = None, url: str = BASE
) -> dict[str, Any]:
    if password is not None:
        creds = {"type": "usernamePassword", "username": "dashboard", "password": password}
        return {"url": url, "credentials": creds}
    return {"url": url, "credentials": {"type": "apiKey", "apiKey": api_key}}


body = partial(fixture_body, ID)
assert_no_secret = secret_check(always=SECRETS)


def emby_token(request: httpx.Request) -> str | None:
    return request.headers.get("x-emby-token")


def fake_emby(routes: dict[tuple[str, str], Any] | None = None) -> FakeMediaBrowser:
    return FakeMediaBrowser(ID, prefix="/emby", token_of=emby_token, api=API, routes=routes)


refused = partial(refusal, ID)


def emby_authorization(request: httpx.Request) -> dict[str, str]:
    scheme, _, params = request.headers["x-emby-authorization"].partition(" ")
    assert scheme == "Emby"
    return dict(re.findall(r'(\w+)="([^"]*)"', params))


# --- metadata -----------------------------------------------------------------------------------


def test_metadata_is_emby_on_jellyfin_endpoints() -> None:
    assert integration.id == "emby"
    assert integration.default_port == 8096
    assert integration.verification == "Built from the Emby REST API documentation, version 4.8"
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    assert set(integration.endpoints) == {"sessions", "libraries"} == set(jellyfin.endpoints)
    assert integration.endpoints["sessions"].payload is MediaServerActivity
    assert integration.endpoints["libraries"].payload is MediaLibraryCounts


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_api_key(make_client: Callable[..., EmbyClient]) -> None:
    fake = fake_emby()
    info = await integration.test_connection(make_client(fake.upstream))

    answer = body("system_info")
    assert info == ServiceInfo(
        version=answer["Version"],
        details={
            "serverName": answer["ServerName"],
            "serverId": answer["Id"],
            "operatingSystem": answer["OperatingSystem"],
        },
    )
    assert info.version == "4.8.10.0"
    (request,) = fake.upstream.requests
    assert request.url.path == "/emby/System/Info"
    assert request.headers["x-emby-token"] == API_KEY
    assert "Token" not in emby_authorization(request)
    assert "authorization" not in request.headers
    assert not request.url.query


async def test_sessions_match_the_playing_clients(make_client: Callable[..., EmbyClient]) -> None:
    fake = fake_emby()
    activity = await integration.fetch_data(make_client(fake.upstream), "sessions")

    raw = body("sessions")
    episode, movie = activity.sessions
    assert [s.id for s in activity.sessions] == [s["Id"] for s in raw]
    assert (episode.kind, episode.title, episode.subtitle) == (
        MediaKind.EPISODE,
        "Twin Peaks",
        "S01E01 Pilot",
    )
    assert episode.progress == raw[0]["PlayState"]["PositionTicks"] / 36000000000
    assert (episode.state, episode.transcoding) == (PlaybackState.PLAYING, False)  # DirectStream
    assert (movie.kind, movie.user, movie.device) == (MediaKind.MOVIE, "sansa", "iPhone")
    assert movie.transcoding is True
    assert (activity.playing, activity.transcoding) == (2, 1)
    (request,) = fake.requests_to("/Sessions")
    assert request.url.path == "/emby/Sessions"
    assert not request.url.query  # Emby documents no activity filter


async def test_libraries_count_artists(make_client: Callable[..., EmbyClient]) -> None:
    counts = await integration.fetch_data(make_client(fake_emby().upstream), "libraries")
    raw = body("item_counts")
    assert counts == MediaLibraryCounts(
        movies=raw["MovieCount"],
        series=raw["SeriesCount"],
        episodes=raw["EpisodeCount"],
        artists=raw["ArtistCount"],
        albums=raw["AlbumCount"],
        tracks=raw["SongCount"],
        books=raw["BookCount"],
    )
    assert counts.artists == 96


# --- sessions -----------------------------------------------------------------------------------


async def test_login_with_emby_headers(make_client: Callable[..., EmbyClient]) -> None:
    fake = fake_emby()
    client = make_client(fake.upstream, password=PASSWORD)
    await integration.test_connection(client)
    await integration.fetch_data(client, "sessions")

    login, *calls = fake.upstream.requests
    assert login.url.path == "/emby/Users/AuthenticateByName"
    assert json.loads(login.content) == {"Username": "dashboard", "Pw": PASSWORD}
    assert "x-emby-token" not in login.headers
    assert {"Client", "Device", "DeviceId", "Version"} <= set(emby_authorization(login))
    assert [r.headers["x-emby-token"] for r in calls] == ["session-1", "session-1"]
    assert fake.logins == 1


# --- failures -----------------------------------------------------------------------------------


async def test_other_json_is_invalid_response(make_client: Callable[..., EmbyClient]) -> None:
    fake = fake_emby({INFO: lambda request: response_of(fixture(ID, "item_counts"))})
    err = await refused(make_client(fake.upstream))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "Version" in err.message


async def test_jellyfin_paths_without_prefix_are_not_found(
    make_client: Callable[..., EmbyClient],
) -> None:
    # A server that serves the API only at the root (Jellyfin) has no /emby/...
    jellyfin_like = FakeMediaBrowser(ID, token_of=emby_token, api=API)
    err = await refused(make_client(jellyfin_like.upstream))
    assert (err.code, err.status) == (ErrorCode.NOT_FOUND, 404)


class TestEmbyContract(MediaBrowserContract):
    ID = ID
    APP = "Emby"
    BASE = BASE
    PREFIX = "/emby"
    KEY_HINT = "Server Dashboard > Advanced > Security"
    RENEWED = ("sessions", "/Sessions")
    NOT_JSON = (SESSIONS, "sessions")
    FAILING = (COUNTS, "libraries", 503)

    def fake(self, routes: Mapping[tuple[str, str], Any] | None = None) -> FakeMediaBrowser:
        return fake_emby(dict(routes or {}))
