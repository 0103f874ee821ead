"""pyLoad integration against fixtures recorded from pyLoad-ng 0.5.0b3.dev101 (PyPI)."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable
from functools import partial
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from integrations.actions import ActionResult
from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.pyload import integration
from integrations.pyload.client import PyloadClient
from integrations.pyload.definition import COLLECTOR, LinkStatus, link_state, package_state
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    fixture,
    fixture_body,
    refusal,
    response_of,
    secret_check,
)

ID = "pyload"
API_KEY = fixture(ID, "get_server_version")["request"]["headers"]["x-api-key"]
WRONG_KEY = fixture(ID, "wrong_api_key")["request"]["headers"]["x-api-key"]
MALFORMED_KEY = fixture(ID, "malformed_api_key")["request"]["headers"]["x-api-key"]
PASSWORD = "adminpass123"
CSRF_TOKEN = "fixture-csrf-token"  # what record.py writes in place of the real tokens
BASE = "http://pyload.test:8000"
LOGIN = "/login"
COOKIE = fixture(ID, "login_page")["response"]["headers"]["set-cookie"].split("=", 1)[0]
METHODS = (
    "get_server_version",
    "status_server",
    "free_space",
    "get_queue_data",
    "get_collector",
    "status_downloads",
)
WRITE_METHODS = ("pause_server", "unpause_server")


def key_config(api_key: str = API_KEY, url: str = BASE) -> dict[str, Any]:
    return {"url": url, "credentials": {"type": "apiKey", "apiKey": api_key}}


def password_config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": "admin", "password": password},
    }


body = partial(fixture_body, ID)


VERSION = json.loads(body("get_server_version"))  # a JSON string: "0.5.0"


assert_no_secret = secret_check(API_KEY, PASSWORD)


def download(fid: int, package_id: int, speed: int, eta: int) -> dict[str, Any]:
    """A ``status_downloads`` entry, as pyLoad's DownloadInfo model (core/datatypes/data.py)."""
    return {
        "fid": fid,
        "name": f"file{fid}.bin",
        "speed": speed,
        "eta": eta,
        "format_eta": "",
        "bleft": speed * eta,
        "size": 2 * speed * eta,
        "format_size": "",
        "percent": 50,
        "status": LinkStatus.DOWNLOADING,
        "statusmsg": "downloading",
        "format_wait": "",
        "wait_until": 0.0,
        "package_id": package_id,
        "package_name": "",
        "plugin": "DefaultPlugin",
        "info": "",
    }


