"""Plex integration against fixtures transcribed from the Plex Media Server API 1.2.2 docs."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.actions import ActionResult, NoInput, PartiallyApplied
from integrations.capabilities import (
    MediaKind,
    MediaLibraryCounts,
    MediaServerActivity,
    PlaybackState,
)
from integrations.errors import ErrorCode, IntegrationError
from integrations.plex import integration
from integrations.plex.client import PlexClient
from integrations.types import ServiceInfo
from tests.integrations.contracts import RecordedFailuresContract
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    needs_header,
    one_secret_config,
    refusal,
    response_of,
    secret_check,
)

ID = "plex"
TOKEN = "Xp1exT0kenAbCdEfGhIj"
WRONG_TOKEN = "wr0ngT0kenKlMnOpQrSt"
BASE = "http://plex.test:32400"
IDENTITY = ("GET", "/identity")
ROOT = ("GET", "/")
SESSIONS = ("GET", "/status/sessions")
SECTIONS = ("GET", "/library/sections/all")
LEGACY_SECTIONS = ("GET", "/library/sections")
COUNTS = {
    ("1", "1"): "count_movies",
    ("2", "2"): "count_shows",
    ("2", "4"): "count_episodes",
    ("3", "8"): "count_artists",
    ("3", "9"): "count_albums",
    ("3", "10"): "count_tracks",
}
"""(section key, metadata type) -> the fixture of that count."""
REFRESH = {key: ("POST", f"/library/sections/{key}/refresh") for key in ("1", "2", "3")}
"""The refresh of each section of the sections fixture."""
SECTION_ALL = re.compile(r"^/library/sections/(\w+)/all$")


config = one_secret_config(BASE, "plexToken", "token", TOKEN)
body = partial(fixture_body, ID)
assert_no_secret = secret_check(always=(TOKEN, WRONG_TOKEN))


class FakePlex:
    """A Plex Media Server over the transcribed answers: ``/identity`` answers anyone, every
    other route wants the token, and a section's items are only ever counted (size 0)."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None) -> None:
        api: dict[tuple[str, str], Any] = {ROOT: "server_info", SESSIONS: "sessions"}
        api[SECTIONS] = "sections"
        for key, _ in COUNTS:
            api[("GET", f"/library/sections/{key}/all")] = self.count
        for route in REFRESH.values():
            api[route] = "section_refresh"
        api.update(routes or {})
        self.upstream = FakeUpstream(
            ID,
            {IDENTITY: "identity", **api},
            refuse=needs_header(ID, "x-plex-token", TOKEN, "unauthorized"),
            open_routes={IDENTITY} - api.keys(),
        )

    def count(self, request: httpx.Request) -> httpx.Response:
        match = SECTION_ALL.match(request.url.path)
        assert match is not None
        assert request.headers["x-plex-container-start"] == "0"
        assert request.headers["x-plex-container-size"] == "0"  # totals only, no items
        name = COUNTS.get((match.group(1), request.url.params["type"]))
        if name is None:
            return httpx.Response(400, text="<html><h1>400 Bad Request</h1></html>")
        return response_of(fixture(ID, name))

    @property
    def requests(self) -> list[httpx.Request]:
        return self.upstream.requests


refused = partial(refusal, ID)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "plex"
    assert integration.default_port == 32400
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.token", "secret")
    ]
    sessions, libraries = integration.endpoints["sessions"], integration.endpoints["libraries"]
    assert (sessions.payload, sessions.ttl, sessions.min_refresh) == (MediaServerActivity, 10, 5)
    assert (libraries.payload, libraries.ttl, libraries.min_refresh) == (
        MediaLibraryCounts,
        300,
        60,
    )


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version_and_proves_the_token(
    make_client: Callable[..., PlexClient],
) -> None:
    fake = FakePlex()
    info = await integration.test_connection(make_client(fake.upstream))

    identity, server = body("identity")["MediaContainer"], body("server_info")["MediaContainer"]
    assert info == ServiceInfo(
        version=identity["version"],
        details={
            "serverName": server["friendlyName"],
            "machineIdentifier": identity["machineIdentifier"],
            "platform": server["platform"],
        },
    )
    assert info.version == "1.40.2.8395-c67dce28e"
    assert [r.url.path for r in fake.requests] == ["/identity", "/"]  # / needs the token
    for request in fake.requests:
        assert request.headers["x-plex-token"] == TOKEN
        assert request.headers["accept"] == "application/json"
        assert request.headers["x-plex-product"] == "Tilewire"
        assert re.fullmatch(r"[0-9a-f]{24}", request.headers["x-plex-client-identifier"])
        assert not request.url.query  # the token travels in a header, never in the URL


