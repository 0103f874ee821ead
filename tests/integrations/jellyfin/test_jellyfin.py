"""Jellyfin integration against fixtures transcribed from the Jellyfin 10.10 API documentation."""

from __future__ import annotations

import asyncio
import copy
import json
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.capabilities import (
    MediaKind,
    MediaLibraryCounts,
    MediaServerActivity,
    PlaybackState,
    episode_label,
    fraction,
)
from integrations.errors import ErrorCode
from integrations.families.mediabrowser.definition import KINDS
from integrations.jellyfin import integration
from integrations.jellyfin.client import JellyfinClient
from integrations.types import ServiceInfo
from tests.integrations.families.mediabrowser import (
    API_KEY,
    COUNTS,
    INFO,
    LOGIN,
    PASSWORD,
    SECRETS,
    SESSIONS,
    FakeMediaBrowser,
    MediaBrowserContract,
)
from tests.integrations.upstream import (
    FakeUpstream,
    MemorySessions,
    fixture,
    fixture_body,
    refusal,
    response_of,
    secret_check,
)

ID = "jellyfin"
BASE = "http://jellyfin.test:8096"


def config(
    *, api_key: str | None = API_KEY, password: str | None = None, url: str = BASE
) -> dict[str, Any]:
    if password is not None:
        creds = {"type": "usernamePassword", "username": "dashboard", "password": password}
        return {"url": url, "credentials": creds}
    return {"url": url, "credentials": {"type": "apiKey", "apiKey": api_key}}


body = partial(fixture_body, ID)


assert_no_secret = secret_check(always=SECRETS)


refused = partial(refusal, ID)


def authorization(request: httpx.Request) -> dict[str, str]:
    scheme, _, params = request.headers["authorization"].partition(" ")
    assert scheme == "MediaBrowser"
    return dict(re.findall(r'(\w+)="([^"]*)"', params))


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "jellyfin"
    assert integration.default_port == 8096
    assert integration.verification == "Built from the Jellyfin API documentation, version 10.10"
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    sessions, libraries = integration.endpoints["sessions"], integration.endpoints["libraries"]
    assert (sessions.payload, sessions.ttl, sessions.min_refresh) == (MediaServerActivity, 10, 5)
    assert (libraries.payload, libraries.ttl, libraries.min_refresh) == (
        MediaLibraryCounts,
        300,
        60,
    )


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_api_key_reads_system_info(
    make_client: Callable[..., JellyfinClient],
) -> None:
    fake = FakeMediaBrowser()
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
    assert info.version == "10.10.3"
    (request,) = fake.upstream.requests
    assert request.url.path == "/System/Info"  # /System/Info/Public would answer anyone
    assert not request.url.query  # the key never travels in the URL
    params = authorization(request)
    assert params["Token"] == API_KEY
    assert (params["Client"], params["Version"], params["Device"]) == (
        "Tilewire",
        "0.1",
        "Tilewire%20dashboard",
    )
    assert re.fullmatch(r"[0-9a-f]{32}", params["DeviceId"])
    assert "x-emby-token" not in request.headers
    assert fake.logins == 0


async def test_sessions_match_the_playing_clients(
    make_client: Callable[..., JellyfinClient],
) -> None:
    fake = FakeMediaBrowser()
    activity = await integration.fetch_data(make_client(fake.upstream), "sessions")

    raw = body("sessions")
    playing = [s for s in raw if s.get("NowPlayingItem")]
    assert isinstance(activity, MediaServerActivity)
    assert len(raw) == 4 and len(playing) == 3  # one client is connected but plays nothing
    assert [s.id for s in activity.sessions] == [s["Id"] for s in playing]
    for session, info in zip(activity.sessions, playing, strict=True):
        item, state = info["NowPlayingItem"], info["PlayState"]
        assert session.user == info["UserName"]
        assert session.device == info["DeviceName"]
        assert session.client == info["Client"]
        assert session.kind is KINDS[item["Type"]]
        assert session.state is (
            PlaybackState.PAUSED if state["IsPaused"] else PlaybackState.PLAYING
        )
        assert session.progress == state["PositionTicks"] / item["RunTimeTicks"]
        assert session.transcoding is (state["PlayMethod"] == "Transcode")
    episode, movie, track = activity.sessions
    assert (episode.kind, episode.title, episode.subtitle) == (
        MediaKind.EPISODE,
        "Game of Thrones",
        "S06E01 The Red Woman",
    )
    assert (movie.kind, movie.title, movie.subtitle) == (MediaKind.MOVIE, "Big Buck Bunny", None)
    assert (movie.state, movie.transcoding) == (PlaybackState.PAUSED, True)
    assert (track.kind, track.title, track.subtitle) == (MediaKind.TRACK, "Green Day", "Holiday")
    assert track.progress == 0
    assert (activity.playing, activity.transcoding) == (2, 1)
    (request,) = fake.requests_to("/Sessions")
    assert request.url.params["activeWithinSeconds"] == "960"


