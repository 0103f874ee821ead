"""Navidrome integration against fixtures transcribed from the OpenSubsonic API documentation
(Subsonic API 1.16.1)."""

from __future__ import annotations

import copy
import hashlib
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.capabilities import (
    MediaKind,
    MediaLibraryCounts,
    MediaServerActivity,
    PlaybackState,
)
from integrations.errors import ErrorCode, IntegrationError
from integrations.navidrome import integration
from integrations.navidrome.client import NavidromeClient
from integrations.navidrome.definition import session_of
from integrations.navidrome.models import NowPlayingEntry
from integrations.types import ServiceInfo
from tests.integrations.upstream import FakeUpstream, fixture, fixture_body, response_of

ID = "navidrome"
USER = "joe"
PASSWORD = "sesame-Pa55"
BASE = "http://navidrome.test:4533"
PING = ("GET", "/rest/ping")
NOW_PLAYING = ("GET", "/rest/getNowPlaying")
SCAN_STATUS = ("GET", "/rest/getScanStatus")
ARTISTS = ("GET", "/rest/getArtists")
API = {
    PING: "ping",
    NOW_PLAYING: "get_now_playing",
    SCAN_STATUS: "get_scan_status_idle",
    ARTISTS: "get_artists",
}


def config(
    password: str = PASSWORD, kind: str = "subsonicToken", url: str = BASE
) -> dict[str, Any]:
    return {"url": url, "credentials": {"type": kind, "username": USER, "password": password}}


body = partial(fixture_body, ID)


def envelope(**fields: Any) -> httpx.Response:
    """A success envelope like the fixtures' (OpenSubsonic) with ``fields`` added."""
    base = copy.deepcopy(body("ping"))
    base["subsonic-response"].update(fields)
    return httpx.Response(200, json=base)


def failed(code: int, message: str) -> httpx.Response:
    data = copy.deepcopy(body("wrong_credentials"))
    data["subsonic-response"]["error"] = {"code": code, "message": message}
    return httpx.Response(200, json=data)


def secrets_of(password: str = PASSWORD) -> list[str]:
    return [password, "enc:" + password.encode().hex(), password.encode().hex()]


def assert_no_secret(err: IntegrationError, password: str = PASSWORD) -> None:
    for text in (str(err), err.message, repr(err), str(err.url)):
        for secret in secrets_of(password):
            assert secret not in text
        assert "?" not in str(err.url)