class FakePyload:
    """pyLoad's auth over the recorded answers: the X-API-Key header, or the web login (CSRF
    token, then a session cookie the API accepts); ``forget_sessions`` drops every session."""

    def __init__(self, **answers: Any) -> None:
        self.answers: dict[str, Any] = {
            method: method for method in (*METHODS, *WRITE_METHODS)
        } | answers
        self.sessions: list[str] = []
        self.valid: set[str] = set()
        routes: dict[tuple[str, str], Any] = {
            ("GET", LOGIN): self.login_page,
            ("POST", LOGIN): self.login,
            ("GET", "/dashboard"): self.dashboard,
            ("POST", "/api/login"): "obsolete_api_login",
        }
        routes |= {("GET", f"/api/{method}"): self.api for method in METHODS}
        routes |= {("POST", f"/api/{method}"): self.api for method in WRITE_METHODS}
        routes |= {("GET", f"/api/{method}"): "pause_server_get" for method in WRITE_METHODS}
        self.upstream = FakeUpstream(ID, routes)

    def session(self, request: httpx.Request) -> str | None:
        cookie = SimpleCookie(request.headers.get("cookie", ""))
        return cookie[COOKIE].value if COOKIE in cookie else None

    def login_page(self, request: httpx.Request) -> httpx.Response:
        return response_of(fixture(ID, "login_page"))  # sets an anonymous session cookie

    def login(self, request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        if form.get("csrf_token") != [CSRF_TOKEN] or self.session(request) is None:
            return response_of(fixture(ID, "login_no_csrf_token"))
        if form.get("password") != [PASSWORD]:
            return response_of(fixture(ID, "login_wrong_password"))
        sid = f"session-{len(self.sessions) + 1}"
        self.sessions.append(sid)
        self.valid.add(sid)
        data = copy.deepcopy(fixture(ID, "login_ok"))
        headers = data["response"]["headers"]
        headers["location"] = BASE + urlsplit(headers["location"]).path
        headers["set-cookie"] = headers["set-cookie"].replace("fixture-session-id", sid)
        return response_of(data)

    def dashboard(self, request: httpx.Request) -> httpx.Response:
        """The dashboard (cut to its CSRF token) for a session; the login form otherwise."""
        if self.session(request) in self.valid:
            return response_of(fixture(ID, "dashboard_csrf"))
        return httpx.Response(302, headers={"location": f"{BASE}{LOGIN}?next=dashboard"})

    def api(self, request: httpx.Request) -> httpx.Response:
        key = request.headers.get("x-api-key")
        if key is not None and key != API_KEY:
            bad = "wrong_api_key" if key.startswith("pl_") else "malformed_api_key"
            return response_of(fixture(ID, bad))
        if key is None and self.session(request) not in self.valid:
            return response_of(fixture(ID, "no_credentials"))
        if (
            key is None
            and request.method == "POST"
            and request.headers.get("x-csrftoken") != CSRF_TOKEN
        ):
            return response_of(fixture(ID, "session_pause_server_no_csrf"))
        answer = self.answers[request.url.path.rsplit("/", 1)[1]]
        if isinstance(answer, httpx.Response):
            return answer
        if isinstance(answer, str):
            return response_of(fixture(ID, answer))
        return httpx.Response(200, json=answer)

    def forget_sessions(self) -> None:
        self.valid.clear()

    def calls(self, method: str, path: str) -> int:
        return self.upstream.calls[(method, path)]

    @property
    def logins(self) -> int:
        return self.calls("POST", LOGIN)


@pytest.fixture
def make_client(clients: Clients) -> Callable[..., PyloadClient]:
    def make(upstream: FakePyload | FakeUpstream, config: dict[str, Any]) -> PyloadClient:
        return clients(config, upstream.upstream if isinstance(upstream, FakePyload) else upstream)

    return make


refused = partial(refusal, ID)


def queue_with_links(*statuses: int) -> list[dict[str, Any]]:
    """The recorded queue, its one package holding links in ``statuses``."""
    queue = copy.deepcopy(body("get_queue_data"))
    template = queue[0]["links"][0]
    queue[0]["links"] = [
        {**template, "fid": n + 1, "status": status} for n, status in enumerate(statuses)
    ]
    return queue


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "pyload"
    assert integration.default_port == 8000
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret"),
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    status, queue = integration.endpoints["status"], integration.endpoints["queue"]
    assert (status.payload, status.ttl, status.min_refresh) == (DownloadClientStatus, 10.0, 5.0)
    assert (queue.payload, queue.ttl, queue.min_refresh) == (DownloadQueue, 15.0, 10.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_with_api_key(make_client: Callable[..., PyloadClient]) -> None:
    fake = FakePyload()
    info = await integration.test_connection(make_client(fake, key_config()))

    assert info == ServiceInfo(version=VERSION)
    assert info.version == "0.5.0"
    assert fake.logins == 0
    assert [r.url.path for r in fake.upstream.requests] == ["/api/get_server_version"]
    assert fake.upstream.requests[0].headers["x-api-key"] == API_KEY


async def test_connection_with_password_logs_in_through_the_form(
    make_client: Callable[..., PyloadClient],
) -> None:
    fake = FakePyload()
    info = await integration.test_connection(make_client(fake, password_config()))

    assert info.version == VERSION
    assert [(r.method, r.url.path) for r in fake.upstream.requests] == [
        ("GET", LOGIN),
        ("POST", LOGIN),
        ("GET", "/dashboard"),  # where a login that worked redirects to
        ("GET", "/api/get_server_version"),
    ]
    login = fake.upstream.requests[1]
    assert parse_qs(login.content.decode()) == {
        "csrf_token": [CSRF_TOKEN],
        "username": ["admin"],
        "password": [PASSWORD],
    }
    api = fake.upstream.requests[-1]
    assert api.headers["cookie"] == f"{COOKIE}=session-1"
    assert "x-api-key" not in api.headers
    assert fake.calls("POST", "/api/login") == 0  # pyLoad 0.5 answers 404 "Obsolete API"


async def test_status_matches_fixtures(make_client: Callable[..., PyloadClient]) -> None:
    fake = FakePyload()
    status = await integration.fetch_data(make_client(fake, key_config()), "status")

    server = body("status_server")
    links = [link for package in body("get_queue_data") for link in package["links"]]
    assert isinstance(status, DownloadClientStatus)
    assert status.total == server["total"] == len(links) == 1
    assert status.errored == sum(link["statusmsg"] == "failed" for link in links) == 1
    assert (status.downloading, status.queued, status.paused, status.completed) == (0, 0, 0, 0)
    assert status.downloading == server["active"]
    assert status.download_speed == server["speed"]
    assert status.upload_speed == 0
    assert status.free_space == body("free_space")
    assert (status.download_limit, status.version) == (None, None)


async def test_status_counts_links_by_state(make_client: Callable[..., PyloadClient]) -> None:
    statuses = [12, 7, 5, 10, 3, 2, 6, 0, 4, 8, 1, 9, 13]
    fake = FakePyload(get_queue_data=queue_with_links(*statuses))
    status = await integration.fetch_data(make_client(fake, key_config()), "status")
    assert status.downloading == 4  # downloading, starting, waiting, decrypting
    assert status.queued == 3  # queued, online, temporarily offline
    assert status.completed == 2  # finished, skipped
    assert status.errored == 3  # failed, offline, aborted
    assert status.paused == 0
    assert status.total == len(statuses)  # processing counts only here

    paused = {**body("status_server"), "pause": True, "download": False}
    fake = FakePyload(get_queue_data=queue_with_links(*statuses), status_server=paused)
    status = await integration.fetch_data(make_client(fake, key_config()), "status")
    assert (status.queued, status.paused, status.downloading) == (0, 3, 4)


async def test_queue_lists_queue_then_collector(make_client: Callable[..., PyloadClient]) -> None:
    fake = FakePyload()
    queue = await integration.fetch_data(make_client(fake, key_config()), "queue")

    queued, collected = body("get_queue_data"), body("get_collector")
    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(queued) + len(collected) == 2
    assert [item.id for item in queue.items] == [str(p["pid"]) for p in queued + collected]
    failed, later = queue.items
    assert (failed.name, failed.state, failed.category) == (
        queued[0]["name"],
        DownloadState.ERROR,
        None,
    )
    assert (later.name, later.state, later.category) == (
        collected[0]["name"],
        DownloadState.PAUSED,
        COLLECTOR,
    )
    for item, package in zip(queue.items, queued + collected, strict=True):
        assert item.size == package["sizetotal"] == 0  # pyLoad learns sizes when downloading
        assert item.progress == 0
        assert (item.download_speed, item.eta_seconds) == (0, None)
    assert fake.calls("GET", "/api/status_downloads") == 0  # nothing active: not asked


async def test_queue_with_an_active_download(make_client: Callable[..., PyloadClient]) -> None:
    queue_data = queue_with_links(LinkStatus.DOWNLOADING, LinkStatus.FINISHED)
    queue_data[0].update(sizetotal=4000, sizedone=1000)
    pid = queue_data[0]["pid"]
    fake = FakePyload(
        get_queue_data=queue_data,
        status_server={**body("status_server"), "active": 1, "speed": 2048},
        status_downloads=[download(1, pid, speed=2048, eta=90)],
    )
    queue = await integration.fetch_data(make_client(fake, key_config()), "queue")

    item = queue.items[0]
    assert item.id == str(pid)
    assert item.state is DownloadState.DOWNLOADING
    assert (item.progress, item.size) == (0.25, 4000)
    assert (item.download_speed, item.eta_seconds) == (2048, 90)
    assert fake.calls("GET", "/api/status_downloads") == 1


@pytest.mark.parametrize(
    ("status", "downloads_on", "expected"),
    [
        (LinkStatus.DOWNLOADING, True, DownloadState.DOWNLOADING),
        (LinkStatus.STARTING, True, DownloadState.DOWNLOADING),
        (LinkStatus.WAITING, False, DownloadState.DOWNLOADING),
        (LinkStatus.DECRYPTING, True, DownloadState.DOWNLOADING),
        (LinkStatus.PROCESSING, True, DownloadState.CHECKING),
        (LinkStatus.QUEUED, True, DownloadState.QUEUED),
        (LinkStatus.QUEUED, False, DownloadState.PAUSED),
        (LinkStatus.ONLINE, True, DownloadState.QUEUED),
        (LinkStatus.TEMPOFFLINE, True, DownloadState.QUEUED),
        (LinkStatus.FINISHED, True, DownloadState.COMPLETED),
        (LinkStatus.SKIPPED, True, DownloadState.COMPLETED),
        (LinkStatus.FAILED, True, DownloadState.ERROR),
        (LinkStatus.OFFLINE, True, DownloadState.ERROR),
        (LinkStatus.ABORTED, True, DownloadState.ERROR),
        (99, True, DownloadState.UNKNOWN),
    ],
)
def test_link_state(status: int, downloads_on: bool, expected: DownloadState) -> None:
    assert link_state(status, downloads_on=downloads_on) is expected


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ([DownloadState.COMPLETED, DownloadState.DOWNLOADING], DownloadState.DOWNLOADING),
        ([DownloadState.ERROR, DownloadState.QUEUED], DownloadState.QUEUED),
        ([DownloadState.ERROR, DownloadState.COMPLETED], DownloadState.ERROR),
        ([DownloadState.COMPLETED, DownloadState.COMPLETED], DownloadState.COMPLETED),
        ([], DownloadState.UNKNOWN),
    ],
)
def test_package_state(states: list[DownloadState], expected: DownloadState) -> None:
    assert package_state(states) is expected


