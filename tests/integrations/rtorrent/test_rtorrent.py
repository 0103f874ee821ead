"""rTorrent integration against XML-RPC answers of the rTorrent 0.9.8 command reference (the
torrent list and rates) and of a running rTorrent 0.9.8 behind lighttpd (the actions, the
connection test's libtorrent version, the refusal of a wrong password)."""

from __future__ import annotations

import base64
import xmlrpc.client
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult, PartiallyApplied
from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.rtorrent import integration
from integrations.rtorrent.client import RTorrentClient
from integrations.rtorrent.definition import BATCH, _state
from tests.integrations.upstream import FakeUpstream, fixture, response_of, secret_check

ID = "rtorrent"
BASE = "http://seedbox.test"
HASH = "296A4EFEFC39F7E0D86B3D57F6746DAC009A06EE"  # the recorded test torrent
UNKNOWN = "0123456789ABCDEF0123456789ABCDEF01234567"
USER, PASSWORD = "admin", "adminpass123"
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
assert_no_secret = secret_check(PASSWORD, "wrong-password")

MakeClient = Callable[..., RTorrentClient]
ANSWERS = {
    "d.multicall2": "multicall",
    "throttle.global_down.rate": "down_rate",
    "throttle.global_up.rate": "up_rate",
    "throttle.global_down.max_rate": "down_max",
    "throttle.global_up.max_rate": "up_max",
    "system.client_version": "version",
    "system.library_version": "library_version",
    "d.stop": "stop",
    "d.start": "start",
    "d.resume": "resume",
}


def config(url: str = BASE, password: str | None = None, **extra: Any) -> dict[str, Any]:
    credentials: dict[str, Any] = {"type": "none"}
    if password is not None:
        credentials = {"type": "usernamePassword", "username": USER, "password": password}
    return {"url": url, "credentials": credentials, "extra": extra}


class FakeRTorrent:
    """rTorrent's XML-RPC behind a web server: answers each method with its fixture (or a
    response, or a function of the call's params), and keeps every call it was sent."""

    def __init__(self, path: str = "/RPC2", *, auth: bool = False, **answers: Any) -> None:
        self.answers = {**ANSWERS, **answers}
        self.sent: list[dict[str, Any]] = []
        refuse = self._refuse if auth else None
        self.upstream = FakeUpstream(ID, {("POST", path): self._rpc}, refuse=refuse)

    @staticmethod
    def _refuse(request: httpx.Request) -> httpx.Response | None:
        if request.headers.get("authorization") == BASIC:
            return None
        return response_of(fixture(ID, "unauthorized"))

    def _rpc(self, request: httpx.Request) -> httpx.Response:
        params, method = xmlrpc.client.loads(request.content)
        self.sent.append({"methodName": method, "params": list(params)})
        answer = self.answers.get(method or "", "fault")
        if callable(answer):
            answer = answer(params)
        if isinstance(answer, httpx.Response):
            return answer
        return response_of(fixture(ID, answer))

    @property
    def methods(self) -> list[str]:
        return [call["methodName"] for call in self.sent]


def fake(path: str = "/RPC2", **answers: Any) -> FakeUpstream:
    return FakeRTorrent(path, **answers).upstream


def recorded(name: str) -> dict[str, Any]:
    """The XML-RPC call a fixture was recorded with: what Tilewire must send."""
    body: dict[str, Any] = fixture(ID, name)["request"]["body"]
    return body


def xml_answer(value: Any) -> httpx.Response:
    body = xmlrpc.client.dumps((value,), methodresponse=True)
    return httpx.Response(200, text=body, headers={"content-type": "text/xml"})


def multicall_of(*pairs: tuple[str, str]) -> dict[str, Any]:
    calls = [{"methodName": method, "params": [target]} for method, target in pairs]
    return {"methodName": "system.multicall", "params": [calls]}


async def test_status(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake()), "status")
    assert isinstance(payload, DownloadClientStatus)
    assert (payload.download_speed, payload.upload_speed) == (5242880, 196608)
    assert (payload.download_limit, payload.upload_limit, payload.version) == (
        None,
        1048576,
        "0.9.8",
    )
    assert (
        payload.downloading,
        payload.seeding,
        payload.paused,
        payload.errored,
        payload.completed,
    ) == (
        1,
        1,
        1,
        1,
        1,
    )