async def test_sessions_match_status_sessions(make_client: Callable[..., PlexClient]) -> None:
    fake = FakePlex()
    activity = await integration.fetch_data(make_client(fake.upstream), "sessions")

    raw = body("sessions")["MediaContainer"]["Metadata"]
    assert isinstance(activity, MediaServerActivity)
    assert [s.id for s in activity.sessions] == [m["Session"]["id"] for m in raw]
    for session, item in zip(activity.sessions, raw, strict=True):
        assert session.user == item["User"]["title"]
        assert session.device == item["Player"]["title"]
        assert session.client == item["Player"]["product"]
        assert session.progress == item["viewOffset"] / item["duration"]
    episode, movie, track = activity.sessions
    assert (episode.kind, episode.title, episode.subtitle) == (
        MediaKind.EPISODE,
        raw[0]["grandparentTitle"],
        "S06E01 The Red Woman",
    )
    assert (episode.state, episode.transcoding) == (PlaybackState.PLAYING, False)
    assert (movie.kind, movie.title, movie.subtitle) == (MediaKind.MOVIE, "Zoolander", None)
    assert (movie.state, movie.transcoding) == (PlaybackState.PAUSED, True)
    assert (track.kind, track.title, track.subtitle) == (
        MediaKind.TRACK,
        "Green Day",
        "The American Dream Is Killing Me",
    )
    assert track.state is PlaybackState.BUFFERING
    assert (activity.playing, activity.transcoding) == (2, 1)


async def test_nothing_playing(make_client: Callable[..., PlexClient]) -> None:
    fake = FakePlex({SESSIONS: "sessions_empty"})
    activity = await integration.fetch_data(make_client(fake.upstream), "sessions")
    assert body("sessions_empty") == {"MediaContainer": {"size": 0}}
    assert activity == MediaServerActivity(sessions=[], playing=0, transcoding=0)


@pytest.mark.parametrize(
    ("transcode_session", "part_decision", "expected"),
    [
        ({"videoDecision": "copy", "audioDecision": "copy"}, "copy", False),  # a remux
        ({"videoDecision": "copy", "audioDecision": "transcode"}, "transcode", True),
        (None, "transcode", True),
        (None, "directplay", False),
    ],
)
async def test_transcoding(
    make_client: Callable[..., PlexClient],
    transcode_session: dict[str, str] | None,
    part_decision: str,
    expected: bool,
) -> None:
    answer = copy.deepcopy(body("sessions"))
    item = answer["MediaContainer"]["Metadata"][1]
    item.pop("TranscodeSession")
    if transcode_session is not None:
        item["TranscodeSession"] = transcode_session
    item["Media"][0]["Part"][0]["decision"] = part_decision
    fake = FakePlex({SESSIONS: answer})
    activity = await integration.fetch_data(make_client(fake.upstream), "sessions")
    assert activity.sessions[1].transcoding is expected


async def test_libraries_count_every_section(make_client: Callable[..., PlexClient]) -> None:
    fake = FakePlex()
    counts = await integration.fetch_data(make_client(fake.upstream), "libraries")

    def total(name: str) -> int:
        value: int = body(name)["MediaContainer"]["totalSize"]
        return value

    sections = body("sections")["MediaContainer"]["Directory"]
    assert [s["type"] for s in sections] == ["movie", "show", "artist"]
    assert counts == MediaLibraryCounts(
        movies=total("count_movies"),
        series=total("count_shows"),
        episodes=total("count_episodes"),
        artists=total("count_artists"),
        albums=total("count_albums"),
        tracks=total("count_tracks"),
    )
    assert counts.books is None and counts.podcasts is None
    asked = sorted(
        (r.url.path, int(r.url.params["type"])) for r in fake.requests if "type" in r.url.params
    )
    assert asked == [
        ("/library/sections/1/all", 1),
        ("/library/sections/2/all", 2),
        ("/library/sections/2/all", 4),
        ("/library/sections/3/all", 8),
        ("/library/sections/3/all", 9),
        ("/library/sections/3/all", 10),
    ]


