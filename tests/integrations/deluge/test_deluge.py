"""Deluge integration against fixtures recorded from Deluge 2.0.3 (deluged + deluge-web)."""

from __future__ import annotations

import asyncio
import copy
import json
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
from integrations.deluge import integration
from integrations.deluge.client import DelugeClient
from integrations.deluge.definition import STATUS_KEYS, TORRENT_KEYS, state_of
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    one_secret_config,
    response_of,
    secret_check,
)

ID = "deluge"
PASSWORD = "adminpass123"
BASE = "http://deluge.test:8112"
JSON_PATH = "/json"
RPC = ("POST", JSON_PATH)
KIB = 1024


config = one_secret_config(BASE, "password", "password", PASSWORD)
body = partial(fixture_body, ID)


def result(name: str) -> Any:
    return body(name)["result"]


assert_no_secret = secret_check(PASSWORD)


class FakeDeluge:
    """deluge-web's rules over the recorded answers: auth.login sets a fresh ``_session_id``,
    every other method answers "Not authenticated" without a valid one (HTTP 200), a restart
    forgets every session, and the web UI may be disconnected from its daemon."""

    def __init__(
        self,
        path: str = JSON_PATH,
        *,
        connected: bool = True,
        daemon_up: bool = True,
        answers: dict[str, Any] | None = None,
    ) -> None:
        self.sessions: list[str] = []
        self.valid: set[str] = set()
        self.connected = connected
        self.daemon_up = daemon_up
        self.answers = answers or {}
        self.methods: list[str] = []
        self.upstream = FakeUpstream(ID, {("POST", path): self.handle})

    def handle(self, request: httpx.Request) -> httpx.Response:
        call = json.loads(request.content)
        method, params = call["method"], call["params"]
        self.methods.append(method)
        if method == "auth.login":
            return self.login(params)
        cookie = SimpleCookie(request.headers.get("cookie", ""))
        if "_session_id" not in cookie or cookie["_session_id"].value not in self.valid:
            return response_of(fixture(ID, "not_authenticated"))
        answer = self.answers.get(method)
        if isinstance(answer, httpx.Response):
            return answer
        if answer is not None:
            return response_of(fixture(ID, answer))
        return response_of(fixture(ID, self.fixture_for(method, params)))

    def fixture_for(self, method: str, params: list[Any]) -> str:
        if method == "web.connected":
            return "web_connected" if self.connected else "web_connected_false"
        if method == "web.connect":
            self.connected = self.daemon_up
            return "web_connect" if self.daemon_up else "web_connect_failed"
        if method == "web.get_hosts":
            return "web_get_hosts"
        if method == "web.update_ui":
            if not self.connected:
                return "web_update_ui_disconnected"
            return "web_update_ui_status" if params[0] == STATUS_KEYS else "web_update_ui"
        if not self.connected:
            return "unknown_method_disconnected"
        return {
            "daemon.get_version": "daemon_get_version",
            "core.get_libtorrent_version": "core_get_libtorrent_version",
        }.get(method, "unknown_method")

    def login(self, params: list[Any]) -> httpx.Response:
        if params != [PASSWORD]:
            return response_of(fixture(ID, "auth_login_wrong_password"))
        session = f"session-{len(self.sessions) + 1}"
        self.sessions.append(session)
        self.valid.add(session)
        data = fixture(ID, "auth_login_ok")
        cookie = data["response"]["headers"]["set-cookie"]
        data["response"]["headers"]["set-cookie"] = cookie.replace("fixture-session-id", session, 1)
        return response_of(data)

    def restart(self) -> None:
        self.valid.clear()

    @property
    def logins(self) -> int:
        return self.methods.count("auth.login")


def ui_with(torrents: dict[str, dict[str, Any]]) -> httpx.Response:
    data = copy.deepcopy(body("web_update_ui"))
    data["result"]["torrents"] = torrents
    return httpx.Response(200, json=data)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "deluge"
    assert integration.categories == ("downloads", "torrent")
    assert integration.default_port == 8112
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.password", "secret"),
    ]
    status, torrents = integration.endpoints["status"], integration.endpoints["torrents"]
    assert (status.payload, status.ttl, status.min_refresh) == (DownloadClientStatus, 5.0, 2.0)
    assert (torrents.payload, torrents.ttl, torrents.min_refresh) == (DownloadQueue, 10.0, 5.0)


