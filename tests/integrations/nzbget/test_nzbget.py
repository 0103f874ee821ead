"""NZBGet integration against fixtures recorded from NZBGet 21.0."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.nzbget import integration
from integrations.nzbget.client import NZBGetClient
from integrations.nzbget.definition import state_of
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    client_for,
    fixture,
    fixture_body,
    response_of,
    secret_check,
)

ID = "nzbget"
USERNAME = "nzbget"
PASSWORD = "adminpass123"
BASE = "http://nzbget.test:6789"
VERSION = ("GET", "/jsonrpc/version")
RPC = ("POST", "/jsonrpc")


def config(password: str = PASSWORD, url: str = BASE) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "usernamePassword", "username": USERNAME, "password": password},
    }


body = partial(fixture_body, ID)


def result(name: str) -> Any:
    return body(name)["result"]


def size(item: dict[str, Any], name: str) -> int:
    return int(item[f"{name}Hi"]) * 2**32 + int(item[f"{name}Lo"])


def answer(value: Any) -> httpx.Response:
    return httpx.Response(200, json={"version": "1.1", "id": 1, "result": value})


assert_no_secret = secret_check(PASSWORD)


class FakeNZBGet:
    """NZBGet's rules over the recorded answers: every request needs the basic-auth password
    (401 otherwise), and JSON-RPC methods are routed by name."""

    def __init__(self, **methods: Any) -> None:
        self.methods: list[str] = []
        self.calls: list[dict[str, Any]] = []
        self.routes: dict[str, Any] = {
            "status": "status",
            "listgroups": "listgroups",
            "pausedownload": "pausedownload",
            "resumedownload": "resumedownload",
            "editqueue": "editqueue_pause",
            **methods,
        }
        self.upstream = FakeUpstream(ID, {VERSION: self.version, RPC: self.rpc})

    def authorized(self, request: httpx.Request) -> bool:
        expected = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        return request.headers.get("authorization") == f"Basic {expected}"

    def version(self, request: httpx.Request) -> httpx.Response:
        self.methods.append("version")
        if not self.authorized(request):
            return response_of(fixture(ID, "version_unauthorized"))
        return self.reply(self.routes.get("version", "version"))

    def rpc(self, request: httpx.Request) -> httpx.Response:
        call = json.loads(request.content)
        self.methods.append(call["method"])
        self.calls.append(call)
        if not self.authorized(request):
            return response_of(fixture(ID, "version_unauthorized"))
        return self.reply(self.routes.get(call["method"], "invalid_procedure"))

    @staticmethod
    def reply(value: Any) -> httpx.Response:
        return value if isinstance(value, httpx.Response) else response_of(fixture(ID, value))


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "nzbget"
    assert integration.categories == ("downloads", "usenet")
    assert integration.default_port == 6789
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.username", "string"),
        ("credentials.password", "secret"),
    ]
    status, queue = integration.endpoints["status"], integration.endpoints["queue"]
    assert (status.payload, status.ttl, status.min_refresh) == (DownloadClientStatus, 5.0, 2.0)
    assert (queue.payload, queue.ttl, queue.min_refresh) == (DownloadQueue, 10.0, 5.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version(make_client: Callable[..., NZBGetClient]) -> None:
    fake = FakeNZBGet()
    info = await integration.test_connection(make_client(fake.upstream))
    assert info == ServiceInfo(version=result("version"))
    assert info.version == "21.0"
    assert fake.methods == ["version"]


async def test_status_matches_status_and_listgroups(
    make_client: Callable[..., NZBGetClient],
) -> None:
    fake = FakeNZBGet()
    status = await integration.fetch_data(make_client(fake.upstream), "status")

    raw, groups = result("status"), result("listgroups")
    statuses = [g["Status"] for g in groups]
    assert isinstance(status, DownloadClientStatus)
    assert status.download_speed == raw["DownloadRate"] == 0
    assert status.upload_speed == 0
    assert status.download_limit is None  # DownloadLimit 0: unlimited
    assert raw["DownloadLimit"] == 0
    assert status.upload_limit is None
    assert status.free_space == size(raw, "FreeDiskSpace")
    assert status.free_space // 2**20 == raw["FreeDiskSpaceMB"]
    assert status.paused == statuses.count("PAUSED") == 1
    assert status.queued == statuses.count("QUEUED") == 1
    assert (status.downloading, status.seeding, status.completed, status.errored) == (0, 0, 0, 0)
    assert status.total == len(groups) == 2
    assert status.version == result("version")
    assert sorted(fake.methods) == ["listgroups", "status", "version"]
    listgroups = next(
        json.loads(r.content) for r in fake.upstream.requests if b"listgroups" in r.content
    )
    assert listgroups["params"] == [0]


async def test_paused_download_queue_counts_queued_as_paused(
    make_client: Callable[..., NZBGetClient],
) -> None:
    fake = FakeNZBGet(status="status_download_paused")
    client = make_client(fake.upstream)
    status = await integration.fetch_data(client, "status")
    queue = await integration.fetch_data(client, "queue")

    assert result("status_download_paused")["DownloadPaused"] is True
    assert status.paused == len(result("listgroups")) == 2
    assert status.queued == 0
    assert {item.state for item in queue.items} == {DownloadState.PAUSED}


async def test_limit_and_unknown_free_space(make_client: Callable[..., NZBGetClient]) -> None:
    raw = copy.deepcopy(result("status"))
    raw.update(DownloadLimit=2 * 1024 * 1024, DownloadRate=123456)
    raw.update(FreeDiskSpaceLo=4294967295, FreeDiskSpaceHi=4294967295, FreeDiskSpaceMB=0)
    fake = FakeNZBGet(status=answer(raw))
    status = await integration.fetch_data(make_client(fake.upstream), "status")
    assert status.download_limit == 2 * 1024 * 1024
    assert status.download_speed == 123456
    assert status.free_space is None  # NZBGet's -1: DestDir missing


async def test_queue_matches_listgroups(make_client: Callable[..., NZBGetClient]) -> None:
    fake = FakeNZBGet()
    queue = await integration.fetch_data(make_client(fake.upstream), "queue")

    groups = result("listgroups")
    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(groups) == 2
    # nothing downloads: NZBGet's queue order
    assert [item.id for item in queue.items] == [str(g["NZBID"]) for g in groups]
    for item, group in zip(queue.items, groups, strict=True):
        assert item.name == group["NZBName"]
        assert item.size == size(group, "FileSize") > 0
        assert item.size // 2**20 == group["FileSizeMB"]
        assert item.progress == 1 - size(group, "RemainingSize") / size(group, "FileSize") == 0
        assert item.category == (group["Category"] or None)
        assert item.eta_seconds is None
        assert item.download_speed == item.upload_speed == 0
        assert item.added_at is None  # NZBGet 21 does not say when an NZB was added
    assert [(i.name, i.state, i.category) for i in queue.items] == [
        ("tilewire-paused", DownloadState.PAUSED, None),
        ("tilewire-movies", DownloadState.QUEUED, "Movies"),
    ]


async def test_downloading_group_progress_and_eta(
    make_client: Callable[..., NZBGetClient],
) -> None:
    groups = copy.deepcopy(result("listgroups"))
    big = groups[1]
    total = 5 * 2**32 + 1000  # more than 32 bits: NZBGet splits it into Hi and Lo
    remaining, paused = total // 4, 2**20
    big.update(Status="DOWNLOADING", FileSizeHi=5, FileSizeLo=1000)
    big.update(RemainingSizeHi=remaining >> 32, RemainingSizeLo=remaining & 0xFFFFFFFF)
    big.update(PausedSizeHi=0, PausedSizeLo=paused)
    raw = copy.deepcopy(result("status"))
    raw["DownloadRate"] = 4 * 2**20
    fake = FakeNZBGet(listgroups=answer(groups), status=answer(raw))
    queue = await integration.fetch_data(make_client(fake.upstream), "queue")

    first = queue.items[0]  # the downloading NZB comes first
    assert first.name == big["NZBName"]
    assert first.state is DownloadState.DOWNLOADING
    assert first.size == total
    assert first.progress == (total - remaining) / total
    assert first.eta_seconds == (remaining - paused) // raw["DownloadRate"]


async def test_queue_capped(make_client: Callable[..., NZBGetClient]) -> None:
    template = result("listgroups")[1]
    groups = [{**template, "NZBID": n, "NZBName": f"n{n}"} for n in range(1, 61)]
    fake = FakeNZBGet(listgroups=answer(groups))
    queue = await integration.fetch_data(make_client(fake.upstream), "queue")
    assert queue.total == 60
    assert [item.name for item in queue.items] == [f"n{n}" for n in range(1, 51)]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("QUEUED", DownloadState.QUEUED),
        ("PAUSED", DownloadState.PAUSED),
        ("DOWNLOADING", DownloadState.DOWNLOADING),
        ("FETCHING", DownloadState.DOWNLOADING),
        ("QS_QUEUED", DownloadState.CHECKING),
        ("QS_EXECUTING", DownloadState.CHECKING),
        ("PP_QUEUED", DownloadState.CHECKING),
        ("LOADING_PARS", DownloadState.CHECKING),
        ("VERIFYING_SOURCES", DownloadState.CHECKING),
        ("REPAIRING", DownloadState.CHECKING),
        ("VERIFYING_REPAIRED", DownloadState.CHECKING),
        ("RENAMING", DownloadState.CHECKING),
        ("UNPACKING", DownloadState.CHECKING),
        ("MOVING", DownloadState.CHECKING),
        ("EXECUTING_SCRIPT", DownloadState.CHECKING),
        ("PP_FINISHED", DownloadState.COMPLETED),
        ("SOMETHING_NEW", DownloadState.UNKNOWN),
    ],
)
def test_state_mapping(status: str, expected: DownloadState) -> None:
    assert state_of(status) is expected


def test_pause_affects_only_queued() -> None:
    assert state_of("QUEUED", download_paused=True) is DownloadState.PAUSED
    assert state_of("DOWNLOADING", download_paused=True) is DownloadState.DOWNLOADING
    assert state_of("UNPACKING", download_paused=True) is DownloadState.CHECKING


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_password_is_unauthorized(make_client: Callable[..., NZBGetClient]) -> None:
    fake = FakeNZBGet()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, password="wrong-password"))
    err = caught.value
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (401, f"{BASE}/jsonrpc/version")
    assert err.message == "NZBGet rejected the username or password (HTTP 401)"
    assert_no_secret(err, "wrong-password")


async def test_wrong_password_on_data_is_unauthorized(
    make_client: Callable[..., NZBGetClient],
) -> None:
    fake = FakeNZBGet()
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, password="wrong-password"), "queue")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert_no_secret(caught.value, "wrong-password")


async def test_missing_credentials_are_unauthorized() -> None:
    fake = FakeNZBGet()
    client = client_for(ID, {"url": BASE, "credentials": {"type": "none"}}, fake.upstream)
    try:
        with pytest.raises(IntegrationError) as caught:
            await integration.test_connection(client)
    finally:
        await client.aclose()
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.message == "NZBGet asks for a username and password (HTTP 401)"
    assert "authorization" not in fake.upstream.requests[0].headers


async def test_html_page_is_invalid_response(make_client: Callable[..., NZBGetClient]) -> None:
    upstream = FakeUpstream(ID, {VERSION: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert caught.value.message.startswith("the response is not JSON")
    assert_no_secret(caught.value)


async def test_other_json_is_invalid_response(make_client: Callable[..., NZBGetClient]) -> None:
    upstream = FakeUpstream(ID, {VERSION: "other_json", RPC: "other_json"})
    client = make_client(upstream)
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(client)
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(client, "queue")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert_no_secret(caught.value)


async def test_unexpected_result_is_invalid_response(
    make_client: Callable[..., NZBGetClient],
) -> None:
    fake = FakeNZBGet(listgroups="status")  # an object where a list is expected
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "queue")
    assert caught.value.code is ErrorCode.INVALID_RESPONSE


async def test_error_answer_is_upstream_error(make_client: Callable[..., NZBGetClient]) -> None:
    fake = FakeNZBGet(listgroups="invalid_procedure")
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "queue")
    err = caught.value
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert (
        err.message
        == f"NZBGet could not run listgroups: {body('invalid_procedure')['error']['message']}"
    )


async def test_no_api_at_url_is_not_found(make_client: Callable[..., NZBGetClient]) -> None:
    upstream = FakeUpstream(ID, {})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(upstream))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.url == f"{BASE}/jsonrpc/version"


async def test_server_error_is_upstream_error(make_client: Callable[..., NZBGetClient]) -> None:
    fake = FakeNZBGet(status=httpx.Response(500, text="Internal Server Error"))
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "status")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)


# --- actions ------------------------------------------------------------------------------------


def recorded_call(name: str) -> dict[str, Any]:
    """The JSON-RPC call a fixture recorded, without its id."""
    call = dict(fixture(ID, name)["request"]["body"])
    del call["id"]
    return call


async def act(client: NZBGetClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def test_actions_declared() -> None:
    actions = integration.actions
    assert sorted(actions) == ["pauseAll", "pauseItem", "resumeAll", "resumeItem"]
    # NZBGet has no alternative speed mode (docs/notes/nzbget.md)
    for spec in actions.values():
        assert spec.affects == ("status", "queue")
        assert not spec.destructive


@pytest.mark.parametrize(
    ("action_id", "method", "message"),
    [
        ("pauseAll", "pausedownload", "Paused the download queue"),
        ("resumeAll", "resumedownload", "Resumed the download queue"),
    ],
)
async def test_pause_and_resume_all(
    make_client: Callable[..., NZBGetClient], action_id: str, method: str, message: str
) -> None:
    assert result(method) is True
    fake = FakeNZBGet()
    assert await act(make_client(fake.upstream), action_id) == ActionResult(message=message)

    (call,) = fake.calls
    assert {k: v for k, v in call.items() if k != "id"} == recorded_call(method)
    assert call == {"method": method, "params": [], "id": call["id"]}
    (request,) = fake.upstream.requests
    assert (request.method, request.url.path) == RPC


@pytest.mark.parametrize(
    ("action_id", "fixture_name", "command", "message"),
    [
        ("pauseItem", "editqueue_pause", "GroupPause", "Paused NZB"),
        ("resumeItem", "editqueue_resume", "GroupResume", "Resumed NZB"),
    ],
)
async def test_pause_and_resume_one_nzb(
    make_client: Callable[..., NZBGetClient],
    action_id: str,
    fixture_name: str,
    command: str,
    message: str,
) -> None:
    recorded = recorded_call(fixture_name)
    nzb_id = recorded["params"][2][0]
    fake = FakeNZBGet(editqueue=fixture_name)
    outcome = await act(make_client(fake.upstream), action_id, id=str(nzb_id))

    assert outcome == ActionResult(message=f"{message} {nzb_id}", affected=1)
    (call,) = fake.calls
    assert {k: v for k, v in call.items() if k != "id"} == recorded
    assert call["params"] == [command, "", [nzb_id]]  # NZBGet 18+: Command, Param, IDs


@pytest.mark.parametrize("action_id", ["pauseItem", "resumeItem"])
async def test_unknown_nzb_is_not_found(
    make_client: Callable[..., NZBGetClient], action_id: str
) -> None:
    assert result("editqueue_unknown") is False
    fake = FakeNZBGet(editqueue="editqueue_unknown")
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream), action_id, id="99999")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.message.startswith("NZBGet has no NZB 99999 in its queue")


async def test_pause_answered_false_is_upstream_error(
    make_client: Callable[..., NZBGetClient],
) -> None:
    fake = FakeNZBGet(pausedownload=answer(False))
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream), "pauseAll")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert "pausedownload answered false" in caught.value.message


async def test_action_refused_call_is_upstream_error(
    make_client: Callable[..., NZBGetClient],
) -> None:
    fake = FakeNZBGet(resumedownload="invalid_procedure")
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream), "resumeAll")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.message.startswith("NZBGet could not run resumedownload")


async def test_action_with_wrong_password_is_unauthorized(
    make_client: Callable[..., NZBGetClient],
) -> None:
    fake = FakeNZBGet()
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake.upstream, "wrong-password"), "pauseAll")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert_no_secret(caught.value, "wrong-password")


@pytest.mark.parametrize("bad", ["abc", "0", "1/2", "../1", "12345678901", ""])
def test_nzb_id_is_a_number(bad: str) -> None:
    with pytest.raises(ValidationError):
        integration.actions["pauseItem"].input.model_validate({"id": bad})
