"""Transmission integration against fixtures recorded from Transmission 3.00 (RPC version 16)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.transmission import integration
from integrations.transmission.client import TransmissionClient
from integrations.transmission.definition import state_of
from integrations.transmission.models import TorrentStatus
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    response_of,
    secret_check,
)

ID = "transmission"
PASSWORD = "adminpass123"
BASE = "http://transmission.test:9091"
RPC = ("POST", "/transmission/rpc")
HEADER = "x-transmission-session-id"
FIXTURE_SESSION_ID = fixture(ID, "handshake_409")["response"]["headers"][HEADER]
BASIC = fixture(ID, "session_get")["request"]["headers"]["authorization"]
NO_AUTH = {"type": "none"}


def config(
    password: str | None = PASSWORD, url: str = BASE, rpc_path: str | None = None
) -> dict[str, Any]:
    creds: dict[str, Any] = (
        {"type": "usernamePassword", "username": "admin", "password": password}
        if password is not None
        else NO_AUTH
    )
    data: dict[str, Any] = {"url": url, "credentials": creds}
    if rpc_path is not None:
        data["extra"] = {"rpcPath": rpc_path}
    return data


def arguments(name: str) -> Any:
    return fixture(ID, name)["response"]["body"]["arguments"]


def requested_fields(name: str) -> list[str]:
    fields: list[str] = fixture(ID, name)["request"]["body"]["arguments"]["fields"]
    return fields


assert_no_secret = secret_check(PASSWORD)


class FakeTransmission:
    """Transmission's RPC rules over the recorded answers: basic auth first (401), then the
    session id (409 with the current id), then the method's recorded answer."""

    def __init__(
        self,
        methods: dict[str, Any] | None = None,
        *,
        require_auth: bool = True,
        path: str = RPC[1],
    ) -> None:
        self.session_id = FIXTURE_SESSION_ID
        self.require_auth = require_auth
        self.methods: dict[str, Any] = {
            "session-get": "session_get",
            "session-stats": "session_stats",
            "torrent-get": self.torrent_get,
            **(methods or {}),
        }
        self.torrent_lists = {"status": "torrent_get", "list": "torrent_get_list_mixed"}
        self.bodies: list[dict[str, Any]] = []
        self.upstream = FakeUpstream(ID, {("POST", path): self.handle})

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.require_auth and request.headers.get("authorization") != BASIC:
            return response_of(fixture(ID, "unauthorized_401"))
        if request.headers.get(HEADER) != self.session_id:
            data = fixture(ID, "handshake_409")
            data["response"]["headers"][HEADER] = self.session_id
            data["response"]["body"] = data["response"]["body"].replace(
                FIXTURE_SESSION_ID, self.session_id
            )
            return response_of(data)
        rpc = json.loads(request.content)
        self.bodies.append(rpc)
        value = self.methods.get(rpc["method"], "rpc_unknown_method")
        if callable(value):
            value = value(rpc)
        if isinstance(value, httpx.Response):
            return value
        return response_of(fixture(ID, value))

    def torrent_get(self, rpc: dict[str, Any]) -> str:
        fields = rpc["arguments"]["fields"]
        return self.torrent_lists["list" if "hashString" in fields else "status"]

    def rotate(self, session_id: str) -> None:
        """What a daemon restart does: a new session id, the old one answered with 409."""
        self.session_id = session_id

    def body_of(self, method: str) -> dict[str, Any]:
        return next(body for body in self.bodies if body["method"] == method)


def with_session(changes: dict[str, Any], name: str = "session_get_limited") -> httpx.Response:
    data = fixture(ID, name)
    args = data["response"]["body"]["arguments"]
    for key, value in changes.items():
        if value is None:
            del args[key]
        else:
            args[key] = value
    return response_of(data)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "transmission"
    assert integration.categories == ("downloads", "torrent")
    assert integration.default_port == 9091
    fields = {f.name: f for f in integration.form() if f.group != "connection"}
    assert list(fields) == [
        "credentials.username",
        "credentials.password",
        "extra.rpcPath",
    ]
    assert (fields["extra.rpcPath"].label, fields["extra.rpcPath"].default) == (
        "RPC path",
        "/transmission/rpc",
    )
    assert [f.group for f in fields.values()][:2] == ["credentials:usernamePassword"] * 2
    no_auth = integration.config_model.model_validate(config(password=None))
    assert no_auth.credentials.type == "none"
    status, torrents = integration.endpoints["status"], integration.endpoints["torrents"]
    assert (status.payload, status.ttl, status.min_refresh) == (DownloadClientStatus, 5.0, 2.0)
    assert (torrents.payload, torrents.ttl, torrents.min_refresh) == (DownloadQueue, 10.0, 5.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., TransmissionClient]) -> None:
    fake = FakeTransmission()
    info = await integration.test_connection(make_client(fake.upstream))

    session = arguments("session_get")
    assert info == ServiceInfo(
        version=session["version"], details={"rpcVersion": str(session["rpc-version"])}
    )
    assert info.version == "3.00 (bb6b5a062e)"
    first, retried = fake.upstream.requests
    assert HEADER not in first.headers
    assert retried.headers[HEADER] == FIXTURE_SESSION_ID
    assert first.headers["authorization"] == retried.headers["authorization"] == BASIC
    assert first.content == retried.content