async def test_connected_clients_that_play_nothing_are_not_sessions(
    make_client: Callable[..., JellyfinClient],
) -> None:
    fake = FakeMediaBrowser(routes={SESSIONS: "sessions_idle"})
    activity = await integration.fetch_data(make_client(fake.upstream), "sessions")
    assert len(body("sessions_idle")) == 1
    assert activity == MediaServerActivity(sessions=[], playing=0, transcoding=0)


async def test_transcoding_without_a_play_method(
    make_client: Callable[..., JellyfinClient],
) -> None:
    raw = copy.deepcopy(body("sessions"))
    for info in raw:
        info["PlayState"].pop("PlayMethod", None)
    fake = FakeMediaBrowser(routes={SESSIONS: raw})
    activity = await integration.fetch_data(make_client(fake.upstream), "sessions")
    # TranscodingInfo is present only while the server converts the stream
    assert [s.transcoding for s in activity.sessions] == [False, True, False]


async def test_libraries_match_item_counts(make_client: Callable[..., JellyfinClient]) -> None:
    counts = await integration.fetch_data(make_client(FakeMediaBrowser().upstream), "libraries")

    raw = body("item_counts")
    assert counts == MediaLibraryCounts(
        movies=raw["MovieCount"],
        series=raw["SeriesCount"],
        episodes=raw["EpisodeCount"],
        artists=None,  # Jellyfin never fills ArtistCount
        albums=raw["AlbumCount"],
        tracks=raw["SongCount"],
        books=raw["BookCount"],
    )
    assert raw["ArtistCount"] == 0
    assert counts.podcasts is None


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("Movie", MediaKind.MOVIE),
        ("Episode", MediaKind.EPISODE),
        ("Audio", MediaKind.TRACK),
        ("AudioBook", MediaKind.AUDIOBOOK),
        ("TvChannel", MediaKind.LIVE_TV),
        ("Trailer", MediaKind.OTHER),
    ],
)
async def test_item_kinds(
    make_client: Callable[..., JellyfinClient], kind: str, expected: MediaKind
) -> None:
    raw = copy.deepcopy(body("sessions")[:1])
    raw[0]["NowPlayingItem"].update(Type=kind, Album="A Book", Name="Chapter 1")
    fake = FakeMediaBrowser(routes={SESSIONS: raw})
    (session,) = (await integration.fetch_data(make_client(fake.upstream), "sessions")).sessions
    assert session.kind is expected
    if expected is MediaKind.AUDIOBOOK:
        assert (session.title, session.subtitle) == ("A Book", "Chapter 1")


def test_shared_helpers() -> None:
    assert episode_label(6, 1, "The Red Woman") == "S06E01 The Red Woman"
    assert episode_label(None, 12, "") == "E12"
    assert episode_label(None, None, None) is None
    assert fraction(1, 4) == 0.25
    assert fraction(5, 4) == 1.0
    assert fraction(1, 0) is None
    assert fraction(None, 4) is None


# --- sessions -----------------------------------------------------------------------------------