def test_config_takes_a_bare_password() -> None:
    parsed = integration.config_model.model_validate(
        {"url": BASE, "credentials": {"password": "x"}}
    )
    assert parsed.credentials.type == "password"


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., DelugeClient]) -> None:
    fake = FakeDeluge()
    info = await integration.test_connection(make_client(fake.upstream))

    assert info == ServiceInfo(
        version=result("daemon_get_version"),
        details={"libtorrentVersion": result("core_get_libtorrent_version")},
    )
    assert info.version == "2.0.3"
    assert fake.logins == 1
    assert fake.methods[:2] == ["auth.login", "web.connected"]
    login = json.loads(fake.upstream.requests[0].content)
    assert (login["method"], login["params"]) == ("auth.login", [PASSWORD])
    for request in fake.upstream.requests[1:]:
        assert request.headers["cookie"] == "_session_id=session-1"
        assert request.headers["content-type"] == "application/json"


async def test_status_matches_update_ui(make_client: Callable[..., DelugeClient]) -> None:
    fake = FakeDeluge()
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    ui = result("web_update_ui_status")
    stats, torrents = ui["stats"], ui["torrents"]
    assert isinstance(status, DownloadClientStatus)
    assert status.download_speed == stats["download_rate"] == 0
    assert status.upload_speed == stats["upload_rate"] == 0
    assert status.seeding == sum(t["state"] == "Seeding" for t in torrents.values()) == 1
    assert status.total == len(torrents) == 1
    assert (status.downloading, status.paused, status.completed, status.errored) == (0, 0, 0, 0)
    assert stats["max_download"] == stats["max_upload"] == -1
    assert status.download_limit is None
    assert status.upload_limit is None
    assert status.free_space == stats["free_space"] > 0
    assert status.version == result("daemon_get_version")
    update = next(
        json.loads(r.content) for r in fake.upstream.requests if b"update_ui" in r.content
    )
    assert update["params"] == [STATUS_KEYS, {}]


async def test_status_counts_every_state(make_client: Callable[..., DelugeClient]) -> None:
    fake = FakeDeluge(answers={"web.update_ui": "web_update_ui_status_mixed"})
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    ui = result("web_update_ui_status_mixed")
    pairs = [(t["state"], t["progress"]) for t in ui["torrents"].values()]
    assert sorted(pairs) == [
        ("Downloading", 0.0),
        ("Paused", 0.0),
        ("Paused", 100.0),
        ("Queued", 0.0),
        ("Seeding", 100.0),
    ]
    assert status.downloading == 1
    assert status.seeding == 1
    assert status.paused == pairs.count(("Paused", 0.0)) == 1
    assert status.completed == pairs.count(("Paused", 100.0)) == 1
    assert status.queued == 1
    assert status.errored == 0
    assert status.total == 5
    assert status.download_limit == ui["stats"]["max_download"] * KIB == 1024000
    assert status.upload_limit is None
    assert status.free_space == ui["stats"]["free_space"]


async def test_torrents_match_update_ui(make_client: Callable[..., DelugeClient]) -> None:
    fake = FakeDeluge()
    queue = await integration.fetch_data(make_client(fake.upstream), "torrents")

    torrents = result("web_update_ui")["torrents"]
    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(torrents) == 1
    (item,) = queue.items
    torrent = torrents[item.id]
    assert item.name == torrent["name"] == "testfile.bin"
    assert item.state is DownloadState.SEEDING
    assert item.progress == torrent["progress"] / 100 == 1.0
    assert item.size == torrent["total_wanted"]
    assert item.download_speed == torrent["download_payload_rate"]
    assert item.upload_speed == torrent["upload_payload_rate"]
    assert item.eta_seconds is None
    assert item.category is None
    assert item.added_at == datetime.fromtimestamp(torrent["time_added"], UTC)
    update = next(
        json.loads(r.content) for r in fake.upstream.requests if b"update_ui" in r.content
    )
    assert update["params"] == [TORRENT_KEYS, {}]