async def test_older_server_lists_sections_at_the_old_path(
    make_client: Callable[..., PlexClient],
) -> None:
    fake = FakePlex({SECTIONS: "not_found", LEGACY_SECTIONS: "sections_legacy"})
    counts = await integration.fetch_data(make_client(fake.upstream), "libraries")
    assert [s["type"] for s in body("sections_legacy")["MediaContainer"]["Directory"]] == [
        "movie",
        "photo",  # photo libraries are not counted
    ]
    assert counts == MediaLibraryCounts(movies=body("count_movies")["MediaContainer"]["totalSize"])
    assert fake.upstream.calls[SECTIONS] == fake.upstream.calls[LEGACY_SECTIONS] == 1


async def test_total_from_the_header_when_the_body_has_none(
    make_client: Callable[..., PlexClient],
) -> None:
    data = fixture(ID, "count_movies")
    del data["response"]["body"]["MediaContainer"]["totalSize"]
    single = {
        "MediaContainer": {
            "size": 1,
            "Directory": [body("sections")["MediaContainer"]["Directory"][0]],
        }
    }
    fake = FakePlex(
        {SECTIONS: single, ("GET", "/library/sections/1/all"): lambda _: response_of(data)}
    )
    counts = await integration.fetch_data(make_client(fake.upstream), "libraries")
    assert counts.movies == int(data["response"]["headers"]["X-Plex-Container-Total-Size"]) == 587


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_token_is_unauthorized(make_client: Callable[..., PlexClient]) -> None:
    fake = FakePlex()
    err = await refused(make_client(fake.upstream, secret=WRONG_TOKEN))
    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert err.message.startswith("Plex rejected the token")
    assert err.url == f"{BASE}/"
    assert fixture(ID, "unauthorized")["response"]["status"] == 401
    assert_no_secret(err)


async def test_wrong_token_fails_every_endpoint(make_client: Callable[..., PlexClient]) -> None:
    client = make_client(FakePlex().upstream, secret=WRONG_TOKEN)
    for endpoint in ("sessions", "libraries"):
        err = await refused(client, endpoint)
        assert err.code is ErrorCode.UNAUTHORIZED
        assert_no_secret(err)


async def test_shared_user_token_is_forbidden(make_client: Callable[..., PlexClient]) -> None:
    fake = FakePlex({SESSIONS: "forbidden"})
    err = await refused(make_client(fake.upstream), "sessions")
    assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 403)
    assert "owner" in err.message


async def test_other_json_is_invalid_response(make_client: Callable[..., PlexClient]) -> None:
    other = httpx.Response(200, json={"Version": "10.10.3", "ServerName": "not plex"})
    fake = FakePlex({SESSIONS: other})
    err = await refused(make_client(fake.upstream), "sessions")
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "MediaContainer" in err.message


class TestPlexFailures(RecordedFailuresContract):
    ID = ID
    BASE = BASE
    CONNECTION_PATH = IDENTITY[1]
    SECRETS = (TOKEN, WRONG_TOKEN)

    def failing(self) -> tuple[FakeUpstream, str]:
        error = httpx.Response(500, text="<html>500 Internal Server Error</html>")
        return FakePlex({SESSIONS: error}).upstream, "sessions"


# --- actions ------------------------------------------------------------------------------------


async def scan(client: PlexClient) -> ActionResult:
    spec = integration.actions["scanLibraries"]
    return await integration.run_action(client, "scanLibraries", spec.input.model_validate({}))


def section_titles() -> dict[str, str]:
    return {d["key"]: d["title"] for d in body("sections")["MediaContainer"]["Directory"]}


def test_scan_metadata() -> None:
    spec = integration.actions["scanLibraries"]
    assert (spec.input, spec.affects, spec.destructive) == (NoInput, ("libraries",), False)


async def test_scan_refreshes_each_section(make_client: Callable[..., PlexClient]) -> None:
    fake = FakePlex()
    result = await scan(make_client(fake.upstream))

    titles = section_titles()
    assert result == ActionResult(
        message=f"Plex started scanning 3 libraries: {titles['1']}, {titles['2']}, {titles['3']}",
        affected=3,
    )
    posted = [r for r in fake.requests if r.method == "POST"]
    assert [(r.method, r.url.path) for r in posted] == list(REFRESH.values())
    recorded = fixture(ID, "section_refresh")["request"]
    assert (posted[0].method, posted[0].url.path) == (recorded["method"], recorded["path"])
    assert all(r.content == b"" and not r.url.params for r in posted)
    assert all(r.headers["x-plex-token"] == TOKEN for r in posted)
    assert [(r.method, r.url.path) for r in fake.requests if r.method == "GET"] == [SECTIONS]


