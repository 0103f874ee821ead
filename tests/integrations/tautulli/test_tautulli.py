"""Tautulli integration against fixtures transcribed from the Tautulli API v2 documentation."""

from __future__ import annotations

import copy
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
from integrations.errors import ErrorCode
from integrations.tautulli import integration
from integrations.tautulli.client import TautulliClient
from integrations.types import ServiceInfo
from tests.integrations.contracts import RecordedFailuresContract
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    one_secret_config,
    refusal,
    response_of,
    secret_check,
)

ID = "tautulli"
API_KEY = "66198313a092496b8a725867d2223b5f"
WRONG_KEY = "0123456789abcdef0123456789abcdef"
BASE = "http://tautulli.test:8181"
API = ("GET", "/api/v2")
COMMANDS = {
    "get_tautulli_info": "get_tautulli_info",
    "get_server_info": "get_server_info",
    "get_activity": "get_activity",
    "get_libraries": "get_libraries",
}


config = one_secret_config(BASE, "apiKey", "apiKey", API_KEY)
body = partial(fixture_body, ID)


def data(name: str) -> Any:
    return body(name)["response"]["data"]


assert_no_secret = secret_check(API_KEY)


class FakeTautulli:
    """Tautulli's API v2 over the transcribed answers: the key is checked first (401 and
    "Invalid apikey"), then the command picks the answer."""

    def __init__(self, **answers: Any) -> None:
        self.answers: dict[str, Any] = {**COMMANDS, **answers}
        self.upstream = FakeUpstream(ID, {API: self.handle})

    def handle(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        if params.get("apikey") != API_KEY:
            return response_of(fixture(ID, "invalid_apikey"))
        answer = self.answers.get(params.get("cmd", ""))
        if answer is None:
            return response_of(fixture(ID, "unknown_command"))
        if isinstance(answer, httpx.Response):
            return answer
        if isinstance(answer, dict):
            return httpx.Response(200, json=answer)
        return response_of(fixture(ID, answer))

    @property
    def commands(self) -> list[str]:
        return [r.url.params["cmd"] for r in self.upstream.requests]


refused = partial(refusal, ID)


def envelope(result: str, message: str | None, payload: Any = None) -> dict[str, Any]:
    return {"response": {"result": result, "message": message, "data": payload or {}}}


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "tautulli"
    assert integration.default_port == 8181
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret")
    ]
    activity, libraries = integration.endpoints["activity"], integration.endpoints["libraries"]
    assert (activity.payload, activity.ttl, activity.min_refresh) == (MediaServerActivity, 10, 5)
    assert (libraries.payload, libraries.ttl, libraries.min_refresh) == (
        MediaLibraryCounts,
        300,
        60,
    )


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., TautulliClient]) -> None:
    fake = FakeTautulli()
    info = await integration.test_connection(make_client(fake.upstream))

    tautulli, server = data("get_tautulli_info"), data("get_server_info")
    assert info == ServiceInfo(
        version=tautulli["tautulli_version"],
        details={
            "installType": tautulli["tautulli_install_type"],
            "branch": tautulli["tautulli_branch"],
            "plexServer": server["pms_name"],
            "plexVersion": server["pms_version"],
        },
    )
    assert info.version == "v2.5.6"
    assert sorted(fake.commands) == ["get_server_info", "get_tautulli_info"]
    for request in fake.upstream.requests:
        assert request.url.path == "/api/v2"
        assert request.url.params["apikey"] == API_KEY


async def test_activity_matches_get_activity(make_client: Callable[..., TautulliClient]) -> None:
    fake = FakeTautulli()
    activity = await integration.fetch_data(make_client(fake.upstream), "activity")

    answer = data("get_activity")
    streams = answer["sessions"]
    assert isinstance(activity, MediaServerActivity)
    assert [s.id for s in activity.sessions] == [s["session_id"] for s in streams]
    for session, stream in zip(activity.sessions, streams, strict=True):
        assert session.user == stream["friendly_name"]
        assert session.device == stream["player"]
        assert session.client == stream["product"]
        assert session.progress == int(stream["progress_percent"]) / 100
        assert session.transcoding is (stream["transcode_decision"] == "transcode")
    episode, movie, track = activity.sessions
    assert (episode.kind, episode.title, episode.subtitle, episode.state) == (
        MediaKind.EPISODE,
        "Game of Thrones",
        "S06E01 The Red Woman",
        PlaybackState.PLAYING,
    )
    assert (movie.kind, movie.title, movie.subtitle, movie.state) == (
        MediaKind.MOVIE,
        "Frozen",
        None,
        PlaybackState.PAUSED,
    )
    assert (track.kind, track.title, track.subtitle, track.state) == (
        MediaKind.TRACK,
        "Green Day",
        "The American Dream Is Killing Me",
        PlaybackState.BUFFERING,
    )
    assert activity.playing == 2
    assert activity.transcoding == answer["stream_count_transcode"] == 1
    assert len(activity.sessions) == int(answer["stream_count"])
    assert fake.commands == ["get_activity"]