async def test_torrents(make_client: MakeClient) -> None:
    payload = await integration.fetch_data(make_client(fake()), "torrents")
    assert isinstance(payload, DownloadQueue) and payload.total == 5
    first = payload.items[0]
    assert (first.name, first.state, first.progress) == (
        "ubuntu-24.04-desktop-amd64.iso",
        DownloadState.DOWNLOADING,
        0.5,
    )
    assert first.eta_seconds == (6114656256 - 3057328128) // 5242880 and first.category == "linux"
    states = {i.name: i.state for i in payload.items}
    assert states["broken-tracker"] is DownloadState.ERROR
    assert states["done-and-stopped"] is DownloadState.COMPLETED


def row(
    *, started: int, complete: int, active: int, hashing: int = 0, message: str = ""
) -> list[Any]:
    return [HASH, "t", started, complete, active, hashing, 1, 1, 0, 0, message, "", 0]


TRACKER_DOWN = "Tracker: [Couldn't connect to server]"  # what the live test torrent shows


@pytest.mark.parametrize(
    ("torrent", "state"),
    [
        # Stopped (d.stop): its last tracker message is no error of its own.
        (row(started=0, complete=1, active=0, message=TRACKER_DOWN), DownloadState.COMPLETED),
        (row(started=0, complete=0, active=0, message=TRACKER_DOWN), DownloadState.PAUSED),
        # Started but not running: paused (d.pause), or halted with a message.
        (row(started=1, complete=1, active=0), DownloadState.PAUSED),
        (row(started=1, complete=1, active=0, message="Storage error: [x]"), DownloadState.ERROR),
        (row(started=1, complete=1, active=1, message=TRACKER_DOWN), DownloadState.SEEDING),
        (row(started=1, complete=0, active=0, hashing=1), DownloadState.CHECKING),
    ],
)
def test_state_mapping(torrent: list[Any], state: DownloadState) -> None:
    assert _state(torrent) is state


async def test_connection_reports_version_and_libtorrent(make_client: MakeClient) -> None:
    rtorrent = FakeRTorrent(auth=True)
    info = await integration.test_connection(make_client(rtorrent.upstream, password=PASSWORD))
    assert (info.version, info.details) == ("0.9.8", {"libtorrent": "0.13.8"})
    assert sorted(rtorrent.methods) == ["system.client_version", "system.library_version"]


async def test_wrong_password_is_unauthorized(make_client: MakeClient) -> None:
    rtorrent = FakeRTorrent(auth=True)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(rtorrent.upstream, password="wrong-password"))
    assert (caught.value.code, caught.value.status) == (ErrorCode.UNAUTHORIZED, 401)
    assert "rejected the username or password" in caught.value.message
    assert rtorrent.sent == []  # the web server refused before rTorrent was asked
    assert_no_secret(caught.value)


async def test_another_rpc_path(make_client: MakeClient) -> None:
    info = await integration.test_connection(
        make_client(fake("/rutorrent/RPC"), rpc_path="rutorrent/RPC")
    )
    assert info.version == "0.9.8"


async def test_a_fault_quotes_rtorrent(make_client: MakeClient) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake(**{"d.multicall2": "fault"})), "torrents")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR and "not defined" in caught.value.message


@pytest.mark.parametrize(
    "text",
    [
        "<html>nginx</html>",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><methodResponse>&a;</methodResponse>',
    ],
)
async def test_not_xml_rpc_is_invalid(make_client: MakeClient, text: str) -> None:
    answer = httpx.Response(200, text=text)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake(**{"system.client_version": answer})))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


# --- actions ------------------------------------------------------------------------------------