async def test_torrents_of_every_state(make_client: Callable[..., DelugeClient]) -> None:
    fake = FakeDeluge(answers={"web.update_ui": "web_update_ui_mixed"})
    queue = await integration.fetch_data(make_client(fake.upstream), "torrents")

    torrents = result("web_update_ui_mixed")["torrents"]
    assert queue.total == len(torrents) == 5
    by_name = {item.name: item for item in queue.items}
    assert {name: item.state for name, item in by_name.items()} == {
        "testfile.bin": DownloadState.SEEDING,
        "deluge-complete.bin": DownloadState.COMPLETED,
        "deluge-incomplete.bin": DownloadState.DOWNLOADING,
        "deluge-queued.bin": DownloadState.QUEUED,
        "deluge-paused.bin": DownloadState.PAUSED,
    }
    for item in queue.items:
        torrent = torrents[item.id]
        assert item.progress == torrent["progress"] / 100
        assert item.size == torrent["total_wanted"]
        assert item.category == (torrent["label"] or None)
        assert item.eta_seconds is None  # no peers: Deluge reports eta 0
    assert by_name["deluge-incomplete.bin"].category == "linux"  # the Label plugin's label
    # the downloading torrent first, then newest first; the run.sh torrent is the oldest
    assert queue.items[0].name == "deluge-incomplete.bin"
    assert queue.items[-1].name == "testfile.bin"


async def test_torrents_active_first_and_capped(
    make_client: Callable[..., DelugeClient],
) -> None:
    (template,) = result("web_update_ui")["torrents"].values()
    torrents = {}
    for n in range(60):
        torrent = copy.deepcopy(template)
        torrent.update(name=f"t{n}", time_added=template["time_added"] + n)
        torrents[f"{n:040x}"] = torrent
    torrents[f"{3:040x}"].update(
        state="Downloading", download_payload_rate=51200, eta=120, progress=50.0
    )
    torrents[f"{7:040x}"].update(upload_payload_rate=2048)
    fake = FakeDeluge(answers={"web.update_ui": ui_with(torrents)})
    queue = await integration.fetch_data(make_client(fake.upstream), "torrents")

    assert queue.total == 60
    assert len(queue.items) == 50
    assert [i.name for i in queue.items[:4]] == ["t7", "t3", "t59", "t58"]
    assert queue.items[1].state is DownloadState.DOWNLOADING
    assert queue.items[1].eta_seconds == 120
    assert queue.items[1].progress == 0.5
    assert queue.items[0].eta_seconds is None


@pytest.mark.parametrize(
    ("state", "progress", "expected"),
    [
        ("Allocating", 0.0, DownloadState.CHECKING),
        ("Checking", 10.0, DownloadState.CHECKING),
        ("Downloading", 50.0, DownloadState.DOWNLOADING),
        ("Seeding", 100.0, DownloadState.SEEDING),
        ("Paused", 50.0, DownloadState.PAUSED),
        ("Paused", 100.0, DownloadState.COMPLETED),
        ("Error", 0.0, DownloadState.ERROR),
        ("Queued", 0.0, DownloadState.QUEUED),
        ("Moving", 100.0, DownloadState.CHECKING),
        ("SomethingNew", 0.0, DownloadState.UNKNOWN),
    ],
)
def test_state_mapping(state: str, progress: float, expected: DownloadState) -> None:
    assert state_of(state, progress) is expected


# --- the daemon connection ----------------------------------------------------------------------