async def test_status_matches_rpc(make_client: Callable[..., TransmissionClient]) -> None:
    fake = FakeTransmission()
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    stats, session = arguments("session_stats"), arguments("session_get")
    torrents = arguments("torrent_get")["torrents"]
    assert isinstance(status, DownloadClientStatus)
    assert status.download_speed == stats["downloadSpeed"]
    assert status.upload_speed == stats["uploadSpeed"]
    assert status.total == stats["torrentCount"] == len(torrents) == 1
    assert status.seeding == sum(t["status"] == 6 for t in torrents) == 1
    assert (status.downloading, status.paused, status.completed, status.errored) == (0, 0, 0, 0)
    assert session["speed-limit-down-enabled"] is False
    assert status.download_limit is None
    assert status.upload_limit is None
    assert status.free_space == session["download-dir-free-space"] == 84702330880
    assert status.version == session["version"]
    assert fake.body_of("torrent-get")["arguments"]["fields"] == requested_fields(
        "torrent_get_status_mixed"
    )
    assert fake.body_of("session-get")["arguments"]["fields"] == requested_fields(
        "session_get_limited"
    )


async def test_status_counts_every_state(make_client: Callable[..., TransmissionClient]) -> None:
    fake = FakeTransmission(
        {"session-get": "session_get_limited", "session-stats": "session_stats_mixed"}
    )
    fake.torrent_lists["status"] = "torrent_get_status_mixed"
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    torrents = arguments("torrent_get_status_mixed")["torrents"]
    stopped = [t for t in torrents if t["status"] == 0]
    assert status.downloading == sum(t["status"] == 4 for t in torrents) == 1
    assert status.seeding == sum(t["status"] == 6 for t in torrents) == 1
    assert status.completed == sum(t["percentDone"] == 1 for t in stopped) == 1
    assert status.paused == sum(t["percentDone"] < 1 for t in stopped) == 1
    assert (status.queued, status.errored) == (0, 0)
    assert status.total == arguments("session_stats_mixed")["torrentCount"] == 4
    session = arguments("session_get_limited")
    assert session["speed-limit-down-enabled"] is True
    assert status.download_limit == session["speed-limit-down"] * 1000 == 1_000_000
    assert session["units"]["speed-bytes"] == 1000
    assert status.upload_limit is None
    assert status.free_space == session["download-dir-free-space"]


async def test_alternative_speed_limits_win(make_client: Callable[..., TransmissionClient]) -> None:
    fake = FakeTransmission({"session-get": with_session({"alt-speed-enabled": True})})
    status = await integration.fetch_data(make_client(fake.upstream), "status")
    session = arguments("session_get_limited")
    assert status.download_limit == session["alt-speed-down"] * 1000 == 50_000
    assert status.upload_limit == session["alt-speed-up"] * 1000 == 50_000


async def test_free_space_without_session_field(
    make_client: Callable[..., TransmissionClient],
) -> None:
    fake = FakeTransmission(
        {
            "session-get": with_session({"download-dir-free-space": None}),
            "free-space": "free_space",
        }
    )
    status = await integration.fetch_data(make_client(fake.upstream), "status")
    assert status.free_space == arguments("free_space")["size-bytes"] == 84697448448
    download_dir = arguments("session_get_limited")["download-dir"]
    assert fake.body_of("free-space")["arguments"] == {"path": download_dir}