async def run(client: RTorrentClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def test_actions_declared() -> None:
    actions = integration.actions
    assert list(actions) == ["pauseAll", "resumeAll", "pauseItem", "resumeItem"]
    assert not any(a.destructive for a in actions.values())
    assert all(a.affects == ("status", "torrents") for a in actions.values())


@pytest.mark.parametrize("bad", ["1", HASH[:39], HASH + "0", "../" + HASH[3:], "G" * 40])
def test_item_input_takes_only_a_torrent_hash(bad: str) -> None:
    with pytest.raises(ValidationError):
        integration.actions["pauseItem"].input.model_validate({"id": bad})


@pytest.mark.parametrize(
    ("action_id", "lookup", "sent", "message"),
    [
        ("pauseItem", "lookup", "stop", "Paused testfile.bin"),
        ("resumeItem", "lookup_stopped", "start", "Resumed testfile.bin"),
        # d.start leaves a torrent paused with d.pause as it is: d.resume goes on with it.
        ("resumeItem", "lookup_paused", "resume", "Resumed testfile.bin"),
    ],
)
async def test_item_actions_look_the_torrent_up_then_act_on_it(
    make_client: MakeClient, action_id: str, lookup: str, sent: str, message: str
) -> None:
    rtorrent = FakeRTorrent(**{"system.multicall": lookup})
    result = await run(make_client(rtorrent.upstream), action_id, id=HASH.lower())
    assert result == ActionResult(message=message, affected=1)
    assert rtorrent.sent == [recorded(lookup), recorded(sent)]


@pytest.mark.parametrize(
    ("action_id", "lookup", "message"),
    [
        ("pauseItem", "lookup_stopped", "testfile.bin is already stopped"),
        ("resumeItem", "lookup", "testfile.bin is already running"),
    ],
)
async def test_item_action_on_a_torrent_already_so_changes_nothing(
    make_client: MakeClient, action_id: str, lookup: str, message: str
) -> None:
    rtorrent = FakeRTorrent(**{"system.multicall": lookup})
    result = await run(make_client(rtorrent.upstream), action_id, id=HASH)
    assert result == ActionResult(message=message, affected=0)
    assert rtorrent.methods == ["system.multicall"]


@pytest.mark.parametrize("action_id", ["pauseItem", "resumeItem"])
async def test_unknown_torrent_is_not_found_and_nothing_is_sent(
    make_client: MakeClient, action_id: str
) -> None:
    rtorrent = FakeRTorrent(**{"system.multicall": "lookup_unknown"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(rtorrent.upstream), action_id, id=UNKNOWN.lower())
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.message == f"rTorrent has no torrent with hash {UNKNOWN}"
    assert rtorrent.sent == [recorded("lookup_unknown")]


async def test_torrent_removed_before_it_is_stopped_is_not_found(make_client: MakeClient) -> None:
    # rTorrent's fault for a hash it has no torrent of, as lookup_unknown.json records it.
    fault = xmlrpc.client.dumps(xmlrpc.client.Fault(-501, "Could not find info-hash."))
    gone = httpx.Response(200, text=fault, headers={"content-type": "text/xml"})
    rtorrent = FakeRTorrent(**{"system.multicall": "lookup", "d.stop": gone})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(rtorrent.upstream), "pauseItem", id=HASH)
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert rtorrent.methods == ["system.multicall", "d.stop"]


async def test_pause_all_stops_every_started_torrent_in_one_multicall(
    make_client: MakeClient,
) -> None:
    # multicall.json: HASH0001, HASH0002 and HASH0004 are started; 0003 and 0005 stopped.
    rtorrent = FakeRTorrent(**{"system.multicall": "multicall_applied"})
    result = await run(make_client(rtorrent.upstream), "pauseAll")
    assert result == ActionResult(message="Paused 3 torrents", affected=3)
    assert rtorrent.sent[0]["methodName"] == "d.multicall2"
    assert rtorrent.sent[1:] == [
        multicall_of(("d.stop", "HASH0001"), ("d.stop", "HASH0002"), ("d.stop", "HASH0004"))
    ]


async def test_resume_all_starts_the_stopped_and_resumes_the_paused(
    make_client: MakeClient,
) -> None:
    # HASH0003 and HASH0005 are stopped (d.start); HASH0004 started but paused (d.resume).
    rtorrent = FakeRTorrent(**{"system.multicall": "multicall_applied"})
    result = await run(make_client(rtorrent.upstream), "resumeAll")
    assert result == ActionResult(message="Resumed 3 torrents", affected=3)
    assert rtorrent.sent[1:] == [
        multicall_of(("d.start", "HASH0003"), ("d.resume", "HASH0004"), ("d.start", "HASH0005"))
    ]
    # The recorded answer is rTorrent's to the same three calls.
    assert [c["methodName"] for c in recorded("multicall_applied")["params"][0]] == [
        "d.start",
        "d.resume",
        "d.start",
    ]


def rows_of(count: int, *, started: int) -> httpx.Response:
    return xml_answer(
        [
            [f"{i:040X}", f"t{i}", started, 1, started, 0, 1, 1, 0, 0, "", "", 0]
            for i in range(count)
        ]
    )


@pytest.mark.parametrize(("action_id", "started"), [("pauseAll", 0), ("resumeAll", 1)])
async def test_nothing_to_do_sends_nothing(
    make_client: MakeClient, action_id: str, started: int
) -> None:
    rtorrent = FakeRTorrent(**{"d.multicall2": rows_of(2, started=started)})
    result = await run(make_client(rtorrent.upstream), action_id)
    assert result.affected == 0
    assert rtorrent.methods == ["d.multicall2"]


async def test_many_torrents_go_in_batches(make_client: MakeClient) -> None:
    count = 2 * BATCH + 1
    rtorrent = FakeRTorrent(
        **{
            "d.multicall2": rows_of(count, started=1),
            "system.multicall": lambda params: xml_answer([[0]] * len(params[0])),
        }
    )
    result = await run(make_client(rtorrent.upstream), "pauseAll")
    assert result == ActionResult(message=f"Paused {count} torrents", affected=count)
    batches = [len(call["params"][0]) for call in rtorrent.sent[1:]]
    assert batches == [BATCH, BATCH, 1]


async def test_a_failed_later_batch_is_partially_applied(make_client: MakeClient) -> None:
    answers = iter([None, httpx.Response(500, text="Internal Server Error")])

    def multicall(params: tuple[Any, ...]) -> httpx.Response:
        return next(answers) or xml_answer([[0]] * len(params[0]))

    rtorrent = FakeRTorrent(
        **{"d.multicall2": rows_of(BATCH + 7, started=1), "system.multicall": multicall}
    )
    with pytest.raises(PartiallyApplied) as caught:
        await run(make_client(rtorrent.upstream), "pauseAll")
    assert caught.value.code is ErrorCode.PARTIALLY_APPLIED
    assert caught.value.message.startswith(
        f"rTorrent paused {BATCH} torrents, then the request for the other 7 torrents failed"
    )
    assert len(rtorrent.sent) == 3  # sent once each, never retried


async def test_some_refused_is_partially_applied(make_client: MakeClient) -> None:
    # Recorded: one call applied, one for a hash rTorrent has no torrent of (removed
    # meanwhile: skipped), one refused.
    rtorrent = FakeRTorrent(**{"system.multicall": "multicall_mixed"})
    with pytest.raises(PartiallyApplied) as caught:
        await run(make_client(rtorrent.upstream), "pauseAll")
    assert caught.value.message == (
        "rTorrent paused 1 torrent but refused 1 torrent: "
        "rTorrent refused d.stop: Unsupported target type found."
    )


async def test_every_call_refused_is_upstream_error(make_client: MakeClient) -> None:
    refused = {"faultCode": -501, "faultString": "Unsupported target type found."}
    rtorrent = FakeRTorrent(**{"system.multicall": xml_answer([refused] * 3)})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(rtorrent.upstream), "resumeAll")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.message.startswith("rTorrent refused to resume 3 torrents: ")


