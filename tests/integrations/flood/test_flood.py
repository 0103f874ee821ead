"""Flood integration against fixtures transcribed from Flood's API documentation (jesec/flood
4.x route docs and shared types)."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.flood import integration
from integrations.flood.client import FloodClient
from integrations.flood.definition import state_of
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "flood"
PASSWORD = "flood-pa55word"
BASE = "http://flood.test:3000"
AUTHENTICATE = ("POST", "/api/auth/authenticate")
VERIFY = ("GET", "/api/auth/verify")
CONNECTION_TEST = ("GET", "/api/client/connection-test")
TORRENTS = ("GET", "/api/torrents")
SETTINGS = ("GET", "/api/client/settings")
API = {CONNECTION_TEST: "connection_test", TORRENTS: "torrents", SETTINGS: "client_settings"}


def login_config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": "admin", "password": password},
    }


def open_config() -> dict[str, Any]:
    return {"url": BASE, "credentials": {"type": "none"}}


body = partial(fixture_body, ID)


def torrents() -> list[dict[str, Any]]:
    return list(body("torrents")["torrents"].values())


assert_no_secret = secret_check(PASSWORD)


def with_cookie(name: str, jwt: str) -> httpx.Response:
    data = fixture(ID, name)
    data["response"]["headers"]["set-cookie"] = (
        f"jwt={jwt}; Path=/; Max-Age=604800; HttpOnly; SameSite=Strict"
    )
    return response_of(data)


class FakeFlood:
    """Flood's session rules over the documented answers: ``authenticate`` sets a fresh ``jwt``
    cookie, every other route answers 401 without a valid one; with ``--auth none``, ``verify``
    hands a cookie to anyone; a restart forgets the cookies (a new secret)."""

    def __init__(
        self, routes: dict[tuple[str, str], Any] | None = None, *, auth_none: bool = False
    ) -> None:
        self.auth_none = auth_none
        self.jwts: list[str] = []
        self.valid: set[str] = set()
        self.upstream = FakeUpstream(
            ID,
            {AUTHENTICATE: self.login, VERIFY: self.verify, **API, **(routes or {})},
            refuse=self.refuse,
            open_routes={AUTHENTICATE, VERIFY},  # verify applies its own rule
        )

    def issue(self) -> str:
        jwt = f"jwt-{len(self.jwts) + 1}"
        self.jwts.append(jwt)
        self.valid.add(jwt)
        return jwt

    def login(self, request: httpx.Request) -> httpx.Response:
        if self.auth_none:
            return with_cookie("authenticate", self.issue())
        if json.loads(request.content) != {"username": "admin", "password": PASSWORD}:
            return response_of(fixture(ID, "authenticate_rejected"))
        return with_cookie("authenticate", self.issue())

    def has_cookie(self, request: httpx.Request) -> bool:
        cookie = SimpleCookie(request.headers.get("cookie", ""))
        return "jwt" in cookie and cookie["jwt"].value in self.valid

    def verify(self, request: httpx.Request) -> httpx.Response:
        if self.auth_none:
            return with_cookie("verify_auth_none", self.issue())
        if not self.has_cookie(request):
            return response_of(fixture(ID, "verify_unauthorized"))
        return response_of(fixture(ID, "verify"))

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        if not self.has_cookie(request):
            return response_of(fixture(ID, "unauthorized"))
        return None

    def restart(self) -> None:
        self.valid.clear()

    @property
    def logins(self) -> int:
        return self.upstream.calls[AUTHENTICATE]


@pytest.fixture
def make_client(clients: Clients) -> Callable[..., FloodClient]:
    return lambda upstream, config=None: clients(config or login_config(), upstream)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "flood"
    assert integration.default_port == 3000
    assert [(f.name, f.group) for f in integration.form() if f.group != "connection"] == [
        ("credentials.username", "credentials:usernamePassword"),
        ("credentials.password", "credentials:usernamePassword"),
    ]
    assert [c.model_fields["type"].default for c in integration.credentials] == [
        "usernamePassword",
        "none",
    ]
    status, queue = integration.endpoints["status"], integration.endpoints["torrents"]
    assert (status.payload, status.ttl, status.min_refresh) == (DownloadClientStatus, 5.0, 2.0)
    assert (queue.payload, queue.ttl, queue.min_refresh) == (DownloadQueue, 10.0, 5.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_logs_in_and_verifies(make_client: Callable[..., FloodClient]) -> None:
    fake = FakeFlood()
    info = await integration.test_connection(make_client(fake.upstream))

    verify = body("verify")
    assert info == ServiceInfo(
        version=None,
        details={
            "torrentClient": "connected",
            "user": verify["username"],
            "level": "administrator",
            "authMethod": "default",
        },
    )
    assert fake.logins == 1
    login = fake.upstream.requests[0]
    assert json.loads(login.content) == {"username": "admin", "password": PASSWORD}
    for request in fake.upstream.requests[1:]:
        assert request.headers["cookie"] == "jwt=jwt-1"


async def test_connection_reports_a_disconnected_torrent_client(
    make_client: Callable[..., FloodClient],
) -> None:
    fake = FakeFlood({CONNECTION_TEST: "connection_test_failed"})
    info = await integration.test_connection(make_client(fake.upstream))
    assert info.details["torrentClient"] == "not connected"


async def test_connection_without_auth(make_client: Callable[..., FloodClient]) -> None:
    fake = FakeFlood(auth_none=True)
    info = await integration.test_connection(make_client(fake.upstream, open_config()))

    assert info.details == {
        "torrentClient": "connected",
        "user": "_config",
        "level": "administrator",
        "authMethod": "none",
    }
    assert fake.logins == 0
    assert fake.upstream.calls[VERIFY] == 2  # once for the cookie, once by the test itself


async def test_status_counts_states_and_limits(make_client: Callable[..., FloodClient]) -> None:
    fake = FakeFlood()
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    raw = torrents()
    settings = body("client_settings")
    assert isinstance(status, DownloadClientStatus)
    assert status.download_speed == sum(t["downRate"] for t in raw) == 5242880
    assert status.upload_speed == sum(t["upRate"] for t in raw) == 196608
    assert status.download_limit == settings["throttleGlobalDownSpeed"] == 10485760
    assert status.upload_limit is None  # 0: unlimited
    assert status.total == len(raw) == 7
    # downloading (and stalled), seeding, complete+stopped, stopped, error, checking
    assert (status.downloading, status.seeding, status.completed, status.paused) == (2, 1, 1, 1)
    assert (status.errored, status.queued) == (1, 0)
    assert status.version is None
    assert status.free_space is None


async def test_status_reads_older_limit_names(make_client: Callable[..., FloodClient]) -> None:
    fake = FakeFlood({SETTINGS: "client_settings_older"})
    status = await integration.fetch_data(make_client(fake.upstream), "status")
    older = body("client_settings_older")
    assert status.download_limit == older["throttleGlobalDownMax"]
    assert status.upload_limit == older["throttleGlobalUpMax"] == 1048576


async def test_torrents_match_the_list(make_client: Callable[..., FloodClient]) -> None:
    fake = FakeFlood()
    queue = await integration.fetch_data(make_client(fake.upstream), "torrents")

    raw = {t["hash"]: t for t in torrents()}
    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(raw)
    # the two moving torrents first (downloading, then seeding: newest first), then newest first
    active = [t for t in raw.values() if t["downRate"] or t["upRate"]]
    idle = [t for t in raw.values() if not (t["downRate"] or t["upRate"])]
    expected = sorted(active, key=lambda t: -t["dateAdded"]) + sorted(
        idle, key=lambda t: -t["dateAdded"]
    )
    assert [item.id for item in queue.items[:2]] == [t["hash"] for t in expected[:2]]
    for item in queue.items:
        torrent = raw[item.id]
        assert item.name == torrent["name"]
        assert item.progress == pytest.approx(torrent["percentComplete"] / 100)
        assert item.size == torrent["sizeBytes"]
        assert (item.download_speed, item.upload_speed) == (torrent["downRate"], torrent["upRate"])
        assert item.added_at == datetime.fromtimestamp(torrent["dateAdded"], UTC)
        assert item.category == (torrent["tags"][0] if torrent["tags"] else None)
    downloading = next(i for i in queue.items if i.state is DownloadState.DOWNLOADING)
    assert downloading.eta_seconds == raw[downloading.id]["eta"] == 75
    assert all(i.eta_seconds is None for i in queue.items if i is not downloading)


@pytest.mark.parametrize(
    ("status", "percent", "expected"),
    [
        (["downloading", "active"], 40, DownloadState.DOWNLOADING),
        (["downloading", "activelyDownloading", "active"], 40, DownloadState.DOWNLOADING),
        (["downloading", "inactive"], 40, DownloadState.STALLED),
        (["complete", "seeding", "active"], 100, DownloadState.SEEDING),
        (["stopped", "complete", "inactive"], 100, DownloadState.COMPLETED),
        (["stopped", "inactive"], 100, DownloadState.COMPLETED),
        (["stopped", "inactive"], 40, DownloadState.PAUSED),
        (["checking", "inactive"], 40, DownloadState.CHECKING),
        (["downloading", "error", "inactive"], 3, DownloadState.ERROR),
        (["complete", "inactive"], 100, DownloadState.COMPLETED),
        (["inactive"], 0, DownloadState.UNKNOWN),
    ],
)
def test_state_mapping(status: list[str], percent: float, expected: DownloadState) -> None:
    assert state_of(status, percent) is expected


# --- sessions -----------------------------------------------------------------------------------


async def test_session_reused(make_client: Callable[..., FloodClient]) -> None:
    fake = FakeFlood()
    client = make_client(fake.upstream)
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "status"),
        integration.fetch_data(client, "torrents"),
    )
    await integration.fetch_data(client, "status")
    assert fake.logins == 1


async def test_expired_session_logs_in_again_once(make_client: Callable[..., FloodClient]) -> None:
    fake = FakeFlood()
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "torrents")
    fake.restart()  # Flood restarted with a new secret: the cookie is worthless

    queue = await integration.fetch_data(client, "torrents")

    assert queue.total == len(torrents())
    assert fake.logins == 2
    tried, retried = [r for r in fake.upstream.requests if r.url.path == TORRENTS[1]][-2:]
    assert tried.headers["cookie"] == "jwt=jwt-1"
    assert retried.headers["cookie"] == "jwt=jwt-2"


async def test_unauthorized_after_login_does_not_loop(
    make_client: Callable[..., FloodClient],
) -> None:
    fake = FakeFlood({TORRENTS: "unauthorized"})
    client = make_client(fake.upstream)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "torrents")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert fake.logins == 2
    assert fake.upstream.calls[TORRENTS] == 2
    assert_no_secret(caught.value)


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_password_is_unauthorized(make_client: Callable[..., FloodClient]) -> None:
    fake = FakeFlood()
    client = make_client(fake.upstream, login_config("wrong-password"))
    for _ in range(3):
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
        assert caught.value.code is ErrorCode.UNAUTHORIZED
        assert_no_secret(caught.value, "wrong-password")
    assert caught.value.status == 401
    assert caught.value.message.startswith("Flood rejected the username or password")
    assert fake.logins == 1  # not retried at every refresh
    assert fake.upstream.calls[VERIFY] == 0


async def test_no_credentials_on_a_flood_with_users(
    make_client: Callable[..., FloodClient],
) -> None:
    fake = FakeFlood()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, open_config()))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert "--auth none" in caught.value.message


async def test_flood_without_users(make_client: Callable[..., FloodClient]) -> None:
    upstream = FakeUpstream(ID, {VERIFY: "verify_initial_user"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream, open_config()))
    assert caught.value.code is ErrorCode.INVALID_CONFIG
    assert "no user yet" in caught.value.message


async def test_torrent_client_failure_is_upstream_error(
    make_client: Callable[..., FloodClient],
) -> None:
    fake = FakeFlood({TORRENTS: "torrents_client_error"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "torrents")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert body("torrents_client_error")["message"] in caught.value.message


async def test_server_error_is_upstream_error(make_client: Callable[..., FloodClient]) -> None:
    fake = FakeFlood({SETTINGS: httpx.Response(502, text="Bad Gateway")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "status")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 502
    assert_no_secret(caught.value)


async def test_html_page_is_invalid_response(make_client: Callable[..., FloodClient]) -> None:
    upstream = FakeUpstream(ID, {AUTHENTICATE: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_other_json_is_invalid_response(make_client: Callable[..., FloodClient]) -> None:
    fake = FakeFlood({TORRENTS: "other_json"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "torrents")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_login_without_cookie_is_invalid_response(
    make_client: Callable[..., FloodClient],
) -> None:
    answer = copy.deepcopy(fixture(ID, "authenticate"))
    del answer["response"]["headers"]["set-cookie"]
    upstream = FakeUpstream(ID, {AUTHENTICATE: response_of(answer)})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert "cookie" in caught.value.message


async def test_no_api_at_url_is_not_found(make_client: Callable[..., FloodClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.url == f"{BASE}/api/auth/authenticate"


async def test_no_secret_in_logs(
    make_client: Callable[..., FloodClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeFlood()
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "status")
    fake.restart()
    await integration.fetch_data(client, "status")
    assert "session expired" in caplog.text
    for secret in (PASSWORD, *fake.jwts):
        assert secret not in caplog.text


# --- actions -----------------------------------------------------------------------------------


STOP = ("POST", "/api/torrents/stop")
START = ("POST", "/api/torrents/start")
ROUTES = {STOP: "torrents_stop", START: "torrents_start"}
HASH = "8A19577FB5F690970CA43A57FF1011AE202244B8"


async def run(client: FloodClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def sent(flood: FakeFlood, key: tuple[str, str]) -> list[Any]:
    return [json.loads(r.content) for r in flood.upstream.requests if (r.method, r.url.path) == key]


def test_actions_declared() -> None:
    actions = integration.actions
    assert list(actions) == ["pauseAll", "resumeAll", "pauseItem", "resumeItem"]
    assert "altSpeedOn" not in actions  # Flood's API documents no alternative speed mode
    assert not any(a.destructive for a in actions.values())
    assert all(a.affects == ("status", "torrents") for a in actions.values())


@pytest.mark.parametrize("bad", ["", HASH[:-1], "all", "../api/auth/" + HASH[12:]])
def test_item_input_takes_only_a_torrent_hash(bad: str) -> None:
    with pytest.raises(ValidationError):
        integration.actions["pauseItem"].input.model_validate({"id": bad})


@pytest.mark.parametrize(
    ("action_id", "key", "message"),
    [("pauseAll", STOP, "Paused 7 torrents"), ("resumeAll", START, "Resumed 7 torrents")],
)
async def test_all_sends_every_listed_hash(
    make_client: Callable[..., FloodClient], action_id: str, key: tuple[str, str], message: str
) -> None:
    flood = FakeFlood(ROUTES)
    result = await run(make_client(flood.upstream), action_id)
    assert result == ActionResult(message=message, affected=7)
    assert sent(flood, key) == [{"hashes": [t["hash"] for t in torrents()]}]


async def test_all_with_no_torrents_sends_nothing(make_client: Callable[..., FloodClient]) -> None:
    empty = {**body("torrents"), "torrents": {}}
    flood = FakeFlood({**ROUTES, TORRENTS: empty})
    result = await run(make_client(flood.upstream), "pauseAll")
    assert result == ActionResult(message="Flood has no torrents to pause", affected=0)
    assert flood.upstream.calls[STOP] == 0


@pytest.mark.parametrize(
    ("action_id", "key", "name", "verb"),
    [
        ("pauseItem", STOP, "torrents_stop", "Paused"),
        ("resumeItem", START, "torrents_start", "Resumed"),
    ],
)
async def test_item_sends_that_hash(
    make_client: Callable[..., FloodClient],
    action_id: str,
    key: tuple[str, str],
    name: str,
    verb: str,
) -> None:
    flood = FakeFlood(ROUTES)
    result = await run(make_client(flood.upstream), action_id, id=HASH.lower())
    assert result == ActionResult(message=f"{verb} debian-12.5.0-amd64-netinst.iso", affected=1)
    assert sent(flood, key) == [fixture(ID, name)["request"]["body"]]


async def test_unknown_torrent_is_not_found_and_nothing_is_sent(
    make_client: Callable[..., FloodClient],
) -> None:
    flood = FakeFlood(ROUTES)
    with pytest.raises(IntegrationError) as caught:
        await run(
            make_client(flood.upstream), "pauseItem", id="0123456789ABCDEF0123456789ABCDEF01234567"
        )
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert flood.upstream.calls[STOP] == 0


async def test_torrent_client_failure_is_upstream_error_sent_once(
    make_client: Callable[..., FloodClient],
) -> None:
    flood = FakeFlood({STOP: "torrents_stop_client_error"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(flood.upstream), "pauseItem", id=HASH)
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "ECONNREFUSED" in caught.value.message
    assert flood.upstream.calls[STOP] == 1
    assert_no_secret(caught.value)


async def test_expired_cookie_is_renewed_before_the_torrent_is_started(
    make_client: Callable[..., FloodClient],
) -> None:
    # A 401 means Flood did nothing: the look-up goes again after a new login, then the start.
    flood = FakeFlood(ROUTES)
    client = make_client(flood.upstream)
    await run(client, "pauseItem", id=HASH)
    flood.restart()
    await run(client, "resumeItem", id=HASH)
    assert flood.logins == 2
    assert sent(flood, START) == [{"hashes": [HASH]}]