async def test_disconnected_web_ui_connects_to_first_host(
    make_client: Callable[..., DelugeClient],
) -> None:
    fake = FakeDeluge(connected=False)
    queue = await integration.fetch_data(make_client(fake.upstream), "torrents")

    assert queue.total == len(result("web_update_ui")["torrents"])
    assert fake.methods == [
        "auth.login",
        "web.update_ui",  # {"connected": false, "torrents": null}
        "web.connected",
        "web.get_hosts",
        "web.connect",
        "web.connected",
        "web.update_ui",
    ]
    connect = next(
        json.loads(r.content) for r in fake.upstream.requests if b'web.connect"' in r.content
    )
    assert connect["params"] == [result("web_get_hosts")[0][0]]


async def test_connection_test_connects_before_asking_the_daemon(
    make_client: Callable[..., DelugeClient],
) -> None:
    fake = FakeDeluge(connected=False)
    info = await integration.test_connection(make_client(fake.upstream))
    assert info.version == result("daemon_get_version")
    assert fake.methods.index("web.connect") < fake.methods.index("daemon.get_version")


async def test_daemon_down_is_upstream_error(make_client: Callable[..., DelugeClient]) -> None:
    fake = FakeDeluge(connected=False, daemon_up=False)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "status")
    err = caught.value
    host = result("web_get_hosts")[0]
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert f"{host[1]}:{host[2]}" in err.message
    assert "is deluged running?" in err.message
    assert fake.methods.count("web.connect") == 1
    assert_no_secret(err)


async def test_no_daemon_in_connection_manager(make_client: Callable[..., DelugeClient]) -> None:
    empty = copy.deepcopy(body("web_get_hosts"))
    empty["result"] = []
    fake = FakeDeluge(connected=False, answers={"web.get_hosts": httpx.Response(200, json=empty)})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "Connection Manager" in caught.value.message
    assert "web.connect" not in fake.methods


# --- sessions -----------------------------------------------------------------------------------


async def test_session_reused_across_fetches(make_client: Callable[..., DelugeClient]) -> None:
    fake = FakeDeluge()
    client = make_client(fake.upstream)
    await asyncio.gather(
        integration.test_connection(client),
        integration.fetch_data(client, "status"),
        integration.fetch_data(client, "torrents"),
    )
    await integration.fetch_data(client, "status")
    assert fake.logins == 1


async def test_expired_session_logs_in_again_once(
    make_client: Callable[..., DelugeClient],
) -> None:
    fake = FakeDeluge()
    client = make_client(fake.upstream)
    await integration.fetch_data(client, "status")
    fake.restart()  # deluge-web forgot the session: HTTP 200 {"error": {"code": 1}}

    queue = await integration.fetch_data(client, "torrents")

    assert queue.total == len(result("web_update_ui")["torrents"])
    assert fake.logins == 2
    tried, retried = [
        r for r in fake.upstream.requests if json.loads(r.content)["params"] == [TORRENT_KEYS, {}]
    ]
    assert tried.headers["cookie"] == "_session_id=session-1"
    assert retried.headers["cookie"] == "_session_id=session-2"


async def test_not_authenticated_right_after_login_is_unauthorized(
    make_client: Callable[..., DelugeClient],
) -> None:
    fake = FakeDeluge(answers={"web.update_ui": "not_authenticated"})
    client = make_client(fake.upstream)
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "status")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.status == 200
    assert fake.logins == 2  # the first login and exactly one renewal
    assert fake.methods.count("web.update_ui") == 2
    assert_no_secret(caught.value)

    with pytest.raises(IntegrationError):
        await integration.fetch_data(client, "status")
    assert fake.logins == 3  # one renewal per fetch, never a loop


async def test_session_cookie_sent_behind_a_path_prefix(
    make_client: Callable[..., DelugeClient],
) -> None:
    # A reverse proxy maps /deluge/json to Deluge's /json: the cookie still says Path=/json.
    fake = FakeDeluge(path="/deluge/json")
    client = make_client(fake.upstream, url="http://proxy.test/deluge")
    await integration.fetch_data(client, "status")
    assert fake.logins == 1
    assert all(r.headers["cookie"] == "_session_id=session-1" for r in fake.upstream.requests[1:])


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_password_is_unauthorized(make_client: Callable[..., DelugeClient]) -> None:
    fake = FakeDeluge()
    client = make_client(fake.upstream, secret="wrong-password")
    for _ in range(2):
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
        err = caught.value
        assert err.code is ErrorCode.UNAUTHORIZED
        assert (err.status, err.url) == (200, f"{BASE}/json")
        assert_no_secret(err, "wrong-password")
    assert fake.logins == 1  # a rejected login is held back, not retried at every refresh
    assert fake.methods == ["auth.login"]