# --- sessions -----------------------------------------------------------------------------------


async def test_session_reused_across_fetches(make_client: Callable[..., PyloadClient]) -> None:
    fake = FakePyload()
    client = make_client(fake, password_config())
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "status"),
        integration.fetch_data(client, "queue"),
    )
    await integration.fetch_data(client, "status")
    assert fake.logins == 1


async def test_forgotten_session_logs_in_again_once(
    make_client: Callable[..., PyloadClient],
) -> None:
    fake = FakePyload()
    client = make_client(fake, password_config())
    await integration.fetch_data(client, "status")
    fake.forget_sessions()  # pyLoad answers 401 "Invalid API credentials" to the old cookie

    version = await integration.test_connection(client)

    assert version.version == VERSION
    assert fake.logins == 2
    tried, retried = [r for r in fake.upstream.requests if r.url.path == "/api/get_server_version"]
    assert tried.headers["cookie"] == f"{COOKIE}=session-1"
    assert retried.headers["cookie"] == f"{COOKIE}=session-2"


async def test_session_refused_right_after_login_is_unauthorized(
    make_client: Callable[..., PyloadClient],
) -> None:
    fake = FakePyload(get_server_version="no_credentials")  # 401 even with a fresh session
    client = make_client(fake, password_config())
    err = await refused(client)
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == 401
    assert fake.logins == 2  # the first login and exactly one renewal
    assert fake.calls("GET", "/api/get_server_version") == 2
    assert_no_secret(err)