@pytest.mark.parametrize("answer", [[[0]], [[0], [0], "no"], {"a": 1}])
async def test_a_multicall_answer_of_another_shape_is_invalid(
    make_client: MakeClient, answer: Any
) -> None:
    rtorrent = FakeRTorrent(**{"system.multicall": xml_answer(answer)})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(rtorrent.upstream), "pauseAll")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_a_lookup_of_another_shape_is_invalid(make_client: MakeClient) -> None:
    rtorrent = FakeRTorrent(**{"system.multicall": xml_answer([["x"], ["not a number"], [1], [0]])})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(rtorrent.upstream), "resumeItem", id=HASH)
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert rtorrent.methods == ["system.multicall"]


async def test_server_error_on_an_action_is_upstream_error_sent_once(
    make_client: MakeClient,
) -> None:
    rtorrent = FakeRTorrent(
        auth=True,
        **{
            "system.multicall": "lookup",
            "d.stop": httpx.Response(500, text="Internal Server Error"),
        },
    )
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(rtorrent.upstream, password=PASSWORD), "pauseItem", id=HASH)
    assert (caught.value.code, caught.value.status) == (ErrorCode.UPSTREAM_ERROR, 500)
    assert rtorrent.methods == ["system.multicall", "d.stop"]
    assert_no_secret(caught.value)