async def test_torrents_match_torrent_get(make_client: Callable[..., TransmissionClient]) -> None:
    fake = FakeTransmission()
    queue = await integration.fetch_data(make_client(fake.upstream), "torrents")

    raw = arguments("torrent_get_list_mixed")["torrents"]
    assert fake.body_of("torrent-get")["arguments"]["fields"] == requested_fields(
        "torrent_get_list_mixed"
    )
    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(raw) == 4
    # the downloading torrent first (active), then newest first
    downloading = [t for t in raw if t["status"] == 4]
    rest = sorted((t for t in raw if t["status"] != 4), key=lambda t: -t["addedDate"])
    expected = downloading + rest
    assert [item.id for item in queue.items] == [t["hashString"] for t in expected]
    states = {
        "tr-incomplete.bin": DownloadState.DOWNLOADING,
        "tr-paused.bin": DownloadState.PAUSED,
        "tr-complete.bin": DownloadState.COMPLETED,
        "testfile.bin": DownloadState.SEEDING,
    }
    for item, torrent in zip(queue.items, expected, strict=True):
        assert item.name == torrent["name"]
        assert item.state is states[torrent["name"]]
        assert item.progress == torrent["percentDone"]
        assert item.size == torrent["sizeWhenDone"]
        assert item.download_speed == torrent["rateDownload"]
        assert item.upload_speed == torrent["rateUpload"]
        assert item.eta_seconds is None  # -1: not available
        assert item.category == (torrent["labels"][0] if torrent["labels"] else None)
        assert item.added_at == datetime.fromtimestamp(torrent["addedDate"], UTC)
    assert queue.items[0].category == "linux"


async def test_torrents_active_first_and_capped(
    make_client: Callable[..., TransmissionClient],
) -> None:
    template = arguments("torrent_get_list_mixed")["torrents"][0]
    torrents = []
    for n in range(60):
        torrent = copy.deepcopy(template)
        torrent.update(hashString=f"{n:040x}", name=f"t{n}", addedDate=template["addedDate"] + n)
        torrents.append(torrent)
    torrents[2].update(status=4, percentDone=0.25, rateDownload=40000, eta=300)
    torrents[5].update(status=4, percentDone=0.1, eta=-2)
    torrents[9].update(status=2)  # verifying
    answer = httpx.Response(200, json={"arguments": {"torrents": torrents}, "result": "success"})
    fake = FakeTransmission({"torrent-get": answer})
    queue = await integration.fetch_data(make_client(fake.upstream), "torrents")

    assert queue.total == 60
    assert len(queue.items) == 50
    assert [i.name for i in queue.items[:4]] == ["t9", "t5", "t2", "t59"]
    assert [i.state for i in queue.items[:3]] == [
        DownloadState.CHECKING,
        DownloadState.DOWNLOADING,
        DownloadState.DOWNLOADING,
    ]
    assert queue.items[2].eta_seconds == 300
    assert queue.items[1].eta_seconds is None  # -2: unknown


@pytest.mark.parametrize(
    ("status", "percent_done", "error", "expected"),
    [
        (0, 0.0, 0, DownloadState.PAUSED),
        (0, 0.5, 0, DownloadState.PAUSED),
        (0, 1.0, 0, DownloadState.COMPLETED),
        (1, 0.0, 0, DownloadState.CHECKING),
        (2, 0.3, 0, DownloadState.CHECKING),
        (3, 0.0, 0, DownloadState.QUEUED),
        (4, 0.2, 0, DownloadState.DOWNLOADING),
        (5, 1.0, 0, DownloadState.QUEUED),
        (6, 1.0, 0, DownloadState.SEEDING),
        (6, 1.0, 2, DownloadState.ERROR),
        (4, 0.2, 3, DownloadState.ERROR),
        (7, 0.0, 0, DownloadState.UNKNOWN),
    ],
)
def test_state_mapping(
    status: int, percent_done: float, error: int, expected: DownloadState
) -> None:
    torrent = TorrentStatus.model_validate(
        {"status": status, "percentDone": percent_done, "error": error}
    )
    assert state_of(torrent) is expected


async def test_custom_rpc_path(make_client: Callable[..., TransmissionClient]) -> None:
    fake = FakeTransmission(path="/custom/rpc")
    info = await integration.test_connection(make_client(fake.upstream, rpc_path="custom/rpc"))
    assert info.version == "3.00 (bb6b5a062e)"
    assert {r.url.path for r in fake.upstream.requests} == {"/custom/rpc"}


async def test_without_credentials_on_an_open_daemon(
    make_client: Callable[..., TransmissionClient],
) -> None:
    fake = FakeTransmission(require_auth=False)
    info = await integration.test_connection(make_client(fake.upstream, password=None))
    assert info.version == "3.00 (bb6b5a062e)"
    assert all("authorization" not in r.headers for r in fake.upstream.requests)