async def test_api_key_never_logs_in(make_client: Callable[..., PyloadClient]) -> None:
    fake = FakePyload()
    client = make_client(fake, key_config())
    await integration.fetch_data(client, "status")
    await integration.fetch_data(client, "queue")
    assert fake.logins == 0
    assert fake.calls("GET", LOGIN) == 0


# --- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "recorded"),
    [(WRONG_KEY, "wrong_api_key"), (MALFORMED_KEY, "malformed_api_key")],
)
async def test_wrong_key_is_unauthorized(
    make_client: Callable[..., PyloadClient], key: str, recorded: str
) -> None:
    err = await refused(make_client(FakePyload(), key_config(key)))
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == fixture(ID, recorded)["response"]["status"] == 401
    assert err.message == f"pyLoad rejected the API key ({body(recorded)['error']})"
    assert_no_secret(err, key)


async def test_wrong_password_is_unauthorized_and_not_retried_at_once(
    make_client: Callable[..., PyloadClient],
) -> None:
    fake = FakePyload()
    client = make_client(fake, password_config("wrong-password"))
    for _ in range(3):
        err = await refused(client, "status")
        assert err.code is ErrorCode.UNAUTHORIZED
        assert err.url == f"{BASE}/login"
        assert_no_secret(err, "wrong-password")
    assert fake.logins == 1
    assert "not retried" in err.message
    assert fake.calls("GET", "/api/status_server") == 0