async def test_html_page_is_invalid_response(make_client: Callable[..., DelugeClient]) -> None:
    upstream = FakeUpstream(ID, {RPC: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert caught.value.message.startswith("the response is not JSON")
    assert_no_secret(caught.value)


async def test_other_json_is_invalid_response(make_client: Callable[..., DelugeClient]) -> None:
    upstream = FakeUpstream(ID, {RPC: "other_json"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_other_json_after_login_is_invalid_response(
    make_client: Callable[..., DelugeClient],
) -> None:
    fake = FakeDeluge(answers={"web.update_ui": "other_json"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "torrents")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_no_api_at_url_is_not_found(make_client: Callable[..., DelugeClient]) -> None:
    upstream = FakeUpstream(ID, {})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.url == f"{BASE}/json"


async def test_error_answer_is_upstream_error(make_client: Callable[..., DelugeClient]) -> None:
    fake = FakeDeluge(answers={"daemon.get_version": "unknown_method"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    err = caught.value
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert err.message == "Deluge could not run daemon.get_version: Unknown method (code 2)"
    assert fake.logins == 1  # an error other than "Not authenticated" is no reason to log in


async def test_server_error_is_upstream_error(make_client: Callable[..., DelugeClient]) -> None:
    fake = FakeDeluge(answers={"web.update_ui": httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "torrents")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)


# --- actions -----------------------------------------------------------------------------------


HASH = "296a4efefc39f7e0d86b3d57f6746dac009a06ee"
UNKNOWN = "0123456789abcdef0123456789abcdef01234567"
ANSWERS = {
    "core.get_session_state": "core_get_session_state",
    "core.pause_torrents": "core_pause_torrents",
    "core.resume_torrents": "core_resume_torrents",
    "core.pause_torrent": "core_pause_torrent",
    "core.resume_torrent": "core_resume_torrent",
}


class ActingDeluge(FakeDeluge):
    """FakeDeluge that also knows the recorded torrent's status, and keeps every call sent."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.calls: list[tuple[str, list[Any]]] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        call = json.loads(request.content)
        self.calls.append((call["method"], call["params"]))
        return super().handle(request)

    def fixture_for(self, method: str, params: list[Any]) -> str:
        if method == "core.get_torrent_status":
            known = params[0] == HASH
            return "core_get_torrent_status_name" if known else "core_get_torrent_status_unknown"
        return super().fixture_for(method, params)

    def sent(self, method: str) -> list[list[Any]]:
        return [params for name, params in self.calls if name == method]


def fake(**answers: Any) -> ActingDeluge:
    return ActingDeluge(answers={**ANSWERS, **answers})


async def run(client: DelugeClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def recorded_params(name: str) -> list[Any]:
    params: list[Any] = fixture(ID, name)["request"]["body"]["params"]
    return params


def test_actions_declared() -> None:
    actions = integration.actions
    assert list(actions) == ["pauseAll", "resumeAll", "pauseItem", "resumeItem"]
    assert "altSpeedOn" not in actions  # Deluge's core has no alternative speed limits
    assert not any(a.destructive for a in actions.values())
    assert all(a.affects == ("status", "torrents") for a in actions.values())


@pytest.mark.parametrize("bad", ["", HASH[:39], "all", "../" + HASH[3:]])
def test_item_input_takes_only_a_torrent_id(bad: str) -> None:
    with pytest.raises(ValidationError):
        integration.actions["pauseItem"].input.model_validate({"id": bad})


@pytest.mark.parametrize(
    ("action_id", "method", "name", "message"),
    [
        ("pauseAll", "core.pause_torrents", "core_pause_torrents", "Paused 1 torrent"),
        ("resumeAll", "core.resume_torrents", "core_resume_torrents", "Resumed 1 torrent"),
    ],
)
async def test_all_acts_on_every_listed_torrent(
    make_client: Callable[..., DelugeClient], action_id: str, method: str, name: str, message: str
) -> None:
    deluge = fake()
    result = await run(make_client(deluge.upstream), action_id)
    assert result == ActionResult(message=message, affected=1)
    assert deluge.sent(method) == [recorded_params(name)] == [[[HASH]]]
    # Each torrent's state is read afresh first: Deluge 2.0 decides on a cached state.
    methods = [name for name, _ in deluge.calls]
    assert methods.index("core.get_torrent_status") < methods.index(method)
    assert deluge.sent("core.get_torrent_status") == [
        recorded_params("core_get_torrent_status_name")
    ]


async def test_all_with_no_torrents_sends_nothing(make_client: Callable[..., DelugeClient]) -> None:
    # An empty list means "every torrent" to Deluge: with none listed nothing is sent at all.
    empty = httpx.Response(200, json={"result": [], "error": None, "id": 1})
    deluge = fake(**{"core.get_session_state": empty})
    result = await run(make_client(deluge.upstream), "pauseAll")
    assert result == ActionResult(message="Deluge has no torrents to pause", affected=0)
    assert deluge.sent("core.pause_torrents") == []


async def test_all_connects_a_disconnected_web_ui_first(
    make_client: Callable[..., DelugeClient],
) -> None:
    deluge = fake()
    deluge.connected = False
    await run(make_client(deluge.upstream), "resumeAll")
    methods = [name for name, _ in deluge.calls if name != "auth.login"]
    assert methods[: methods.index("core.get_session_state")] == [
        "web.connected",
        "web.get_hosts",
        "web.connect",
        "web.connected",
    ]


@pytest.mark.parametrize(
    ("action_id", "method", "name", "message"),
    [
        ("pauseItem", "core.pause_torrent", "core_pause_torrent", "Paused testfile.bin"),
        ("resumeItem", "core.resume_torrent", "core_resume_torrent", "Resumed testfile.bin"),
    ],
)
async def test_item_looks_the_torrent_up_then_acts_on_it(
    make_client: Callable[..., DelugeClient], action_id: str, method: str, name: str, message: str
) -> None:
    deluge = fake()
    result = await run(make_client(deluge.upstream), action_id, id=HASH.upper())
    assert result == ActionResult(message=message, affected=1)
    assert deluge.sent("core.get_torrent_status") == [
        recorded_params("core_get_torrent_status_name")
    ]
    assert deluge.sent(method) == [recorded_params(name)] == [[HASH]]


async def test_unknown_torrent_is_not_found_and_nothing_is_paused(
    make_client: Callable[..., DelugeClient],
) -> None:
    deluge = fake()
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(deluge.upstream), "pauseItem", id=UNKNOWN)
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert UNKNOWN in caught.value.message
    assert deluge.sent("core.pause_torrent") == []


async def test_daemon_error_is_upstream_error_sent_once(
    make_client: Callable[..., DelugeClient],
) -> None:
    # What the daemon answers for a torrent removed between the look-up and the pause.
    deluge = fake(**{"core.pause_torrent": "core_pause_torrent_unknown"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(deluge.upstream), "pauseItem", id=HASH)
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.message.startswith("Deluge could not run core.pause_torrent")
    assert len(caught.value.message) < 600  # the daemon's traceback is cut short
    assert len(deluge.sent("core.pause_torrent")) == 1
    assert_no_secret(caught.value)


async def test_expired_session_is_renewed_and_the_refused_call_sent_again(
    make_client: Callable[..., DelugeClient],
) -> None:
    # "Not authenticated" means Deluge ran nothing: the call goes again once after a login.
    deluge = fake()
    client = make_client(deluge.upstream)
    await run(client, "pauseAll")
    deluge.restart()
    await run(client, "resumeAll")
    assert deluge.logins == 2
    assert deluge.sent("core.resume_torrents") == [[[HASH]]]