# --- session id handshake -----------------------------------------------------------------------


async def test_session_id_kept_across_calls(
    make_client: Callable[..., TransmissionClient],
) -> None:
    fake = FakeTransmission()
    client = make_client(fake.upstream)
    await integration.test_connection(client)
    await integration.fetch_data(client, "status")
    await integration.fetch_data(client, "torrents")
    statuses = [r.headers.get(HEADER) for r in fake.upstream.requests]
    assert statuses == [None] + [FIXTURE_SESSION_ID] * 5  # one handshake, then 1 + 3 + 1 calls


async def test_session_id_rotation(make_client: Callable[..., TransmissionClient]) -> None:
    fake = FakeTransmission()
    client = make_client(fake.upstream)
    await integration.test_connection(client)
    new_id = "RotatedTransmissionSessionId0123456789abcdefghij"
    fake.rotate(new_id)

    queue = await integration.fetch_data(client, "torrents")

    assert queue.total == 4
    stale, retried = fake.upstream.requests[2:]
    assert stale.headers[HEADER] == FIXTURE_SESSION_ID
    assert retried.headers[HEADER] == new_id
    assert client.session_id == new_id


async def test_409_after_retry_is_unexpected_status(
    make_client: Callable[..., TransmissionClient],
) -> None:
    fake = FakeTransmission()
    issued = iter(range(1000))

    def always_conflict(request: httpx.Request) -> httpx.Response:
        fake.rotate(f"Session{next(issued):041d}")  # a new id every time: never accepted
        return fake.handle(request)

    fake.upstream.route(*RPC, always_conflict)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.UNEXPECTED_STATUS
    assert caught.value.status == 409
    assert fake.upstream.calls[RPC] == 2  # one retry, no loop
    assert_no_secret(caught.value)


async def test_409_without_session_id_is_unexpected_status(
    make_client: Callable[..., TransmissionClient],
) -> None:
    upstream = FakeUpstream(ID, {RPC: httpx.Response(409, text="Conflict")})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.UNEXPECTED_STATUS
    assert "X-Transmission-Session-Id" in caught.value.message
    assert upstream.calls[RPC] == 1


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_password_is_unauthorized(
    make_client: Callable[..., TransmissionClient],
) -> None:
    fake = FakeTransmission()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, password="wrong-password"))
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (401, f"{BASE}/transmission/rpc")
    assert fake.upstream.calls[RPC] == 1
    assert_no_secret(err, "wrong-password")


async def test_missing_credentials_are_unauthorized(
    make_client: Callable[..., TransmissionClient],
) -> None:
    fake = FakeTransmission()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, password=None))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.message == "Transmission asks for a username and password (HTTP 401)"
    assert "authorization" not in fake.upstream.requests[0].headers


async def test_refused_method_is_upstream_error(
    make_client: Callable[..., TransmissionClient],
) -> None:
    fake = FakeTransmission({"session-stats": "rpc_unknown_method"})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "status")
    result = fixture(ID, "rpc_unknown_method")["response"]["body"]["result"]
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.message == f"Transmission could not run session-stats: {result}"
    assert caught.value.status == 200


async def test_unexpected_arguments_are_invalid_response(
    make_client: Callable[..., TransmissionClient],
) -> None:
    empty = httpx.Response(200, json={"arguments": {}, "result": "success"})
    fake = FakeTransmission({"session-get": empty})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert "version" in caught.value.message


async def test_html_page_is_invalid_response(
    make_client: Callable[..., TransmissionClient],
) -> None:
    upstream = FakeUpstream(ID, {RPC: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert caught.value.message.startswith("the response is not JSON")
    assert_no_secret(caught.value)


async def test_no_rpc_at_path_is_not_found(
    make_client: Callable[..., TransmissionClient],
) -> None:
    fake = FakeTransmission()  # serves /transmission/rpc only
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, rpc_path="/rpc"))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.url == f"{BASE}/rpc"
    assert_no_secret(caught.value)


async def test_server_error_is_upstream_error(
    make_client: Callable[..., TransmissionClient],
) -> None:
    fake = FakeTransmission({"torrent-get": httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "torrents")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)


# --- actions -----------------------------------------------------------------------------------


HASH = "296a4efefc39f7e0d86b3d57f6746dac009a06ee"
UNKNOWN = "0123456789abcdef0123456789abcdef01234567"


