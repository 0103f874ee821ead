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