async def test_login_once_and_reuse_the_token(make_client: Callable[..., JellyfinClient]) -> None:
    fake = FakeMediaBrowser()
    client = make_client(fake.upstream, password=PASSWORD)
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "sessions"),
        integration.fetch_data(client, "libraries"),
    )
    await integration.fetch_data(client, "sessions")

    assert fake.logins == 1
    login = fake.requests_to("/Users/AuthenticateByName")[0]
    assert json.loads(login.content) == {"Username": "dashboard", "Pw": PASSWORD}
    params = authorization(login)
    assert "Token" not in params
    assert {"Client", "Device", "DeviceId", "Version"} <= set(params)
    for request in fake.upstream.requests:
        if request is not login:
            assert authorization(request)["Token"] == "session-1"
            assert authorization(request)["DeviceId"] == params["DeviceId"]


async def test_unauthorized_right_after_login_is_not_a_loop(
    make_client: Callable[..., JellyfinClient],
) -> None:
    fake = FakeMediaBrowser(
        routes={SESSIONS: lambda request: response_of(fixture(ID, "unauthorized"))}
    )
    client = make_client(fake.upstream, password=PASSWORD)
    err = await refused(client, "sessions")
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert fake.logins == 2  # the first login and exactly one renewal
    assert len(fake.requests_to("/Sessions")) == 2
    assert_no_secret(err)

    await refused(client, "sessions")
    assert fake.logins == 3  # one renewal per fetch, never a loop


async def test_login_token_is_shared_with_other_processes(
    make_client: Callable[..., JellyfinClient],
) -> None:
    fake = FakeMediaBrowser()
    store = MemorySessions()
    first, second = (make_client(fake.upstream, password=PASSWORD) for _ in range(2))
    first.share_sessions(store, "app-1")
    second.share_sessions(store, "app-1")

    await integration.fetch_data(first, "libraries")
    await integration.fetch_data(second, "libraries")

    assert fake.logins == 1
    assert store.data["app-1"] == b"session-1"
    assert authorization(fake.requests_to("/Items/Counts")[-1])["Token"] == "session-1"


# --- failures -----------------------------------------------------------------------------------


async def test_disabled_account_is_forbidden(make_client: Callable[..., JellyfinClient]) -> None:
    fake = FakeMediaBrowser()
    fake.upstream.route(*LOGIN, "authenticate_disabled_user")
    err = await refused(make_client(fake.upstream, password=PASSWORD))
    assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 403)
    assert "disabled" in err.message
    assert_no_secret(err)


async def test_user_under_parental_control_is_forbidden(
    make_client: Callable[..., JellyfinClient],
) -> None:
    fake = FakeMediaBrowser(routes={INFO: "system_info_forbidden"})
    err = await refused(make_client(fake.upstream))
    assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 403)
    assert "administrator" in err.message


async def test_other_json_is_invalid_response(make_client: Callable[..., JellyfinClient]) -> None:
    fake = FakeMediaBrowser(routes={COUNTS: "system_info"})
    err = await refused(make_client(fake.upstream), "libraries")
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "MovieCount" in err.message


async def test_html_login_answer_is_invalid_response(
    make_client: Callable[..., JellyfinClient],
) -> None:
    upstream = FakeUpstream(ID, {LOGIN: "not_that_service"})
    err = await refused(make_client(upstream, password=PASSWORD))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(err)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., JellyfinClient]) -> None:
    err = await refused(make_client(FakeUpstream(ID, {})))
    assert (err.code, err.status) == (ErrorCode.NOT_FOUND, 404)
    assert err.url == f"{BASE}/System/Info"


class TestJellyfinContract(MediaBrowserContract):
    ID = ID
    APP = "Jellyfin"
    BASE = BASE
    PREFIX = ""
    KEY_HINT = "Dashboard > API Keys"
    RENEWED = ("libraries", "/Items/Counts")
    NOT_JSON = (INFO, None)
    FAILING = (SESSIONS, "sessions", 500)

    def fake(self, routes: Mapping[tuple[str, str], Any] | None = None) -> FakeMediaBrowser:
        return FakeMediaBrowser(routes=routes)
