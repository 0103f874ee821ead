"""Audiobookshelf integration against fixtures transcribed from the Audiobookshelf API
documentation (audiobookshelf-api-docs, Audiobookshelf 2.x)."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.audiobookshelf import integration
from integrations.audiobookshelf.client import AudiobookshelfClient
from integrations.audiobookshelf.definition import device_of, session_of
from integrations.audiobookshelf.models import DeviceInfo, PlaybackSession
from integrations.capabilities import (
    MediaKind,
    MediaLibraryCounts,
    MediaServerActivity,
    PlaybackState,
)
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "audiobookshelf"
TOKEN = "exJhbGciOiJI6IkpXVCJ9.eyJ1c2Vyi5NDEyODc4fQ.ZraBFohS4Tg39NszY"  # the documentation's
PASSWORD = "root-pa55word"
BASE = "http://abs.test:13378"
LOGIN = ("POST", "/login")
AUTHORIZE = ("POST", "/api/authorize")
ONLINE = ("GET", "/api/users/online")
LIBRARIES = ("GET", "/api/libraries")
BOOK_STATS = ("GET", "/api/libraries/lib_5yvub9dqvctlcrza6h/stats")
PODCAST_STATS = ("GET", "/api/libraries/lib_c1u6t4p45c35rf0nzd/stats")
BOOKS_IN_MAIN = 7


def book_stats() -> httpx.Response:
    data = copy.deepcopy(body("library_stats"))
    data["totalItems"] = BOOKS_IN_MAIN
    return httpx.Response(200, json=data)


API: dict[tuple[str, str], Any] = {
    AUTHORIZE: "authorize",
    ONLINE: "users_online",
    LIBRARIES: "libraries",
    PODCAST_STATS: "library_stats",
}


def token_config(token: str = TOKEN, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": {"type": "token", "token": token}}


def login_config(password: str = PASSWORD) -> dict[str, Any]:
    return {
        "url": BASE,
        "credentials": {"type": "usernamePassword", "username": "root", "password": password},
    }


body = partial(fixture_body, ID)
assert_no_secret = secret_check(TOKEN, PASSWORD)


class FakeAudiobookshelf:
    """Audiobookshelf's rules over the documented answers: the API wants ``Authorization:
    Bearer <token>`` (401 otherwise); ``POST /login`` hands out a fresh token per login; a
    restart (or a token revoked) forgets the tokens it handed out, never the API token."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None, **login: Any) -> None:
        self.issued: list[str] = []
        self.valid: set[str] = {TOKEN}
        self.login_fields = login
        api = {BOOK_STATS: book_stats(), **API, **(routes or {})}
        self.upstream = FakeUpstream(
            ID, {LOGIN: self.login, **api}, refuse=self.refuse, open_routes={LOGIN}
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        if sent != {"username": "root", "password": PASSWORD}:
            return response_of(fixture(ID, "login_rejected"))
        token = f"session-token-{len(self.issued) + 1}"
        self.issued.append(token)
        self.valid.add(token)
        data = copy.deepcopy(body("login"))
        data["user"]["token"] = token
        data["user"].update(self.login_fields)
        return httpx.Response(200, json=data)

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or token not in self.valid:
            return response_of(fixture(ID, "unauthorized"))
        return None

    def restart(self) -> None:
        self.valid = {TOKEN}

    @property
    def logins(self) -> int:
        return self.upstream.calls[LOGIN]


@pytest.fixture
def make_client(clients: Clients) -> Callable[..., AudiobookshelfClient]:
    return lambda upstream, config=None: clients(config or token_config(), upstream)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "audiobookshelf"
    assert integration.default_port == 13378
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.token", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    sessions, libraries = integration.endpoints["sessions"], integration.endpoints["libraries"]
    assert (sessions.payload, sessions.ttl, sessions.min_refresh) == (
        MediaServerActivity,
        10.0,
        5.0,
    )
    assert (libraries.payload, libraries.ttl) == (MediaLibraryCounts, 300.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_api_token(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    fake = FakeAudiobookshelf()
    info = await integration.test_connection(make_client(fake.upstream))

    answer = body("authorize")
    assert info == ServiceInfo(
        version=answer["serverSettings"]["version"],
        details={"user": "root", "userType": "root", "source": answer["Source"]},
    )
    assert info.version == "2.2.5"
    (request,) = fake.upstream.requests
    assert (request.method, request.url.path) == AUTHORIZE
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert fake.logins == 0


async def test_connection_with_login(make_client: Callable[..., AudiobookshelfClient]) -> None:
    fake = FakeAudiobookshelf()
    info = await integration.test_connection(make_client(fake.upstream, login_config()))

    assert info.version == body("login")["serverSettings"]["version"]
    assert fake.logins == 1
    login, authorize = fake.upstream.requests
    assert json.loads(login.content) == {"username": "root", "password": PASSWORD}
    assert "authorization" not in login.headers
    assert authorize.headers["authorization"] == "Bearer session-token-1"


async def test_login_prefers_the_access_token(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    fake = FakeAudiobookshelf(accessToken=TOKEN)  # newer servers: a short-lived access token
    await integration.test_connection(make_client(fake.upstream, login_config()))
    assert fake.upstream.requests[-1].headers["authorization"] == f"Bearer {TOKEN}"


async def test_sessions_from_online_users(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    fake = FakeAudiobookshelf()
    activity = await integration.fetch_data(make_client(fake.upstream), "sessions")

    raw = body("users_online")
    (open_session,) = raw["openSessions"]
    assert isinstance(activity, MediaServerActivity)
    assert (activity.playing, activity.transcoding) == (1, 0)
    (session,) = activity.sessions
    assert session.id == open_session["id"]
    assert session.user == raw["usersOnline"][0]["username"] == "paul"
    assert session.kind is MediaKind.PODCAST
    assert session.title == open_session["mediaMetadata"]["title"] == "Welcome to Night Vale"
    assert session.subtitle == open_session["displayTitle"] == "1 - Pilot"
    assert session.state is PlaybackState.PLAYING
    assert session.progress == pytest.approx(open_session["currentTime"] / open_session["duration"])
    assert session.device == "Firefox on Linux"
    assert session.client == "html5"
    assert session.transcoding is False


async def test_sessions_book_transcoded_for_unknown_user(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    raw = copy.deepcopy(body("users_online"))
    session = raw["openSessions"][0]
    session.update(
        userId="usr_gone",
        mediaType="book",
        displayTitle="Wizards First Rule",
        displayAuthor="Terry Goodkind",
        playMethod=2,
        deviceInfo={"manufacturer": "Google", "model": "Pixel 7", "sdkVersion": 34},
        mediaPlayer="exo-player",
    )
    fake = FakeAudiobookshelf({ONLINE: httpx.Response(200, json=raw)})
    activity = await integration.fetch_data(make_client(fake.upstream), "sessions")

    (result,) = activity.sessions
    assert (result.kind, result.title, result.subtitle) == (
        MediaKind.AUDIOBOOK,
        "Wizards First Rule",
        "Terry Goodkind",
    )
    assert result.user == "usr_gone"
    assert result.device == "Google Pixel 7"
    assert result.transcoding is True
    assert activity.transcoding == 1


def test_session_progress_is_bounded_and_optional() -> None:
    raw = copy.deepcopy(body("users_online")["openSessions"][0])
    raw["currentTime"] = raw["duration"] * 2
    assert session_of(PlaybackSession.model_validate(raw), {}).progress == 1.0
    raw["duration"] = 0
    assert session_of(PlaybackSession.model_validate(raw), {}).progress is None
    assert device_of(None) is None
    assert device_of(DeviceInfo()) is None


async def test_libraries_counts_books_and_podcasts(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    fake = FakeAudiobookshelf()
    counts = await integration.fetch_data(make_client(fake.upstream), "libraries")

    by_type = {lib["id"]: lib["mediaType"] for lib in body("libraries")["libraries"]}
    assert by_type == {"lib_5yvub9dqvctlcrza6h": "book", "lib_c1u6t4p45c35rf0nzd": "podcast"}
    assert counts == MediaLibraryCounts(
        books=BOOKS_IN_MAIN, podcasts=body("library_stats")["totalItems"]
    )
    assert fake.upstream.calls[BOOK_STATS] == fake.upstream.calls[PODCAST_STATS] == 1


async def test_libraries_without_podcasts(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    raw = copy.deepcopy(body("libraries"))
    raw["libraries"] = [lib for lib in raw["libraries"] if lib["mediaType"] == "book"]
    fake = FakeAudiobookshelf({LIBRARIES: httpx.Response(200, json=raw)})
    counts = await integration.fetch_data(make_client(fake.upstream), "libraries")
    assert (counts.books, counts.podcasts) == (BOOKS_IN_MAIN, None)


# --- sessions -----------------------------------------------------------------------------------


async def test_login_reused_across_fetches(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    fake = FakeAudiobookshelf()
    client = make_client(fake.upstream, login_config())
    await integration.test_connection(client)
    await integration.fetch_data(client, "sessions")
    await integration.fetch_data(client, "libraries")
    assert fake.logins == 1


async def test_expired_token_logs_in_again_once(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    fake = FakeAudiobookshelf()
    client = make_client(fake.upstream, login_config())
    await integration.fetch_data(client, "sessions")
    fake.restart()

    activity = await integration.fetch_data(client, "sessions")

    assert activity.playing == 1
    assert fake.logins == 2
    first, second = [r for r in fake.upstream.requests if r.url.path == ONLINE[1]][-2:]
    assert first.headers["authorization"] == "Bearer session-token-1"
    assert second.headers["authorization"] == "Bearer session-token-2"


async def test_unauthorized_right_after_login_does_not_loop(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    fake = FakeAudiobookshelf({ONLINE: "unauthorized"})
    client = make_client(fake.upstream, login_config())
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "sessions")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert fake.logins == 2
    assert fake.upstream.calls[ONLINE] == 2
    assert_no_secret(caught.value, PASSWORD, "session-token-1", "session-token-2")


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_token_is_unauthorized(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    fake = FakeAudiobookshelf()
    client = make_client(fake.upstream, token_config("wrong-token"))
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (401, f"{BASE}/api/authorize")
    assert err.message == "Audiobookshelf rejected the API token"
    assert_no_secret(err, "wrong-token")


async def test_wrong_password_is_unauthorized_and_not_retried(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    fake = FakeAudiobookshelf()
    client = make_client(fake.upstream, login_config("wrong-password"))
    for _ in range(3):
        with pytest.raises(IntegrationError) as caught:
            await integration.fetch_data(client, "libraries")
        assert caught.value.code is ErrorCode.UNAUTHORIZED
        assert_no_secret(caught.value, "wrong-password")
    assert fake.logins == 1  # Audiobookshelf rate-limits logins
    assert caught.value.message.startswith("Audiobookshelf rejected the username or password")


async def test_login_rate_limited(make_client: Callable[..., AudiobookshelfClient]) -> None:
    fake = FakeAudiobookshelf()
    fake.upstream.route(*LOGIN, httpx.Response(429, text="Too many requests"))
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, login_config()))
    assert caught.value.code is ErrorCode.RATE_LIMITED
    assert_no_secret(caught.value)


async def test_sessions_need_an_admin(make_client: Callable[..., AudiobookshelfClient]) -> None:
    fake = FakeAudiobookshelf({ONLINE: "users_online_forbidden"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, login_config()), "sessions")
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert caught.value.message == "this needs an Audiobookshelf admin user"
    assert fake.logins == 1  # a 403 is not an expired session


async def test_html_page_is_invalid_response(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    upstream = FakeUpstream(ID, {AUTHORIZE: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_other_json_is_invalid_response(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    upstream = FakeUpstream(ID, {AUTHORIZE: "other_json"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_no_api_at_url_is_not_found(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.url == f"{BASE}/api/authorize"


async def test_server_error_is_upstream_error(
    make_client: Callable[..., AudiobookshelfClient],
) -> None:
    fake = FakeAudiobookshelf({PODCAST_STATS: httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "libraries")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)


async def test_no_secret_in_logs(
    make_client: Callable[..., AudiobookshelfClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeAudiobookshelf()
    client = make_client(fake.upstream, login_config())
    await integration.fetch_data(client, "sessions")
    fake.restart()
    await integration.fetch_data(client, "sessions")
    assert "session expired" in caplog.text
    for secret in (PASSWORD, TOKEN, *fake.issued):
        assert secret not in caplog.text