class FakeSubsonic:
    """The Subsonic rules over the documented answers: every call must carry ``u``, ``v``,
    ``c`` and either ``t``/``s`` (token = md5(password + salt)) or ``p``; anything else is
    answered with error 40 (HTTP 200), like the documentation describes."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None) -> None:
        self.salts: list[str] = []
        self.upstream = FakeUpstream(ID, {**API, **(routes or {})}, refuse=self.refuse)

    def authorised(self, request: httpx.Request) -> bool:
        params = request.url.params
        if params.get("u") != USER or params.get("f") != "json" or not params.get("c"):
            return False
        if "t" in params:
            salt = params["s"]
            self.salts.append(salt)
            expected = hashlib.md5((PASSWORD + salt).encode()).hexdigest()
            return params["t"] == expected and "p" not in params
        return params.get("p") == "enc:" + PASSWORD.encode().hex()

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if not self.authorised(request):
            return response_of(fixture(ID, "wrong_credentials"))
        return None


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "navidrome"
    assert integration.default_port == 4533
    assert [
        (f.name, f.kind.value, f.group) for f in integration.form() if f.group != "connection"
    ] == [
        ("credentials.username", "string", "credentials:subsonicToken"),
        ("credentials.password", "secret", "credentials:subsonicToken"),
        ("credentials.username", "string", "credentials:subsonicPassword"),
        ("credentials.password", "secret", "credentials:subsonicPassword"),
    ]
    nowplaying, libraries = integration.endpoints["nowplaying"], integration.endpoints["libraries"]
    assert (nowplaying.payload, nowplaying.ttl, nowplaying.min_refresh) == (
        MediaServerActivity,
        10.0,
        5.0,
    )
    assert (libraries.payload, libraries.ttl, libraries.min_refresh) == (
        MediaLibraryCounts,
        300.0,
        60.0,
    )


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_server_version(
    make_client: Callable[..., NavidromeClient],
) -> None:
    fake = FakeSubsonic()
    info = await integration.test_connection(make_client(fake.upstream))

    answer = body("ping")["subsonic-response"]
    assert info == ServiceInfo(
        version=answer["serverVersion"],
        details={"apiVersion": "1.16.1", "server": answer["type"], "openSubsonic": "yes"},
    )
    (request,) = fake.upstream.requests
    params = request.url.params
    assert (params["u"], params["v"], params["c"], params["f"]) == (
        USER,
        "1.16.1",
        "tilewire",
        "json",
    )
    assert len(params["s"]) >= 6
    assert params["t"] == hashlib.md5((PASSWORD + params["s"]).encode()).hexdigest()
    assert "p" not in params
    assert PASSWORD not in str(request.url)


async def test_plain_subsonic_reports_api_version(
    make_client: Callable[..., NavidromeClient],
) -> None:
    fake = FakeSubsonic({PING: "ping_subsonic"})
    info = await integration.test_connection(make_client(fake.upstream))
    assert info == ServiceInfo(
        version="1.16.1",
        details={"apiVersion": "1.16.1", "server": "Subsonic", "openSubsonic": "no"},
    )


async def test_password_credentials_send_hex_encoded_password(
    make_client: Callable[..., NavidromeClient],
) -> None:
    fake = FakeSubsonic()
    await integration.test_connection(make_client(fake.upstream, kind="subsonicPassword"))
    (request,) = fake.upstream.requests
    assert request.url.params["p"] == "enc:" + PASSWORD.encode().hex()
    assert "t" not in request.url.params
    assert "s" not in request.url.params


async def test_every_request_gets_a_fresh_salt(
    make_client: Callable[..., NavidromeClient],
) -> None:
    fake = FakeSubsonic()
    client = make_client(fake.upstream)
    await integration.test_connection(client)
    await integration.fetch_data(client, "libraries")
    tokens = [r.url.params["t"] for r in fake.upstream.requests]
    assert len(fake.salts) == 3
    assert len(set(fake.salts)) == 3
    assert len(set(tokens)) == 3


async def test_nowplaying_lists_entries(make_client: Callable[..., NavidromeClient]) -> None:
    data = copy.deepcopy(body("get_now_playing"))
    (entry,) = data["subsonic-response"]["nowPlaying"]["entry"]
    entry["playerName"] = "Web Player"  # documented in NowPlayingEntry, absent from the example
    fake = FakeSubsonic({NOW_PLAYING: httpx.Response(200, json=data)})
    activity = await integration.fetch_data(make_client(fake.upstream), "nowplaying")

    assert isinstance(activity, MediaServerActivity)
    assert (activity.playing, activity.transcoding) == (1, 0)
    (session,) = activity.sessions
    assert session.user == entry["username"] == "user"
    assert session.title == entry["artist"] == "Raggedy Angry"
    assert session.subtitle == f"{entry['title']} — {entry['album']}"
    assert session.kind is MediaKind.TRACK
    assert session.state is PlaybackState.PLAYING
    assert session.client == "Web Player"
    assert session.id == f"user/0/{entry['id']}"
    assert session.progress is None


async def test_nowplaying_without_listeners(make_client: Callable[..., NavidromeClient]) -> None:
    fake = FakeSubsonic({NOW_PLAYING: "get_now_playing_nobody"})
    activity = await integration.fetch_data(make_client(fake.upstream), "nowplaying")
    assert activity == MediaServerActivity(sessions=[], playing=0, transcoding=0)


@pytest.mark.parametrize(
    ("fields", "kind", "title", "subtitle"),
    [
        ({"type": "podcast"}, MediaKind.PODCAST, "Raggedy Angry", "Take the Home — Album"),
        ({"type": "audiobook"}, MediaKind.AUDIOBOOK, "Raggedy Angry", "Take the Home — Album"),
        (
            {"isVideo": True, "type": "video"},
            MediaKind.OTHER,
            "Raggedy Angry",
            "Take the Home — Album",
        ),
        ({"artist": None}, MediaKind.TRACK, "Take the Home", "Album"),
        ({"album": None}, MediaKind.TRACK, "Raggedy Angry", "Take the Home"),
    ],
)
def test_session_of(fields: dict[str, Any], kind: MediaKind, title: str, subtitle: str) -> None:
    raw = {"id": "1", "title": "Take the Home", "artist": "Raggedy Angry", "album": "Album"}
    raw |= {"username": "user", "type": "music", **fields}
    session = session_of(NowPlayingEntry.model_validate(raw))
    assert (session.kind, session.title, session.subtitle) == (kind, title, subtitle)


async def test_libraries_counts(make_client: Callable[..., NavidromeClient]) -> None:
    idle = copy.deepcopy(body("get_scan_status_idle"))
    idle["subsonic-response"]["scanStatus"]["count"] = 1234
    fake = FakeSubsonic({SCAN_STATUS: httpx.Response(200, json=idle)})
    counts = await integration.fetch_data(make_client(fake.upstream), "libraries")

    indexes = body("get_artists")["subsonic-response"]["artists"]["index"]
    artists = [artist for index in indexes for artist in index["artist"]]
    assert counts == MediaLibraryCounts(
        artists=len(artists), albums=sum(a["albumCount"] for a in artists), tracks=1234
    )
    assert (counts.artists, counts.albums) == (3, 2)
    assert counts.movies is None


async def test_libraries_while_scanning_has_no_track_count(
    make_client: Callable[..., NavidromeClient],
) -> None:
    fake = FakeSubsonic({SCAN_STATUS: "get_scan_status"})
    counts = await integration.fetch_data(make_client(fake.upstream), "libraries")
    assert body("get_scan_status")["subsonic-response"]["scanStatus"]["scanning"] is True
    assert counts.tracks is None  # the count is the scan's progress, not the library's size
    assert counts.artists == 3


# --- an optional part: getScanStatus ------------------------------------------------------------

# How servers answer a call they do not implement. Subsonic envelopes (HTTP 200), error codes as
# the Subsonic API documents them: 0 "A generic error" (LMS, Subsonic API 1.12, answers
# "Not implemented"), 30 "Incompatible Subsonic REST protocol version. Server must upgrade", 70
# "The requested data was not found" (gonic answers an unknown call "view not found"). HTTP
# statuses: 404 for a route the server does not have (Navidrome's router), 405, and Navidrome's
# 501 (not implemented yet) and 410 (never will be), with the bodies it sends.
NOT_IMPLEMENTED: dict[str, Callable[[], httpx.Response]] = {
    "subsonic-0": lambda: failed(0, "Not implemented"),
    "subsonic-30": lambda: failed(
        30, "Incompatible Subsonic REST protocol version. Server must upgrade."
    ),
    "subsonic-70": lambda: failed(70, "view not found"),
    "http-404": lambda: httpx.Response(404, text="404 page not found"),
    "http-405": lambda: httpx.Response(405, text="Method Not Allowed"),
    "http-410": lambda: httpx.Response(410, text="This endpoint will not be implemented"),
    "http-501": lambda: httpx.Response(
        501, text="This endpoint is not implemented, but may be in future releases"
    ),
}


@pytest.mark.parametrize("answer", NOT_IMPLEMENTED)
async def test_libraries_without_scan_status_leave_tracks_empty(
    make_client: Callable[..., NavidromeClient], answer: str
) -> None:
    fake = FakeSubsonic({SCAN_STATUS: NOT_IMPLEMENTED[answer]()})
    counts = await integration.fetch_data(make_client(fake.upstream), "libraries")
    assert counts == MediaLibraryCounts(artists=3, albums=2, tracks=None)
    assert fake.upstream.calls[SCAN_STATUS] == fake.upstream.calls[ARTISTS] == 1


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (lambda: failed(40, "Wrong username or password"), ErrorCode.UNAUTHORIZED),
        (lambda: failed(50, "not allowed"), ErrorCode.FORBIDDEN),
        (lambda: httpx.Response(401, text="Unauthorized"), ErrorCode.UNAUTHORIZED),
        (lambda: httpx.Response(500, text="Internal Server Error"), ErrorCode.UPSTREAM_ERROR),
        (lambda: response_of(fixture(ID, "not_that_service")), ErrorCode.INVALID_RESPONSE),
        (lambda: response_of(fixture(ID, "other_json")), ErrorCode.INVALID_RESPONSE),
    ],
    ids=["refused", "forbidden", "http-401", "http-500", "html", "other-json"],
)
async def test_libraries_fail_when_scan_status_fails_otherwise(
    make_client: Callable[..., NavidromeClient],
    answer: Callable[[], httpx.Response],
    expected: ErrorCode,
) -> None:
    fake = FakeSubsonic({SCAN_STATUS: answer()})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "libraries")
    assert caught.value.code is expected
    assert caught.value.url == f"{BASE}/rest/getScanStatus"
    assert_no_secret(caught.value)


async def test_libraries_fail_when_scan_status_times_out(
    make_client: Callable[..., NavidromeClient],
) -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    fake = FakeSubsonic({SCAN_STATUS: hang})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "libraries")
    assert caught.value.code is ErrorCode.TIMEOUT


@pytest.mark.parametrize("scan_status", ["get_scan_status_idle", "subsonic-30", "http-404"])
async def test_libraries_fail_when_artists_are_refused(
    make_client: Callable[..., NavidromeClient], scan_status: str
) -> None:
    """The part that is not optional fails the endpoint as before, whatever the optional
    part answered."""
    route = NOT_IMPLEMENTED[scan_status]() if scan_status in NOT_IMPLEMENTED else scan_status
    fake = FakeSubsonic({SCAN_STATUS: route, ARTISTS: failed(40, "Wrong username or password")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "libraries")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.url == f"{BASE}/rest/getArtists"
    assert_no_secret(caught.value)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("subsonic-0", ErrorCode.UPSTREAM_ERROR),
        ("subsonic-30", ErrorCode.UPSTREAM_ERROR),
        ("subsonic-70", ErrorCode.NOT_FOUND),
        ("http-404", ErrorCode.NOT_FOUND),
        ("http-501", ErrorCode.UPSTREAM_ERROR),
    ],
)
async def test_a_required_call_not_implemented_still_fails(
    make_client: Callable[..., NavidromeClient], answer: str, expected: ErrorCode
) -> None:
    fake = FakeSubsonic({ARTISTS: NOT_IMPLEMENTED[answer]()})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "libraries")
    assert caught.value.code is expected
    assert caught.value.url == f"{BASE}/rest/getArtists"


# --- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["subsonicToken", "subsonicPassword"])
async def test_wrong_password_is_unauthorized(
    make_client: Callable[..., NavidromeClient], kind: str
) -> None:
    fake = FakeSubsonic()
    client = make_client(fake.upstream, password="wrong-password", kind=kind)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (200, f"{BASE}/rest/ping")
    assert err.message == (
        "the server rejected the username or password (error 40: Wrong username or password)"
    )
    assert_no_secret(err, "wrong-password")


async def test_rejected_login_is_not_retried_at_once(
    make_client: Callable[..., NavidromeClient],
) -> None:
    fake = FakeSubsonic()
    client = make_client(fake.upstream, password="wrong-password")
    for endpoint_id in ("nowplaying", "nowplaying", "libraries"):
        with pytest.raises(IntegrationError) as caught:
            await integration.fetch_data(client, endpoint_id)
        assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert sum(fake.upstream.calls.values()) == 1  # Navidrome limits failed logins
    assert "not retried" in caught.value.message
    assert_no_secret(caught.value, "wrong-password")


async def test_token_auth_not_supported(make_client: Callable[..., NavidromeClient]) -> None:
    upstream = FakeUpstream(ID, {PING: "token_not_supported"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "error 41" in caught.value.message
    assert "plain password" in caught.value.message
    assert_no_secret(caught.value)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (42, ErrorCode.UNAUTHORIZED),
        (43, ErrorCode.UNAUTHORIZED),
        (44, ErrorCode.UNAUTHORIZED),
        (50, ErrorCode.FORBIDDEN),
        (70, ErrorCode.NOT_FOUND),
        (0, ErrorCode.UPSTREAM_ERROR),
        (10, ErrorCode.UPSTREAM_ERROR),
        (30, ErrorCode.UPSTREAM_ERROR),
    ],
)
async def test_documented_error_codes(
    make_client: Callable[..., NavidromeClient], code: int, expected: ErrorCode
) -> None:
    fake = FakeSubsonic({NOW_PLAYING: failed(code, "documented error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "nowplaying")
    assert caught.value.code is expected
    assert caught.value.status == 200
    assert_no_secret(caught.value)


async def test_html_page_is_invalid_response(make_client: Callable[..., NavidromeClient]) -> None:
    upstream = FakeUpstream(ID, {PING: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert caught.value.message.startswith("the response is not JSON")
    assert_no_secret(caught.value)


async def test_other_json_is_invalid_response(make_client: Callable[..., NavidromeClient]) -> None:
    upstream = FakeUpstream(ID, {PING: "other_json"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert "subsonic-response" in caught.value.message
    assert_no_secret(caught.value)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., NavidromeClient]) -> None:
    upstream = FakeUpstream(ID, {})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.url == f"{BASE}/rest/ping"
    assert_no_secret(caught.value)


async def test_server_error_is_upstream_error(
    make_client: Callable[..., NavidromeClient],
) -> None:
    fake = FakeSubsonic({ARTISTS: httpx.Response(502, text="Bad Gateway")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "libraries")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 502
    assert_no_secret(caught.value)


async def test_no_secret_in_logs(
    make_client: Callable[..., NavidromeClient], caplog: pytest.LogCaptureFixture
) -> None:
    # What the integration logs; httpx logs whole request URLs at INFO, which the server
    # keeps out of its log (tests/app/test_server.py).
    caplog.set_level(logging.DEBUG, logger="integrations")
    fake = FakeSubsonic()
    client = make_client(fake.upstream)
    await integration.test_connection(client)
    await integration.fetch_data(client, "libraries")
    plain = make_client(fake.upstream, kind="subsonicPassword")
    await integration.fetch_data(plain, "nowplaying")
    wrong = make_client(fake.upstream, password="wrong-password")
    with pytest.raises(IntegrationError):
        await integration.test_connection(wrong)

    tokens = [r.url.params.get("t") for r in fake.upstream.requests]
    for secret in [*secrets_of(), *secrets_of("wrong-password"), *filter(None, tokens)]:
        assert secret not in caplog.text
