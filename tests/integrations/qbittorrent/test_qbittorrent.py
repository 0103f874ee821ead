"""qBittorrent integration against fixtures recorded from qBittorrent 4.5.2 (WebAPI 2.8.19)."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult, PartiallyApplied
from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.qbittorrent import integration
from integrations.qbittorrent.client import QBittorrentClient
from integrations.qbittorrent.definition import state_of
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "qbittorrent"
PASSWORD = "adminpass123"
BASE = "http://qbittorrent.test:8080"
LOGIN = ("POST", "/api/v2/auth/login")
VERSION = ("GET", "/api/v2/app/version")
WEBAPI = ("GET", "/api/v2/app/webapiVersion")
MAINDATA = ("GET", "/api/v2/sync/maindata")
TORRENTS = ("GET", "/api/v2/torrents/info")
API = {
    VERSION: "app_version",
    WEBAPI: "app_webapi_version",
    MAINDATA: "sync_maindata",
    TORRENTS: "torrents_info",
}
SEEDING_STATES = {"uploading", "stalledUP", "forcedUP"}


def config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": "admin", "password": password},
    }


body = partial(fixture_body, ID)
assert_no_secret = secret_check(PASSWORD)


class FakeQBittorrent:
    """qBittorrent's session rules over the recorded answers: a login sets a fresh SID cookie,
    the API answers 403 without a valid one, and a restart forgets every session."""

    def __init__(self, routes: dict[tuple[str, str], Any] | None = None) -> None:
        self.sids: list[str] = []
        self.valid: set[str] = set()
        api = {**API, **(routes or {})}
        self.upstream = FakeUpstream(
            ID, {LOGIN: self.login, **api}, refuse=self.refuse, open_routes={LOGIN} - api.keys()
        )

    def login(self, request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        if form.get("password") != [PASSWORD]:
            return response_of(fixture(ID, "auth_login_wrong_password"))
        sid = f"session-{len(self.sids) + 1}"
        self.sids.append(sid)
        self.valid.add(sid)
        data = fixture(ID, "auth_login_ok")
        data["response"]["headers"]["set-cookie"] = f"SID={sid}; HttpOnly; path=/; SameSite=Strict"
        return response_of(data)

    def refuse(self, request: httpx.Request) -> httpx.Response | None:
        cookie = SimpleCookie(request.headers.get("cookie", ""))
        if "SID" not in cookie or cookie["SID"].value not in self.valid:
            return response_of(fixture(ID, "forbidden_no_cookie"))
        return None

    def restart(self) -> None:
        self.valid.clear()

    @property
    def logins(self) -> int:
        return self.upstream.calls[LOGIN]


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "qbittorrent"
    assert integration.categories == ("downloads", "torrent")
    assert integration.default_port == 8080
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    status, torrents = integration.endpoints["status"], integration.endpoints["torrents"]
    assert (status.payload, status.ttl, status.min_refresh) == (DownloadClientStatus, 5.0, 2.0)
    assert (torrents.payload, torrents.ttl, torrents.min_refresh) == (DownloadQueue, 10.0, 5.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., QBittorrentClient]) -> None:
    fake = FakeQBittorrent()
    info = await integration.test_connection(make_client(fake.upstream))

    assert info == ServiceInfo(
        version=body("app_version"), details={"webApiVersion": body("app_webapi_version")}
    )
    assert info.version == "v4.5.2"
    assert fake.logins == 1
    login = next(r for r in fake.upstream.requests if r.url.path == LOGIN[1])
    assert parse_qs(login.content.decode()) == {"username": ["admin"], "password": [PASSWORD]}
    for request in fake.upstream.requests:  # qBittorrent rejects a mismatching Referer/Origin
        assert "referer" not in request.headers
        assert "origin" not in request.headers
        if request.url.path != LOGIN[1]:
            assert request.headers["cookie"] == "SID=session-1"


async def test_status_matches_maindata(make_client: Callable[..., QBittorrentClient]) -> None:
    fake = FakeQBittorrent()
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    server = body("sync_maindata")["server_state"]
    transfer = body("transfer_info")
    states = [t["state"] for t in body("sync_maindata")["torrents"].values()]
    assert isinstance(status, DownloadClientStatus)
    assert status.download_speed == server["dl_info_speed"] == transfer["dl_info_speed"]
    assert status.upload_speed == server["up_info_speed"] == transfer["up_info_speed"]
    assert status.seeding == sum(s in SEEDING_STATES for s in states) == 1
    assert status.total == len(states) == 1
    assert (status.downloading, status.paused, status.completed, status.errored) == (0, 0, 0, 0)
    assert status.download_limit is None  # dl_rate_limit 0: unlimited
    assert status.upload_limit is None
    assert status.free_space == server["free_space_on_disk"] == 84702339072
    assert status.version == "v4.5.2"
    maindata = next(r for r in fake.upstream.requests if r.url.path == MAINDATA[1])
    assert maindata.url.params["rid"] == "0"  # a full snapshot, not a delta


async def test_status_counts_every_state(make_client: Callable[..., QBittorrentClient]) -> None:
    fake = FakeQBittorrent({MAINDATA: "sync_maindata_mixed"})
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    main = body("sync_maindata_mixed")
    states = [t["state"] for t in main["torrents"].values()]
    assert sorted(states) == ["pausedDL", "pausedUP", "stalledDL", "stalledUP"]
    assert status.downloading == states.count("stalledDL") == 1
    assert status.seeding == states.count("stalledUP") == 1
    assert status.paused == states.count("pausedDL") == 1
    assert status.completed == states.count("pausedUP") == 1
    assert (status.queued, status.errored) == (0, 0)
    assert status.total == 4
    # sync/maindata's server_state carries what transfer/info reports (same snapshot)
    transfer = body("transfer_info_mixed")
    assert status.download_limit == transfer["dl_rate_limit"] == 1048576
    assert status.upload_limit is None
    assert transfer["up_rate_limit"] == 0
    assert status.download_speed == transfer["dl_info_speed"]
    assert status.free_space == main["server_state"]["free_space_on_disk"]


async def test_torrents_match_torrents_info(make_client: Callable[..., QBittorrentClient]) -> None:
    fake = FakeQBittorrent({TORRENTS: "torrents_info_mixed"})
    queue = await integration.fetch_data(make_client(fake.upstream), "torrents")

    raw = body("torrents_info_mixed")
    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(raw) == 4
    # nothing is transferring, so the order is newest first
    newest_first = sorted(raw, key=lambda t: -t["added_on"])
    assert [item.id for item in queue.items] == [t["hash"] for t in newest_first]
    expected_state = {
        "testfile.bin": DownloadState.SEEDING,
        "qbt-complete.bin": DownloadState.COMPLETED,
        "qbt-incomplete.bin": DownloadState.STALLED,
        "qbt-paused.bin": DownloadState.PAUSED,
    }
    for item, torrent in zip(queue.items, newest_first, strict=True):
        assert item.name == torrent["name"]
        assert item.state is expected_state[torrent["name"]]
        assert item.progress == torrent["progress"]
        assert item.size == torrent["size"]
        assert item.download_speed == torrent["dlspeed"]
        assert item.upload_speed == torrent["upspeed"]
        assert item.eta_seconds is None  # 8640000 = never
        assert item.category == (torrent["category"] or None)
        assert item.added_at == datetime.fromtimestamp(torrent["added_on"], UTC)
    assert [i.category for i in queue.items if i.category] == ["linux"]


async def test_torrents_active_first_and_capped(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    template = body("torrents_info")[0]
    raw = []
    for n in range(60):
        torrent = copy.deepcopy(template)
        torrent.update(hash=f"{n:040x}", name=f"t{n}", added_on=template["added_on"] + n)
        raw.append(torrent)
    raw[3].update(state="downloading", dlspeed=51200, eta=120, progress=0.5)  # old but active
    raw[7].update(state="uploading", upspeed=2048)
    fake = FakeQBittorrent({TORRENTS: httpx.Response(200, json=raw)})
    queue = await integration.fetch_data(make_client(fake.upstream), "torrents")

    assert queue.total == 60
    assert len(queue.items) == 50
    assert [i.name for i in queue.items[:4]] == ["t7", "t3", "t59", "t58"]
    assert queue.items[1].state is DownloadState.DOWNLOADING
    assert queue.items[1].eta_seconds == 120
    assert queue.items[0].state is DownloadState.SEEDING
    assert queue.items[0].eta_seconds is None


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("downloading", DownloadState.DOWNLOADING),
        ("metaDL", DownloadState.DOWNLOADING),
        ("forcedDL", DownloadState.DOWNLOADING),
        ("uploading", DownloadState.SEEDING),
        ("forcedUP", DownloadState.SEEDING),
        ("stalledUP", DownloadState.SEEDING),
        ("pausedDL", DownloadState.PAUSED),
        ("pausedUP", DownloadState.COMPLETED),
        ("stoppedDL", DownloadState.PAUSED),
        ("stoppedUP", DownloadState.COMPLETED),
        ("queuedDL", DownloadState.QUEUED),
        ("queuedUP", DownloadState.QUEUED),
        ("checkingDL", DownloadState.CHECKING),
        ("checkingUP", DownloadState.CHECKING),
        ("checkingResumeData", DownloadState.CHECKING),
        ("moving", DownloadState.CHECKING),
        ("allocating", DownloadState.CHECKING),
        ("stalledDL", DownloadState.STALLED),
        ("error", DownloadState.ERROR),
        ("missingFiles", DownloadState.ERROR),
        ("unknown", DownloadState.UNKNOWN),
        ("somethingNew", DownloadState.UNKNOWN),
    ],
)
def test_state_mapping(state: str, expected: DownloadState) -> None:
    assert state_of(state) is expected


# --- sessions -----------------------------------------------------------------------------------


async def test_session_reused_across_fetches(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    fake = FakeQBittorrent()
    client = make_client(fake.upstream)
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "status"),
        integration.fetch_data(client, "torrents"),
    )
    await integration.fetch_data(client, "status")
    assert fake.logins == 1


async def test_expired_session_logs_in_again_once(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    fake = FakeQBittorrent()
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "status")
    fake.restart()  # qBittorrent forgot the SID: the next call gets 403

    queue = await integration.fetch_data(client, "torrents")

    assert queue.total == len(body("torrents_info"))
    assert fake.logins == 2
    assert fake.upstream.calls[TORRENTS] == 2
    tried, retried = [r for r in fake.upstream.requests if r.url.path == TORRENTS[1]]
    assert tried.headers["cookie"] == "SID=session-1"
    assert retried.headers["cookie"] == "SID=session-2"


async def test_forbidden_right_after_login_is_unauthorized(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    fake = FakeQBittorrent({MAINDATA: "forbidden_no_cookie"})  # 403 even with a fresh SID
    client = make_client(fake.upstream)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "status")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 403
    assert fake.logins == 2  # the first login and exactly one renewal
    assert fake.upstream.calls[MAINDATA] == 2
    assert_no_secret(caught.value)

    with pytest.raises(IntegrationError):
        await integration.fetch_data(client, "status")
    assert fake.logins == 3  # one renewal per fetch, never a loop


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_password_is_unauthorized(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    fake = FakeQBittorrent()
    client = make_client(fake.upstream, password="wrong-password")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (200, f"{BASE}/api/v2/auth/login")
    assert err.message == "qBittorrent rejected the username or password"
    assert fake.logins == 1
    assert fake.upstream.calls[VERSION] == 0
    assert_no_secret(err, "wrong-password")


async def test_rejected_login_is_not_retried_at_once(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    fake = FakeQBittorrent()
    client = make_client(fake.upstream, password="wrong-password")
    for _ in range(3):
        with pytest.raises(IntegrationError) as caught:
            await integration.fetch_data(client, "status")
        assert caught.value.code is ErrorCode.UNAUTHORIZED
        assert_no_secret(caught.value, "wrong-password")
    assert fake.logins == 1  # a refresh loop must not get the address banned
    assert "not retried" in caught.value.message


async def test_banned_address_is_forbidden(make_client: Callable[..., QBittorrentClient]) -> None:
    fake = FakeQBittorrent()
    fake.upstream.route(*LOGIN, "auth_login_banned")
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    err = caught.value
    assert err.code is ErrorCode.FORBIDDEN
    assert err.status == 403
    assert "banned" in err.message
    assert fake.logins == 1
    assert_no_secret(err)


async def test_html_page_is_invalid_response(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    upstream = FakeUpstream(ID, {LOGIN: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert caught.value.status == 200
    assert_no_secret(caught.value)


async def test_html_api_answer_is_invalid_response(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    fake = FakeQBittorrent({MAINDATA: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "status")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert caught.value.message.startswith("the response is not JSON")


async def test_no_api_at_url_is_not_found(make_client: Callable[..., QBittorrentClient]) -> None:
    upstream = FakeUpstream(ID, {})  # every path 404, like a web server without qBittorrent
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.status == 404
    assert caught.value.url == f"{BASE}/api/v2/auth/login"
    assert_no_secret(caught.value)


async def test_server_error_is_upstream_error(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    fake = FakeQBittorrent({TORRENTS: httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "torrents")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)


# --- actions -----------------------------------------------------------------------------------


HASH = "296a4efefc39f7e0d86b3d57f6746dac009a06ee"
UNKNOWN = "0123456789abcdef0123456789abcdef01234567"
PAUSE = ("POST", "/api/v2/torrents/pause")
RESUME = ("POST", "/api/v2/torrents/resume")
STOP = ("POST", "/api/v2/torrents/stop")
START = ("POST", "/api/v2/torrents/start")
INFO = ("GET", "/api/v2/torrents/info")
MODE = ("GET", "/api/v2/transfer/speedLimitsMode")
TOGGLE = ("POST", "/api/v2/transfer/toggleSpeedLimitsMode")
V4_ROUTES = {PAUSE: "torrents_pause", RESUME: "torrents_resume", STOP: "torrents_stop_not_in_4"}
V5_ROUTES = {WEBAPI: "app_webapi_version_5", STOP: "torrents_stop", START: "torrents_start"}


async def run(client: QBittorrentClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def form(fake: FakeQBittorrent, key: tuple[str, str]) -> list[dict[str, list[str]]]:
    """The form bodies of the requests sent to ``key``."""
    return [
        parse_qs(r.content.decode())
        for r in fake.upstream.requests
        if (r.method, r.url.path) == key
    ]


def info_by_hash(request: httpx.Request) -> httpx.Response:
    """``torrents/info?hashes=h``: the recorded torrent when h is its hash, else []."""
    wanted = request.url.params.get("hashes")
    torrents = [t for t in fixture_body(ID, "torrents_info") if t["hash"] == wanted]
    return httpx.Response(200, json=torrents)


class SpeedMode:
    """``speedLimitsMode`` and ``toggleSpeedLimitsMode`` over one flag; ``sticky`` makes the
    toggle change nothing (another client toggled back at the same moment)."""

    def __init__(self, on: bool, *, sticky: bool = False) -> None:
        self.on, self.sticky = on, sticky

    def mode(self, request: httpx.Request) -> httpx.Response:
        return response_of(
            fixture(ID, "speed_limits_mode_on" if self.on else "speed_limits_mode_off")
        )

    def toggle(self, request: httpx.Request) -> httpx.Response:
        if not self.sticky:
            self.on = not self.on
        return response_of(fixture(ID, "toggle_speed_limits_mode"))

    def routes(self) -> dict[tuple[str, str], Any]:
        return {MODE: self.mode, TOGGLE: self.toggle}


def test_actions_declared() -> None:
    actions = integration.actions
    assert list(actions) == [
        "pauseAll",
        "resumeAll",
        "pauseItem",
        "resumeItem",
        "altSpeedOn",
        "altSpeedOff",
    ]
    assert not any(a.destructive for a in actions.values())
    assert actions["pauseAll"].affects == ("status", "torrents")
    assert actions["altSpeedOn"].affects == ("status",)
    assert [f.name for f in actions["pauseItem"].form()] == ["id"]


@pytest.mark.parametrize("bad", ["all", "../api/v2/app/shutdown", HASH[:-1], HASH + "|" + HASH])
def test_item_input_takes_only_a_torrent_hash(bad: str) -> None:
    with pytest.raises(ValidationError):
        integration.actions["pauseItem"].input.model_validate({"id": bad})


@pytest.mark.parametrize(
    ("action_id", "sent", "message"),
    [("pauseAll", PAUSE, "Paused every torrent"), ("resumeAll", RESUME, "Resumed every torrent")],
)
async def test_all_on_4x_uses_pause_and_resume(
    make_client: Callable[..., QBittorrentClient],
    action_id: str,
    sent: tuple[str, str],
    message: str,
) -> None:
    fake = FakeQBittorrent(V4_ROUTES)
    result = await run(make_client(fake.upstream), action_id)
    assert result == ActionResult(message=message)
    assert form(fake, sent) == [{"hashes": ["all"]}]
    assert fake.upstream.calls[STOP] == fake.upstream.calls[START] == 0


@pytest.mark.parametrize(("action_id", "sent"), [("pauseAll", STOP), ("resumeAll", START)])
async def test_all_on_5x_uses_stop_and_start(
    make_client: Callable[..., QBittorrentClient], action_id: str, sent: tuple[str, str]
) -> None:
    fake = FakeQBittorrent(V5_ROUTES)
    await run(make_client(fake.upstream), action_id)
    assert form(fake, sent) == [{"hashes": ["all"]}]
    assert fake.upstream.calls[PAUSE] == fake.upstream.calls[RESUME] == 0


@pytest.mark.parametrize(
    ("action_id", "routes", "sent", "message"),
    [
        ("pauseItem", V4_ROUTES, PAUSE, "Paused testfile.bin"),
        ("resumeItem", V4_ROUTES, RESUME, "Resumed testfile.bin"),
        ("pauseItem", V5_ROUTES, STOP, "Paused testfile.bin"),
        ("resumeItem", V5_ROUTES, START, "Resumed testfile.bin"),
    ],
)
async def test_item_pauses_or_resumes_that_torrent(
    make_client: Callable[..., QBittorrentClient],
    action_id: str,
    routes: dict[tuple[str, str], Any],
    sent: tuple[str, str],
    message: str,
) -> None:
    fake = FakeQBittorrent({**routes, INFO: info_by_hash})
    result = await run(make_client(fake.upstream), action_id, id=HASH.upper())
    assert result == ActionResult(message=message, affected=1)
    assert form(fake, sent) == [{"hashes": [HASH]}]
    looked_up = [r for r in fake.upstream.requests if (r.method, r.url.path) == INFO]
    assert [r.url.params["hashes"] for r in looked_up] == [HASH]


async def test_unknown_torrent_is_not_found_and_nothing_is_sent(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    # qBittorrent answers 200 to pausing a hash it does not have: the look-up tells.
    fake = FakeQBittorrent({**V4_ROUTES, INFO: "torrents_info_unknown_hash"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream), "pauseItem", id=UNKNOWN)
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert UNKNOWN in caught.value.message
    assert fake.upstream.calls[PAUSE] == 0
    assert_no_secret(caught.value)


@pytest.mark.parametrize(
    ("action_id", "before", "message"),
    [
        ("altSpeedOn", False, "Alternative speed limits turned on"),
        ("altSpeedOff", True, "Alternative speed limits turned off"),
    ],
)
async def test_alt_speed_toggles_when_needed(
    make_client: Callable[..., QBittorrentClient], action_id: str, before: bool, message: str
) -> None:
    speed = SpeedMode(before)
    fake = FakeQBittorrent(speed.routes())
    result = await run(make_client(fake.upstream), action_id)
    assert result == ActionResult(message=message)
    assert speed.on is not before
    assert fake.upstream.calls[TOGGLE] == 1
    assert fake.upstream.calls[MODE] == 2  # read before, checked after


@pytest.mark.parametrize(
    ("action_id", "already", "message"),
    [
        ("altSpeedOn", True, "Alternative speed limits were already on"),
        ("altSpeedOff", False, "Alternative speed limits were already off"),
    ],
)
async def test_alt_speed_already_there_is_not_toggled(
    make_client: Callable[..., QBittorrentClient], action_id: str, already: bool, message: str
) -> None:
    speed = SpeedMode(already)
    fake = FakeQBittorrent(speed.routes())
    result = await run(make_client(fake.upstream), action_id)
    assert result == ActionResult(message=message)
    assert speed.on is already
    assert fake.upstream.calls[TOGGLE] == 0


async def test_alt_speed_toggled_back_meanwhile_is_reported_not_retried(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    speed = SpeedMode(False, sticky=True)
    fake = FakeQBittorrent(speed.routes())
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream), "altSpeedOn")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "still off" in caught.value.message
    assert fake.upstream.calls[TOGGLE] == 1


async def test_alt_speed_mode_not_qbittorrents_is_invalid_response(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    fake = FakeQBittorrent({MODE: "not_that_service", TOGGLE: "toggle_speed_limits_mode"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream), "altSpeedOn")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert fake.upstream.calls[TOGGLE] == 0


async def test_refused_pause_is_upstream_error(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    fake = FakeQBittorrent({PAUSE: httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream), "pauseAll")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert fake.upstream.calls[PAUSE] == 1  # sent once, never retried
    assert_no_secret(caught.value)


async def test_expired_session_is_renewed_and_the_refused_pause_sent_again(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    # A 403 means qBittorrent applied nothing: the request is resent once after a new login.
    fake = FakeQBittorrent(V4_ROUTES)
    client = make_client(fake.upstream)
    await run(client, "pauseAll")
    fake.restart()
    await run(client, "resumeAll")
    assert fake.logins == 2
    assert form(fake, RESUME) == [{"hashes": ["all"]}]


async def test_alt_speed_toggled_but_not_read_back_is_partially_applied(
    make_client: Callable[..., QBittorrentClient],
) -> None:
    # The toggle went through; only the check after it failed: the dashboard must not be told
    # that nothing happened (a second toggle would undo the first).
    speed = SpeedMode(False)
    reads = iter([speed.mode, lambda request: httpx.Response(500, text="Internal Server Error")])
    fake = FakeQBittorrent({MODE: lambda request: next(reads)(request), TOGGLE: speed.toggle})
    with pytest.raises(PartiallyApplied) as caught:
        await run(make_client(fake.upstream), "altSpeedOn")
    err = caught.value
    assert err.code is ErrorCode.PARTIALLY_APPLIED
    assert err.status == 500
    assert "toggled" in err.message and "should now be on" in err.message
    assert speed.on is True
    assert fake.upstream.calls[TOGGLE] == 1
    assert_no_secret(err)