async def test_refused_login_form_is_unexpected(make_client: Callable[..., PyloadClient]) -> None:
    fake = FakePyload()
    fake.upstream.route("POST", LOGIN, "login_no_csrf_token")  # e.g. a proxy dropping cookies
    err = await refused(make_client(fake, password_config()))
    assert err.code is ErrorCode.UNEXPECTED_STATUS
    assert err.status == 400
    assert_no_secret(err)


async def test_missing_permission_is_forbidden(make_client: Callable[..., PyloadClient]) -> None:
    # api_blueprint.rpc() answers a user without the method's permission like this.
    denied = httpx.Response(401, json={"error": "Access denied"})
    err = await refused(make_client(FakePyload(get_queue_data=denied), key_config()), "queue")
    assert err.code is ErrorCode.FORBIDDEN
    assert "get_queue_data" in err.message


async def test_rate_limit_is_rate_limited(make_client: Callable[..., PyloadClient]) -> None:
    fake = FakePyload(get_server_version="rate_limited")
    err = await refused(make_client(fake, key_config()))
    assert err.code is ErrorCode.RATE_LIMITED
    assert err.status == 429
    assert "100 API calls a minute" in err.message


@pytest.mark.parametrize("config", [key_config(), password_config()], ids=["key", "password"])
async def test_html_page_is_invalid_response(
    make_client: Callable[..., PyloadClient], config: dict[str, Any]
) -> None:
    page = response_of(fixture(ID, "not_that_service"))  # SABnzbd's login page, everywhere
    upstream = FakeUpstream(ID, {("GET", f"/api/{m}"): page for m in METHODS})
    upstream.route("GET", LOGIN, page)
    err = await refused(make_client(upstream, config))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert err.status == 200
    assert_no_secret(err)


async def test_other_json_is_invalid_response(make_client: Callable[..., PyloadClient]) -> None:
    fake = FakePyload(get_queue_data="status_server")
    err = await refused(make_client(fake, key_config()), "queue")
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(err)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., PyloadClient]) -> None:
    err = await refused(make_client(FakeUpstream(ID, {}), key_config()))
    assert err.code is ErrorCode.NOT_FOUND
    assert err.url == f"{BASE}/api/get_server_version"


async def test_server_error_is_upstream_error(make_client: Callable[..., PyloadClient]) -> None:
    # api_blueprint.rpc() answers an exception in the called method like this.
    crash = httpx.Response(500, json={"error": "Internal server error"})
    err = await refused(make_client(FakePyload(free_space=crash), key_config()), "status")
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert err.status == 500
    assert_no_secret(err)


# --- actions ------------------------------------------------------------------------------------


async def act(client: PyloadClient, action_id: str) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate({}))


async def act_error(client: PyloadClient, action_id: str) -> IntegrationError:
    with pytest.raises(IntegrationError) as caught:
        await act(client, action_id)
    return caught.value


def test_actions_declared() -> None:
    actions = integration.actions
    # no per-package pause and no alternative speed in pyLoad's API (docs/notes/pyload.md)
    assert sorted(actions) == ["pauseAll", "resumeAll"]
    for spec in actions.values():
        assert spec.affects == ("status", "queue")
        assert not spec.destructive