async def test_scan_of_an_older_server_lists_the_legacy_sections(
    make_client: Callable[..., PlexClient],
) -> None:
    legacy = body("sections_legacy")["MediaContainer"]["Directory"]
    routes: dict[tuple[str, str], Any] = {
        ("POST", f"/library/sections/{d['key']}/refresh"): "section_refresh" for d in legacy
    }
    routes.update({SECTIONS: httpx.Response(404), LEGACY_SECTIONS: "sections_legacy"})
    fake = FakePlex(routes)
    result = await scan(make_client(fake.upstream))
    assert result.affected == len(legacy) == 2
    assert fake.upstream.calls[LEGACY_SECTIONS] == 1


async def test_scan_failing_part_way_is_partially_applied(
    make_client: Callable[..., PlexClient],
) -> None:
    fake = FakePlex({REFRESH["3"]: "section_refresh_unavailable"})
    with pytest.raises(PartiallyApplied) as caught:
        await scan(make_client(fake.upstream))

    titles = section_titles()
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.PARTIALLY_APPLIED, 503)
    assert err.message.startswith(
        f"Plex started scanning 2 of 3 libraries ({titles['1']}, {titles['2']}); "
        f"failed {titles['3']}: "
    )
    assert "(HTTP 503)" in err.message
    assert all(fake.upstream.calls[route] == 1 for route in REFRESH.values())  # no retry
    assert_no_secret(err)


async def test_scan_goes_on_past_a_failed_section(make_client: Callable[..., PlexClient]) -> None:
    fake = FakePlex({REFRESH["1"]: "section_refresh_unavailable"})
    with pytest.raises(PartiallyApplied) as caught:
        await scan(make_client(fake.upstream))
    titles = section_titles()
    assert caught.value.message.startswith(
        f"Plex started scanning 2 of 3 libraries ({titles['2']}, {titles['3']}); "
        f"failed {titles['1']}: "
    )


async def test_scan_refused_part_way_stops_there(make_client: Callable[..., PlexClient]) -> None:
    fake = FakePlex({REFRESH["2"]: "forbidden"})
    with pytest.raises(PartiallyApplied) as caught:
        await scan(make_client(fake.upstream))
    assert caught.value.message.endswith("; 1 not tried after that refusal")
    assert fake.upstream.calls[REFRESH["3"]] == 0


async def test_scan_refused_outright_is_the_refusal(make_client: Callable[..., PlexClient]) -> None:
    fake = FakePlex({REFRESH["1"]: "forbidden"})
    with pytest.raises(IntegrationError) as caught:
        await scan(make_client(fake.upstream))
    err = caught.value
    assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 403)
    assert not isinstance(err, PartiallyApplied)
    assert [fake.upstream.calls[route] for route in REFRESH.values()] == [1, 0, 0]
    assert_no_secret(err)


async def test_scan_with_a_wrong_token_is_unauthorized(
    make_client: Callable[..., PlexClient],
) -> None:
    fake = FakePlex()
    with pytest.raises(IntegrationError) as caught:
        await scan(make_client(fake.upstream, WRONG_TOKEN))
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert not any(r.method == "POST" for r in fake.requests)
    assert_no_secret(caught.value)


async def test_scan_without_libraries(make_client: Callable[..., PlexClient]) -> None:
    empty = {"MediaContainer": {"size": 0, "Directory": []}}
    fake = FakePlex({SECTIONS: httpx.Response(200, json=empty)})
    result = await scan(make_client(fake.upstream))
    assert result == ActionResult(message="Plex has no library to scan", affected=0)


async def test_scan_skips_a_section_key_unfit_for_a_path(
    make_client: Callable[..., PlexClient],
) -> None:
    sections = copy.deepcopy(body("sections"))
    sections["MediaContainer"]["Directory"][1]["key"] = "../../system"
    fake = FakePlex({SECTIONS: httpx.Response(200, json=sections)})
    with pytest.raises(PartiallyApplied) as caught:
        await scan(make_client(fake.upstream))
    assert "its key is not a path" in caught.value.message
    assert not any(".." in r.url.path for r in fake.requests)