async def test_no_activity(make_client: Callable[..., TautulliClient]) -> None:
    fake = FakeTautulli(get_activity="get_activity_empty")
    activity = await integration.fetch_data(make_client(fake.upstream), "activity")
    assert activity == MediaServerActivity(sessions=[], playing=0, transcoding=0)


async def test_live_tv_stream(make_client: Callable[..., TautulliClient]) -> None:
    answer = copy.deepcopy(body("get_activity"))
    answer["response"]["data"]["sessions"][1].update(live=1, media_type="movie")
    fake = FakeTautulli(get_activity=answer)
    activity = await integration.fetch_data(make_client(fake.upstream), "activity")
    assert [s.kind for s in activity.sessions] == [
        MediaKind.EPISODE,
        MediaKind.LIVE_TV,
        MediaKind.TRACK,
    ]


async def test_libraries_sum_active_sections(make_client: Callable[..., TautulliClient]) -> None:
    counts = await integration.fetch_data(make_client(FakeTautulli().upstream), "libraries")

    sections = {s["section_name"]: s for s in data("get_libraries")}
    movies, shows, music = sections["Movies"], sections["TV Shows"], sections["Music"]
    assert sections["Old Movies"]["is_active"] == 0  # a deleted section is not counted
    assert counts == MediaLibraryCounts(
        movies=int(movies["count"]),
        series=int(shows["count"]),
        episodes=int(shows["child_count"]),
        artists=int(music["count"]),
        albums=int(music["parent_count"]),
        tracks=int(music["child_count"]),
    )
    assert counts.books is None  # photo libraries are not counted


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_key_is_unauthorized_and_never_shown_or_logged(
    make_client: Callable[..., TautulliClient], caplog: pytest.LogCaptureFixture
) -> None:
    # What the integration logs; httpx logs whole request URLs at INFO, which the server
    # keeps out of its log (tests/app/test_server.py).
    caplog.set_level(logging.DEBUG, logger="integrations")
    fake = FakeTautulli()
    err = await refused(make_client(fake.upstream, secret=WRONG_KEY))

    assert (err.code, err.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert body("invalid_apikey")["response"]["message"] == "Invalid apikey"
    assert err.message == "Tautulli rejected the API key (Settings > Web Interface > API key)"
    assert err.url == f"{BASE}/api/v2"  # no query string: the key travels in it
    assert fake.upstream.requests[0].url.params["apikey"] == WRONG_KEY
    assert_no_secret(err, WRONG_KEY)
    assert WRONG_KEY not in caplog.text
    assert all(WRONG_KEY not in str(record.args) for record in caplog.records)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, json=envelope("error", "Invalid apikey")),  # older Tautulli
        httpx.Response(401, json=envelope("error", "Parameter apikey is required")),
        httpx.Response(401, json=envelope("error", "API key not generated")),
    ],
    ids=["invalid-200", "missing-401", "not-generated-401"],
)
async def test_other_key_refusals_are_unauthorized(
    make_client: Callable[..., TautulliClient], answer: httpx.Response
) -> None:
    upstream = FakeUpstream(ID, {API: answer})
    err = await refused(make_client(upstream), "activity")
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == answer.status_code
    assert_no_secret(err)


async def test_api_switched_off_is_forbidden(make_client: Callable[..., TautulliClient]) -> None:
    upstream = FakeUpstream(ID, {API: "api_disabled"})
    err = await refused(make_client(upstream))
    assert (err.code, err.status) == (ErrorCode.FORBIDDEN, 404)
    assert "Enable API" in err.message
    assert_no_secret(err)


async def test_unknown_command_is_upstream_error(
    make_client: Callable[..., TautulliClient],
) -> None:
    fake = FakeTautulli(get_activity="unknown_command")
    err = await refused(make_client(fake.upstream), "activity")
    assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, 400)
    assert err.message.startswith("Tautulli refused cmd=get_activity: Unknown command")
    assert_no_secret(err)


async def test_error_envelope_with_http_200_is_upstream_error(
    make_client: Callable[..., TautulliClient],
) -> None:
    fake = FakeTautulli(get_libraries=envelope("error", "Check the logs for errors"))
    err = await refused(make_client(fake.upstream), "libraries")
    assert (err.code, err.status) == (ErrorCode.UPSTREAM_ERROR, 200)
    assert err.message == "Tautulli refused cmd=get_libraries: Check the logs for errors"


async def test_other_json_is_invalid_response(make_client: Callable[..., TautulliClient]) -> None:
    fake = FakeTautulli(get_activity={"MediaContainer": {"size": 0}})
    err = await refused(make_client(fake.upstream), "activity")
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "response" in err.message
    assert_no_secret(err)


class TestTautulliFailures(RecordedFailuresContract):
    ID = ID
    BASE = BASE
    CONNECTION_PATH = API[1]
    SECRETS = (API_KEY,)

    def failing(self) -> tuple[FakeUpstream, str]:
        error = httpx.Response(500, text="500 Internal Server Error")
        return FakeTautulli(get_activity=error).upstream, "activity"