@pytest.mark.parametrize(
    ("action_id", "method", "message"),
    [
        ("pauseAll", "pause_server", "Paused pyLoad: no new downloads start"),
        ("resumeAll", "unpause_server", "Resumed pyLoad's downloads"),
    ],
)
async def test_pause_and_resume_with_api_key(
    make_client: Callable[..., PyloadClient], action_id: str, method: str, message: str
) -> None:
    recorded = fixture(ID, method)
    assert recorded["request"]["method"] == "POST"
    assert body("pause_server_get")["error"].endswith("Expected POST, got GET")  # POST only
    assert recorded["response"]["body"] is None  # pyLoad answers null
    fake = FakePyload()
    assert await act(make_client(fake, key_config()), action_id) == ActionResult(message=message)

    (request,) = fake.upstream.requests
    assert (request.method, request.url.path) == ("POST", f"/api/{method}")
    assert request.url.path == recorded["request"]["path"]
    assert request.headers["x-api-key"] == API_KEY
    assert request.content == b""
    assert "x-csrftoken" not in request.headers


@pytest.mark.parametrize(
    ("action_id", "method"), [("pauseAll", "pause_server"), ("resumeAll", "unpause_server")]
)
async def test_pause_and_resume_with_a_session_send_its_csrf_token(
    make_client: Callable[..., PyloadClient], action_id: str, method: str
) -> None:
    recorded = fixture(ID, f"session_{method}")
    assert recorded["request"]["headers"]["X-CSRFToken"] == CSRF_TOKEN
    fake = FakePyload()
    await act(make_client(fake, password_config()), action_id)

    assert [(r.method, r.url.path) for r in fake.upstream.requests] == [
        ("GET", LOGIN),
        ("POST", LOGIN),
        ("GET", "/dashboard"),  # where the login redirects
        ("GET", "/dashboard"),  # for the CSRF token
        ("POST", f"/api/{method}"),
    ]
    post = fake.upstream.requests[-1]
    assert post.headers["x-csrftoken"] == CSRF_TOKEN
    assert post.headers["cookie"] == f"{COOKIE}=session-1"


async def test_forgotten_session_logs_in_again_before_the_post(
    make_client: Callable[..., PyloadClient],
) -> None:
    fake = FakePyload()
    client = make_client(fake, password_config())
    await integration.fetch_data(client, "status")
    fake.forget_sessions()
    await act(client, "pauseAll")

    assert fake.logins == 2
    posts = [r for r in fake.upstream.requests if r.url.path == "/api/pause_server"]
    assert len(posts) == 1  # sent once, with the new session's token
    assert posts[0].headers["cookie"] == f"{COOKIE}=session-2"


async def test_session_without_csrf_token_is_refused(
    make_client: Callable[..., PyloadClient],
) -> None:
    # e.g. the session was renewed between reading the token and the POST
    fake = FakePyload()
    upstream = fake.upstream
    upstream.route("GET", "/dashboard", "dashboard")  # a dashboard without the token
    err = await act_error(make_client(fake, password_config()), "pauseAll")
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "no CSRF token" in err.message
    assert upstream.calls[("POST", "/api/pause_server")] == 0


async def test_stale_csrf_token_is_unauthorized(make_client: Callable[..., PyloadClient]) -> None:
    assert body("session_pause_server_no_csrf") == "CSRF token is invalid"
    fake = FakePyload(pause_server="session_pause_server_no_csrf")
    err = await act_error(make_client(fake, password_config()), "pauseAll")
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == 400
    assert "CSRF token" in err.message
    assert_no_secret(err)


async def test_action_with_wrong_key_is_unauthorized(
    make_client: Callable[..., PyloadClient],
) -> None:
    err = await act_error(make_client(FakePyload(), key_config(WRONG_KEY)), "pauseAll")
    assert err.code is ErrorCode.UNAUTHORIZED
    assert_no_secret(err, WRONG_KEY)


async def test_action_without_permission_is_forbidden(
    make_client: Callable[..., PyloadClient],
) -> None:
    # api_blueprint.rpc() answers a user without the STATUS permission pause_server needs so.
    denied = httpx.Response(401, json={"error": "Access denied"})
    err = await act_error(make_client(FakePyload(unpause_server=denied), key_config()), "resumeAll")
    assert err.code is ErrorCode.FORBIDDEN
    assert "unpause_server" in err.message


async def test_action_rate_limited(make_client: Callable[..., PyloadClient]) -> None:
    fake = FakePyload(pause_server="rate_limited")
    err = await act_error(make_client(fake, key_config()), "pauseAll")
    assert err.code is ErrorCode.RATE_LIMITED