async def run(client: TransmissionClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def recorded(name: str) -> dict[str, Any]:
    """The RPC body a fixture was recorded with: what Tilewire must send."""
    body: dict[str, Any] = fixture(ID, name)["request"]["body"]
    return body


def torrent_get(rpc: dict[str, Any]) -> str:
    known = rpc["arguments"].get("ids") == [HASH]
    return "torrent_get_by_hash" if known else "torrent_get_unknown_hash"


def fake(**methods: Any) -> FakeTransmission:
    return FakeTransmission({"torrent-get": torrent_get, **methods})


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
    assert actions["resumeItem"].affects == ("status", "torrents")
    assert actions["altSpeedOff"].affects == ("status",)


@pytest.mark.parametrize("bad", ["1", "recently-active", HASH + "0", "../" + HASH[3:]])
def test_item_input_takes_only_a_torrent_hash(bad: str) -> None:
    # Transmission's ids also take numbers and "recently-active": only a hash is an item here.
    with pytest.raises(ValidationError):
        integration.actions["pauseItem"].input.model_validate({"id": bad})


@pytest.mark.parametrize(
    ("action_id", "method", "name", "message"),
    [
        ("pauseAll", "torrent-stop", "torrent_stop_all", "Paused every torrent"),
        ("resumeAll", "torrent-start", "torrent_start_all", "Resumed every torrent"),
        (
            "altSpeedOn",
            "session-set",
            "session_set_alt_speed_on",
            "Alternative speed limits turned on",
        ),
        (
            "altSpeedOff",
            "session-set",
            "session_set_alt_speed_off",
            "Alternative speed limits turned off",
        ),
    ],
)
async def test_session_wide_actions_send_the_documented_rpc(
    make_client: Callable[..., TransmissionClient],
    action_id: str,
    method: str,
    name: str,
    message: str,
) -> None:
    transmission = fake(**{method: name})
    result = await run(make_client(transmission.upstream), action_id)
    assert result == ActionResult(message=message)
    assert transmission.bodies == [recorded(name)]


@pytest.mark.parametrize(
    ("action_id", "method", "name", "message"),
    [
        ("pauseItem", "torrent-stop", "torrent_stop", "Paused testfile.bin"),
        ("resumeItem", "torrent-start", "torrent_start", "Resumed testfile.bin"),
    ],
)
async def test_item_actions_look_the_torrent_up_then_act_on_it(
    make_client: Callable[..., TransmissionClient],
    action_id: str,
    method: str,
    name: str,
    message: str,
) -> None:
    transmission = fake(**{method: name})
    result = await run(make_client(transmission.upstream), action_id, id=HASH.upper())
    assert result == ActionResult(message=message, affected=1)
    assert transmission.bodies == [recorded("torrent_get_by_hash"), recorded(name)]


async def test_unknown_torrent_is_not_found_and_nothing_is_stopped(
    make_client: Callable[..., TransmissionClient],
) -> None:
    # Transmission answers success to stopping an id it does not know: the look-up tells.
    transmission = fake(**{"torrent-stop": "torrent_stop"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(transmission.upstream), "pauseItem", id=UNKNOWN)
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert UNKNOWN in caught.value.message
    assert [body["method"] for body in transmission.bodies] == ["torrent-get"]


async def test_refused_rpc_is_upstream_error_with_transmissions_words(
    make_client: Callable[..., TransmissionClient],
) -> None:
    transmission = fake(**{"session-set": "session_set_invalid"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(transmission.upstream), "altSpeedOn")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "download directory path is not absolute" in caught.value.message
    assert len(transmission.bodies) == 1  # sent once, never retried
    assert_no_secret(caught.value)


async def test_server_error_on_an_action_is_upstream_error(
    make_client: Callable[..., TransmissionClient],
) -> None:
    transmission = fake(**{"torrent-stop": httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(transmission.upstream), "pauseAll")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert len(transmission.bodies) == 1


async def test_new_session_id_is_taken_and_the_refused_rpc_sent_once_more(
    make_client: Callable[..., TransmissionClient],
) -> None:
    # A 409 is Transmission's CSRF guard: it applied nothing, so the request goes again once.
    transmission = fake(**{"torrent-start": "torrent_start_all"})
    client = make_client(transmission.upstream)
    transmission.rotate("RotatedSessionId0123456789abcdefghijklmnopqrstu")
    await run(client, "resumeAll")
    assert transmission.bodies == [recorded("torrent_start_all")]
