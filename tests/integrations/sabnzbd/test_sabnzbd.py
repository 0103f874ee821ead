"""SABnzbd integration against fixtures recorded from SABnzbd 3.7.1 (Debian bookworm contrib)."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from integrations.actions import ActionResult
from integrations.capabilities import DownloadClientStatus, DownloadQueue, DownloadState
from integrations.errors import ErrorCode, IntegrationError
from integrations.sabnzbd import integration
from integrations.sabnzbd.client import SabnzbdClient
from integrations.sabnzbd.definition import seconds_of, state_of
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    Clients,
    FakeUpstream,
    fixture,
    fixture_body,
    one_secret_config,
    refusal,
    response_of,
    secret_check,
)

ID = "sabnzbd"
API_KEY = "FIXTURE_API_KEY"  # what record.py writes in place of the real key
WRONG_KEY = "wrong-api-key-0123456789abcdef"
BASE = "http://sabnzbd.test:8080"
API = ("GET", "/api")
MIB = 1024**2
GIB = 1024**3


config = one_secret_config(BASE, "apiKey", "apiKey", API_KEY)
body = partial(fixture_body, ID)
assert_no_secret = secret_check(API_KEY)


class FakeSabnzbd:
    """SABnzbd's ``/api`` over the recorded answers: the answer is chosen by ``mode`` (and
    ``failed_only`` for the history); every mode but ``version`` needs the API key."""

    def __init__(self, **answers: Any) -> None:
        self.answers: dict[str, Any] = {
            "version": "version",
            "queue": "queue",
            "history": "history",
            "history_failed": "history_failed",
            "pause": "pause",
            "resume": "resume",
            "queue_job": "queue_job",
            "queue_pause": "queue_pause",
            "queue_resume": "queue_resume",
            **answers,
        }
        self.upstream = FakeUpstream(ID, {API: self.handle})
        self.modes: list[str] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        mode = params.get("mode", "")
        if mode == "history" and params.get("failed_only") == "1":
            mode = "history_failed"
        if mode == "queue" and "name" in params:  # a change to one job
            mode = f"queue_{params['name']}"
        elif mode == "queue" and "nzo_ids" in params:  # the queue's jobs with these ids
            mode = "queue_job"
        self.modes.append(mode)
        if mode != "version":
            if "apikey" not in params:
                return response_of(fixture(ID, "missing_api_key"))
            if params["apikey"] != API_KEY:
                return response_of(fixture(ID, "wrong_api_key"))
        answer = self.answers.get(mode, "not_implemented")
        if isinstance(answer, httpx.Response):
            return answer
        if isinstance(answer, str):
            return response_of(fixture(ID, answer))
        return httpx.Response(200, json=answer)

    @property
    def requests(self) -> list[httpx.Request]:
        return self.upstream.requests


@pytest.fixture
def make_client(clients: Clients) -> Callable[..., SabnzbdClient]:
    def make(fake: FakeSabnzbd | FakeUpstream, **kwargs: Any) -> SabnzbdClient:
        return clients(config(**kwargs), fake.upstream if isinstance(fake, FakeSabnzbd) else fake)

    return make


refused = partial(refusal, ID)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "sabnzbd"
    assert integration.categories == ("downloads", "usenet")
    assert integration.default_port == 8080
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret")
    ]
    status, queue = integration.endpoints["status"], integration.endpoints["queue"]
    assert (status.payload, status.ttl, status.min_refresh) == (DownloadClientStatus, 5.0, 2.0)
    assert (queue.payload, queue.ttl, queue.min_refresh) == (DownloadQueue, 10.0, 5.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version_with_a_call_that_needs_the_key(
    make_client: Callable[..., SabnzbdClient],
) -> None:
    fake = FakeSabnzbd(queue="queue_limit_1")
    info = await integration.test_connection(make_client(fake))

    assert info == ServiceInfo(version=body("queue_limit_1")["queue"]["version"])
    assert info.version == body("version")["version"] == "3.7.1"
    assert fake.modes == ["queue"]  # mode=version would answer a wrong key too
    params = fake.requests[0].url.params
    assert (params["output"], params["apikey"], params["limit"]) == ("json", API_KEY, "1")


async def test_status_matches_queue_and_history(
    make_client: Callable[..., SabnzbdClient],
) -> None:
    fake = FakeSabnzbd()
    status = await integration.fetch_data(make_client(fake), "status")

    queue = body("queue")["queue"]
    history, failed = body("history")["history"], body("history_failed")["history"]
    slots = [slot["status"] for slot in queue["slots"]]
    assert isinstance(status, DownloadClientStatus)
    assert status.paused == slots.count("Paused") == 1
    assert (status.downloading, status.queued, status.seeding) == (0, 0, 0)
    assert status.errored == failed["noofslots"] == 1
    assert status.completed == history["noofslots"] - failed["noofslots"] == 0
    assert status.total == len(slots) + history["noofslots"] == 2
    assert status.download_speed == round(float(queue["kbpersec"]) * 1024) == 0
    assert status.upload_speed == 0
    assert status.download_limit is None  # speedlimit_abs "0": unlimited
    assert status.free_space == round(float(queue["diskspace1"]) * GIB)
    assert status.version == queue["version"]
    assert sorted(fake.modes) == ["history", "history_failed", "queue"]
    page = next(r for r in fake.requests if r.url.params["mode"] == "history")
    assert page.url.params["limit"] == "20"


async def test_status_while_a_job_downloads_and_another_is_post_processed(
    make_client: Callable[..., SabnzbdClient],
) -> None:
    fake = FakeSabnzbd(
        queue="queue_busy",
        history="history_processing",
        history_failed="history_failed_processing",
    )
    status = await integration.fetch_data(make_client(fake), "status")

    queue = body("queue_busy")["queue"]
    history = body("history_processing")["history"]
    slots = [slot["status"] for slot in queue["slots"]]
    assert sorted(slots) == ["Downloading", "Paused"]
    assert [s["status"] for s in history["slots"]] == ["Queued", "Failed"]  # post-processing first
    assert status.downloading == 1
    assert status.paused == 1
    # failed_only counts the job in post-processing too: it is neither failed nor completed yet
    assert body("history_failed_processing")["history"]["noofslots"] == 2
    assert (status.errored, status.completed) == (1, 0)
    assert status.total == len(slots) + history["noofslots"] == 4  # the post-processed one too
    assert status.download_limit == int(queue["speedlimit_abs"]) == 512000


async def test_status_counts_completed_jobs(make_client: Callable[..., SabnzbdClient]) -> None:
    history = copy.deepcopy(body("history"))
    history["history"]["noofslots"] = 7  # 6 completed jobs on later pages, 1 failed
    status = await integration.fetch_data(make_client(FakeSabnzbd(history=history)), "status")
    assert (status.completed, status.errored) == (6, 1)
    assert status.total == 1 + 7


async def test_queue_matches_slots(make_client: Callable[..., SabnzbdClient]) -> None:
    queue = await integration.fetch_data(make_client(FakeSabnzbd(queue="queue_busy")), "queue")

    slots = body("queue_busy")["queue"]["slots"]
    assert isinstance(queue, DownloadQueue)
    assert queue.total == len(slots) == 2
    # the downloading job first, even though SABnzbd lists the paused one first
    assert [item.id for item in queue.items] == [slots[1]["nzo_id"], slots[0]["nzo_id"]]
    for item in queue.items:
        slot = next(s for s in slots if s["nzo_id"] == item.id)
        assert item.name == slot["filename"]
        assert item.state is state_of(slot["status"])
        assert item.size == round(float(slot["mb"]) * MIB)
        mb, left = float(slot["mb"]), float(slot["mbleft"])
        assert item.progress == (mb - left) / mb == 0
        assert item.eta_seconds is None  # timeleft 0:00:00: the dead server sends nothing
        assert item.category is None  # "*": the default category
        assert (item.download_speed, item.upload_speed, item.added_at) == (0, 0, None)
    assert [item.state for item in queue.items] == [DownloadState.DOWNLOADING, DownloadState.PAUSED]


async def test_queue_item_progress_eta_and_category(
    make_client: Callable[..., SabnzbdClient],
) -> None:
    answer = copy.deepcopy(body("queue_busy"))
    slot = answer["queue"]["slots"][1]
    slot.update(mb="1024.00", mbleft="256.00", timeleft="1:02:03:04", cat="tv")
    queue = await integration.fetch_data(make_client(FakeSabnzbd(queue=answer)), "queue")
    item = queue.items[0]
    assert item.progress == 0.75
    assert item.size == 1024 * MIB
    assert item.eta_seconds == 86400 + 2 * 3600 + 3 * 60 + 4
    assert item.category == "tv"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("Downloading", DownloadState.DOWNLOADING),
        ("Fetching", DownloadState.DOWNLOADING),
        ("Queued", DownloadState.QUEUED),
        ("Grabbing", DownloadState.QUEUED),
        ("Propagating", DownloadState.QUEUED),
        ("Paused", DownloadState.PAUSED),
        ("Checking", DownloadState.CHECKING),
        ("Deleted", DownloadState.UNKNOWN),
        ("SomethingNew", DownloadState.UNKNOWN),
    ],
)
def test_state_mapping(status: str, expected: DownloadState) -> None:
    assert state_of(status) is expected


@pytest.mark.parametrize(
    ("timeleft", "seconds"),
    [("0:00:00", None), ("0:01:05", 65), ("12:00:00", 43200), ("2:01:00:00", 176400), ("", None)],
)
def test_timeleft(timeleft: str, seconds: int | None) -> None:
    assert seconds_of(timeleft) == seconds


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_key_is_unauthorized_and_never_shown_or_logged(
    make_client: Callable[..., SabnzbdClient], caplog: pytest.LogCaptureFixture
) -> None:
    # What the integration logs; httpx logs whole request URLs at INFO, which the server
    # keeps out of its log (tests/app/test_server.py).
    caplog.set_level(logging.DEBUG, logger="integrations")
    fake = FakeSabnzbd()
    err = await refused(make_client(fake, secret=WRONG_KEY))

    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == fixture(ID, "wrong_api_key")["response"]["status"] == 403
    assert err.url == f"{BASE}/api"  # no query string: the key travels in it
    assert "rejected the API key" in err.message
    assert fake.requests[0].url.params["apikey"] == WRONG_KEY  # it was sent, in the query
    assert_no_secret(err, WRONG_KEY)
    assert WRONG_KEY not in caplog.text
    assert all(WRONG_KEY not in str(record.args) for record in caplog.records)


async def test_missing_key_is_unauthorized(make_client: Callable[..., SabnzbdClient]) -> None:
    upstream = FakeUpstream(ID, {API: "missing_api_key"})
    err = await refused(make_client(upstream), "status")
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.message == "SABnzbd asks for an API key"


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, json={"status": False, "error": "API Key Incorrect"}),  # SABnzbd 2.x
        httpx.Response(200, text="API Key Incorrect\n"),
        httpx.Response(403, text=""),  # api_warnings off: no reason given
    ],
    ids=["json-200", "text-200", "empty-403"],
)
async def test_other_key_refusals_are_unauthorized(
    make_client: Callable[..., SabnzbdClient], answer: httpx.Response
) -> None:
    err = await refused(make_client(FakeSabnzbd(queue=answer)))
    assert err.code is ErrorCode.UNAUTHORIZED
    assert err.status == answer.status_code
    assert_no_secret(err)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("External internet access denied - https://sabnzbd.org/access-denied", "address"),
        (
            "Access denied - Hostname verification failed: https://sabnzbd.org/hostname-check",
            "host_whitelist",
        ),
        ("Access denied - Configuration locked", "locked"),
    ],
)
async def test_access_refusals_are_forbidden(
    make_client: Callable[..., SabnzbdClient], text: str, hint: str
) -> None:
    # The texts of SABnzbd 3.7's interface.py, answered with HTTP 403.
    fake = FakeSabnzbd(queue=httpx.Response(403, text=text))
    err = await refused(make_client(fake))
    assert err.code is ErrorCode.FORBIDDEN
    assert hint in err.message


async def test_unknown_mode_is_upstream_error(make_client: Callable[..., SabnzbdClient]) -> None:
    err = await refused(make_client(FakeSabnzbd(queue="not_implemented")))
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert err.message == f"SABnzbd refused mode=queue: {body('not_implemented')['error']}"


async def test_html_page_is_invalid_response(make_client: Callable[..., SabnzbdClient]) -> None:
    upstream = FakeUpstream(ID, {API: "not_that_service"})
    err = await refused(make_client(upstream))
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert err.message.startswith("the response is not JSON")
    assert_no_secret(err)


async def test_other_json_is_invalid_response(make_client: Callable[..., SabnzbdClient]) -> None:
    err = await refused(make_client(FakeSabnzbd(queue="version")), "queue")
    assert err.code is ErrorCode.INVALID_RESPONSE
    assert "queue" in err.message  # the missing field is named
    assert_no_secret(err)


async def test_no_api_at_url_is_not_found(make_client: Callable[..., SabnzbdClient]) -> None:
    err = await refused(make_client(FakeUpstream(ID, {})))
    assert err.code is ErrorCode.NOT_FOUND
    assert err.url == f"{BASE}/api"


async def test_server_error_is_upstream_error(make_client: Callable[..., SabnzbdClient]) -> None:
    fake = FakeSabnzbd(history=httpx.Response(500, text="500 Internal Server Error"))
    err = await refused(make_client(fake), "status")
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert err.status == 500
    assert_no_secret(err)


# --- actions ------------------------------------------------------------------------------------

PAUSED_JOB = body("queue_job")["queue"]["slots"][0]["nzo_id"]  # as the fixtures recorded it


async def act(client: SabnzbdClient, action_id: str, **input: Any) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate(input))


def test_actions_declared() -> None:
    actions = integration.actions
    assert sorted(actions) == ["pauseAll", "pauseItem", "resumeAll", "resumeItem"]
    # no alternative speed mode in SABnzbd's API (docs/notes/sabnzbd.md)
    assert "altSpeedOn" not in actions and "altSpeedOff" not in actions
    for spec in actions.values():
        assert spec.affects == ("status", "queue")
        assert not spec.destructive


@pytest.mark.parametrize(
    ("action_id", "mode", "message"),
    [
        ("pauseAll", "pause", "Paused the download queue"),
        ("resumeAll", "resume", "Resumed the download queue"),
    ],
)
async def test_pause_and_resume_all(
    make_client: Callable[..., SabnzbdClient], action_id: str, mode: str, message: str
) -> None:
    assert body(mode) == {"status": True}
    fake = FakeSabnzbd()
    result = await act(make_client(fake), action_id)

    assert result == ActionResult(message=message)
    (request,) = fake.requests
    assert request.method == "GET"
    assert dict(request.url.params) == {"mode": mode, "output": "json", "apikey": API_KEY}


@pytest.mark.parametrize(
    ("action_id", "name", "message"),
    [("pauseItem", "pause", "Paused job"), ("resumeItem", "resume", "Resumed job")],
)
async def test_pause_and_resume_one_job(
    make_client: Callable[..., SabnzbdClient], action_id: str, name: str, message: str
) -> None:
    fake = FakeSabnzbd()
    result = await act(make_client(fake), action_id, id=PAUSED_JOB)

    assert body(f"queue_{name}") == {"status": True, "nzo_ids": [PAUSED_JOB]}
    assert result == ActionResult(message=f"{message} {PAUSED_JOB}", affected=1)
    looked, changed = fake.requests
    assert dict(looked.url.params) == {
        "mode": "queue",
        "output": "json",
        "nzo_ids": PAUSED_JOB,
        "apikey": API_KEY,
    }
    assert changed.method == "GET"
    assert dict(changed.url.params) == {
        "mode": "queue",
        "output": "json",
        "name": name,
        "value": PAUSED_JOB,
        "apikey": API_KEY,
    }


@pytest.mark.parametrize("action_id", ["pauseItem", "resumeItem"])
async def test_unknown_job_is_not_found_and_nothing_is_changed(
    make_client: Callable[..., SabnzbdClient], action_id: str
) -> None:
    # SABnzbd 3.7.1 would answer the change itself as if it applied (queue_pause_unknown).
    assert body("queue_pause_unknown")["status"] is True
    fake = FakeSabnzbd(queue_job="queue_job_unknown")
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake), action_id, id="SABnzbd_nzo_nosuchjob")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.message == "SABnzbd has no job SABnzbd_nzo_nosuchjob in its queue"
    assert [r.url.params.get("name") for r in fake.requests] == [None]  # only the look


async def test_job_change_not_applied_is_upstream_error(
    make_client: Callable[..., SabnzbdClient],
) -> None:
    fake = FakeSabnzbd(queue_pause={"status": False, "nzo_ids": []})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake), "pauseItem", id=PAUSED_JOB)
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.message == f"SABnzbd did not pause job {PAUSED_JOB}"


async def test_pause_not_applied_is_upstream_error(
    make_client: Callable[..., SabnzbdClient],
) -> None:
    fake = FakeSabnzbd(pause={"status": False})
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake), "pauseAll")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.message == "SABnzbd did not apply mode=pause"


@pytest.mark.parametrize("action_id", ["pauseAll", "resumeAll"])
async def test_action_with_wrong_key_is_unauthorized(
    make_client: Callable[..., SabnzbdClient], action_id: str
) -> None:
    fake = FakeSabnzbd()
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake, secret=WRONG_KEY), action_id)
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert_no_secret(caught.value, WRONG_KEY)


async def test_action_refused_by_locked_config_is_forbidden(
    make_client: Callable[..., SabnzbdClient],
) -> None:
    fake = FakeSabnzbd(queue_pause=httpx.Response(403, text="Access denied - Configuration locked"))
    with pytest.raises(IntegrationError) as caught:
        await act(make_client(fake), "pauseItem", id=PAUSED_JOB)
    assert caught.value.code is ErrorCode.FORBIDDEN


@pytest.mark.parametrize("bad", ["../api", "a/b", "http://x", ""])
def test_item_id_is_pattern_restricted(bad: str) -> None:
    with pytest.raises(ValidationError):
        integration.actions["pauseItem"].input.model_validate({"id": bad})
