"""OctoPrint integration against fixtures recorded from OctoPrint 1.11.8 (virtual printer)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Collection
from functools import partial
from typing import Any

import httpx
import pytest

from integrations.actions import ActionResult
from integrations.errors import ErrorCode, IntegrationError
from integrations.octoprint import integration
from integrations.octoprint.client import OctoPrintClient
from integrations.octoprint.definition import (
    OctoPrintJob,
    OctoPrintState,
    OctoPrintStatus,
    state_of_text,
)
from integrations.types import ServiceInfo
from tests.integrations.upstream import (
    FakeUpstream,
    fixture,
    fixture_body,
    one_secret_config,
    response_of,
    secret_check,
)

ID = "octoprint"
BASE = "http://octoprint.test:5000"
KEY = fixture(ID, "version")["request"]["headers"]["X-Api-Key"]
WRONG_KEY = fixture(ID, "version_wrong_key")["request"]["headers"]["X-Api-Key"]
VERSION = ("GET", "/api/version")
CURRENT_USER = ("GET", "/api/currentuser")
PRINTER = ("GET", "/api/printer")
JOB = ("GET", "/api/job")
API = {VERSION: "version", PRINTER: "printer", JOB: "job"}


config = one_secret_config(BASE, "apiKey", "apiKey", KEY)
body = partial(fixture_body, ID)
assert_no_secret = secret_check(KEY)


class FakeOctoPrint:
    """OctoPrint's key rules over the recorded answers: a request whose X-Api-Key is not the
    user's key is a guest's, which /api/currentuser shows and everything else refuses (403),
    except the ``guest_routes`` a guest may read."""

    def __init__(
        self,
        routes: dict[tuple[str, str], Any] | None = None,
        *,
        guest_routes: Collection[tuple[str, str]] = (),
    ) -> None:
        self.upstream = FakeUpstream(
            ID,
            {CURRENT_USER: self.current_user, **API, **(routes or {})},
            refuse=self.refuse,
            open_routes=(CURRENT_USER, *guest_routes),
        )

    def current_user(self, request: httpx.Request) -> httpx.Response:
        known = request.headers.get("x-api-key") == KEY
        return response_of(fixture(ID, "currentuser" if known else "currentuser_guest"))

    @staticmethod
    def refuse(request: httpx.Request) -> httpx.Response | None:
        if request.headers.get("x-api-key") != KEY:
            return response_of(fixture(ID, "version_wrong_key"))
        return None


async def fetch(make_client: Callable[..., OctoPrintClient], endpoint: str, **routes: Any) -> Any:
    fake = FakeOctoPrint({PRINTER: routes.get("printer", "printer"), JOB: routes.get("job", "job")})
    return await integration.fetch_data(make_client(fake.upstream), endpoint)


# --- metadata -----------------------------------------------------------------------------------


def test_metadata() -> None:
    assert integration.id == "octoprint"
    assert integration.default_port == 5000
    assert [(f.name, f.kind.value) for f in integration.form() if f.group != "connection"] == [
        ("credentials.apiKey", "secret"),
    ]
    printer, job = integration.endpoints["printer"], integration.endpoints["job"]
    assert (printer.payload, printer.ttl, printer.min_refresh) == (OctoPrintStatus, 5.0, 2.0)
    assert (job.payload, job.ttl, job.min_refresh) == (OctoPrintJob, 5.0, 2.0)


# --- success ------------------------------------------------------------------------------------


async def test_connection_reports_version_and_user(
    make_client: Callable[..., OctoPrintClient],
) -> None:
    fake = FakeOctoPrint()
    info = await integration.test_connection(make_client(fake.upstream))

    version = body("version")
    assert info == ServiceInfo(
        version=version["server"],
        details={"apiVersion": version["api"], "user": body("currentuser")["name"]},
    )
    assert info.version == "1.11.8"
    assert fake.upstream.calls[CURRENT_USER] == 1  # the key is proven, not only the port
    for request in fake.upstream.requests:
        assert request.headers["x-api-key"] == KEY


async def test_printer_idle(make_client: Callable[..., OctoPrintClient]) -> None:
    status = await fetch(make_client, "printer")

    raw = body("printer")
    assert isinstance(status, OctoPrintStatus)
    assert status.state is OctoPrintState.OPERATIONAL
    assert status.state_text == raw["state"]["text"] == "Operational"
    assert status.connected
    assert status.operational == raw["state"]["flags"]["operational"] is True
    assert status.ready == raw["state"]["flags"]["ready"] is True
    assert (status.printing, status.paused, status.error) == (False, False, None)
    assert [t.name for t in status.tools] == ["tool0"]
    assert status.tools[0].actual == raw["temperature"]["tool0"]["actual"]
    assert status.tools[0].target == raw["temperature"]["tool0"]["target"] == 0
    assert status.bed is not None
    assert (status.bed.actual, status.bed.target) == (
        raw["temperature"]["bed"]["actual"],
        raw["temperature"]["bed"]["target"],
    )
    assert status.chamber is None


async def test_printer_printing_heats(make_client: Callable[..., OctoPrintClient]) -> None:
    status = await fetch(make_client, "printer", printer="printer_printing")

    raw = body("printer_printing")
    assert status.state is OctoPrintState.PRINTING
    assert status.printing and status.operational and not status.ready
    assert status.tools[0].target == raw["temperature"]["tool0"]["target"] == 210
    assert status.bed is not None
    assert status.bed.target == raw["temperature"]["bed"]["target"] == 60


async def test_printer_paused(make_client: Callable[..., OctoPrintClient]) -> None:
    status = await fetch(make_client, "printer", printer="printer_paused")
    assert status.state is OctoPrintState.PAUSED
    assert status.state_text == body("printer_paused")["state"]["text"] == "Paused"
    assert status.paused and not status.printing


async def test_printer_sorts_tools_and_reads_chamber(
    make_client: Callable[..., OctoPrintClient],
) -> None:
    raw = copy.deepcopy(body("printer"))
    reading = raw["temperature"]["tool0"]
    raw["temperature"] = {
        "tool10": {**reading, "actual": 10.0},
        "tool2": {**reading, "actual": 2.0},
        "chamber": {**reading, "actual": 30.0, "target": 35.0},
        "tool0": reading,
    }
    status = await fetch(make_client, "printer", printer=httpx.Response(200, json=raw))
    assert [t.name for t in status.tools] == ["tool0", "tool2", "tool10"]
    assert status.bed is None
    assert status.chamber is not None
    assert (status.chamber.actual, status.chamber.target) == (30.0, 35.0)


async def test_disconnected_printer_is_a_state(
    make_client: Callable[..., OctoPrintClient],
) -> None:
    assert fixture(ID, "printer_not_operational")["response"]["status"] == 409
    status = await fetch(
        make_client, "printer", printer="printer_not_operational", job="job_offline"
    )

    assert status.state is OctoPrintState.DISCONNECTED
    assert status.state_text == body("job_offline")["state"] == "Offline"
    assert not (status.connected or status.operational or status.printing or status.ready)
    assert (status.tools, status.bed, status.error) == ([], None, None)


async def test_printer_in_error_without_connection(
    make_client: Callable[..., OctoPrintClient],
) -> None:
    raw = copy.deepcopy(body("job_offline"))
    raw["state"] = "Offline after error"
    status = await fetch(
        make_client,
        "printer",
        printer="printer_not_operational",
        job=httpx.Response(200, json=raw),
    )
    assert status.state is OctoPrintState.ERROR
    assert status.error == "Offline after error"
    assert not status.connected


async def test_printer_error_flag(make_client: Callable[..., OctoPrintClient]) -> None:
    raw = copy.deepcopy(body("printer"))
    raw["state"].update(text="Error: Too many consecutive timeouts", error="Too many timeouts")
    raw["state"]["flags"].update(error=True, closedOrError=True, operational=False, ready=False)
    status = await fetch(make_client, "printer", printer=httpx.Response(200, json=raw))
    assert status.state is OctoPrintState.ERROR
    assert status.error == "Too many timeouts"


async def test_job_selected_not_started(make_client: Callable[..., OctoPrintClient]) -> None:
    job = await fetch(make_client, "job")

    raw = body("job")
    assert isinstance(job, OctoPrintJob)
    assert job.state is OctoPrintState.OPERATIONAL
    assert job.file_name == raw["job"]["file"]["name"] == "tilewire-record.gcode"
    assert job.file_path == raw["job"]["file"]["path"]
    assert job.file_origin == "local"
    assert job.file_size == raw["job"]["file"]["size"]
    assert job.estimated_print_time_seconds == round(raw["job"]["estimatedPrintTime"])
    assert job.progress_percent is None
    assert (job.print_time_seconds, job.print_time_left_seconds) == (None, None)


async def test_job_printing(make_client: Callable[..., OctoPrintClient]) -> None:
    job = await fetch(make_client, "job", job="job_printing")

    raw = body("job_printing")
    progress = raw["progress"]
    assert job.state is OctoPrintState.PRINTING
    assert job.state_text == raw["state"] == "Printing"
    assert job.file_name == raw["job"]["file"]["name"]
    assert job.progress_percent == progress["completion"]
    assert 0 < job.progress_percent < 100
    assert job.print_time_seconds == progress["printTime"] > 0
    assert job.print_time_left_seconds == progress["printTimeLeft"] > 0
    assert job.print_time_left_origin == progress["printTimeLeftOrigin"]
    assert job.user == raw["job"]["user"] == "admin"


async def test_job_paused(make_client: Callable[..., OctoPrintClient]) -> None:
    job = await fetch(make_client, "job", job="job_paused")
    assert job.state is OctoPrintState.PAUSED
    assert job.progress_percent == body("job_paused")["progress"]["completion"]


async def test_job_offline(make_client: Callable[..., OctoPrintClient]) -> None:
    job = await fetch(make_client, "job", job="job_offline")
    assert job.state is OctoPrintState.DISCONNECTED
    assert job.state_text == "Offline"
    assert (job.file_name, job.progress_percent, job.user) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Offline", OctoPrintState.DISCONNECTED),
        ("Closed", OctoPrintState.DISCONNECTED),
        ("Offline after error", OctoPrintState.ERROR),
        ("Error: Too many consecutive timeouts, printer still connected?", OctoPrintState.ERROR),
        ("Opening serial connection", OctoPrintState.CONNECTING),
        ("Detecting serial connection", OctoPrintState.CONNECTING),
        ("Connecting", OctoPrintState.CONNECTING),
        ("Operational", OctoPrintState.OPERATIONAL),
        ("Printing", OctoPrintState.PRINTING),
        ("Printing from SD", OctoPrintState.PRINTING),
        ("Starting print from SD", OctoPrintState.PRINTING),
        ("Sending file to SD", OctoPrintState.PRINTING),
        ("Resuming", OctoPrintState.PRINTING),
        ("Finishing", OctoPrintState.PRINTING),
        ("Pausing", OctoPrintState.PAUSING),
        ("Paused", OctoPrintState.PAUSED),
        ("Cancelling", OctoPrintState.CANCELLING),
        ("Unknown State (42)", OctoPrintState.UNKNOWN),
    ],
)
def test_state_texts(text: str, expected: OctoPrintState) -> None:
    assert state_of_text(text) is expected


# --- failures -----------------------------------------------------------------------------------


async def test_wrong_key_is_unauthorized(make_client: Callable[..., OctoPrintClient]) -> None:
    fake = FakeOctoPrint()
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, secret=WRONG_KEY))
    err = caught.value
    assert fixture(ID, "version_wrong_key")["response"]["status"] == 403  # never 401
    assert err.code is ErrorCode.UNAUTHORIZED
    assert (err.status, err.url) == (403, f"{BASE}/api/version")
    assert "did not accept the API key" in err.message
    assert fake.upstream.calls[CURRENT_USER] == 1  # the 403 was checked: a guest, not a user
    assert_no_secret(err, WRONG_KEY)


async def test_wrong_key_on_an_endpoint_is_unauthorized(
    make_client: Callable[..., OctoPrintClient],
) -> None:
    fake = FakeOctoPrint()
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream, secret=WRONG_KEY), "printer")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.url == f"{BASE}/api/printer"
    assert_no_secret(caught.value, WRONG_KEY)


async def test_guest_readable_version_still_needs_the_key(
    make_client: Callable[..., OctoPrintClient],
) -> None:
    # An OctoPrint whose guests may read the version: only /api/currentuser shows the refusal.
    fake = FakeOctoPrint(guest_routes=[VERSION])
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream, secret=WRONG_KEY))
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert caught.value.url == f"{BASE}/api/currentuser"
    assert_no_secret(caught.value, WRONG_KEY)


async def test_user_without_permission_is_forbidden(
    make_client: Callable[..., OctoPrintClient],
) -> None:
    fake = FakeOctoPrint({PRINTER: "printer_wrong_key"})  # the key works, /api/printer is refused
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "printer")
    err = caught.value
    assert err.code is ErrorCode.FORBIDDEN
    assert err.status == 403
    assert repr(body("currentuser")["name"]) in err.message
    assert_no_secret(err)


async def test_html_page_is_invalid_response(make_client: Callable[..., OctoPrintClient]) -> None:
    fake = FakeOctoPrint({VERSION: "not_that_service"})
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(fake.upstream))
    assert caught.value.code is ErrorCode.INVALID_RESPONSE
    assert caught.value.message.startswith("the response is not JSON")
    assert_no_secret(caught.value)


async def test_other_json_is_invalid_response(make_client: Callable[..., OctoPrintClient]) -> None:
    fake = FakeOctoPrint({VERSION: "job", PRINTER: "job"})  # JSON, but not these APIs' shape
    client = make_client(fake.upstream)
    for call in (integration.test_connection(client), integration.fetch_data(client, "printer")):
        with pytest.raises(IntegrationError) as caught:
            await call
        assert caught.value.code is ErrorCode.INVALID_RESPONSE
        assert caught.value.message.startswith("the response is not the JSON expected")


async def test_no_api_at_url_is_not_found(make_client: Callable[..., OctoPrintClient]) -> None:
    with pytest.raises(IntegrationError) as caught:
        await integration.test_connection(make_client(FakeUpstream(ID, {})))
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.url == f"{BASE}/api/version"


async def test_server_error_is_upstream_error(
    make_client: Callable[..., OctoPrintClient],
) -> None:
    fake = FakeOctoPrint({JOB: httpx.Response(500, text="Internal Server Error")})
    with pytest.raises(IntegrationError) as caught:
        await integration.fetch_data(make_client(fake.upstream), "job")
    assert caught.value.code is ErrorCode.UPSTREAM_ERROR
    assert caught.value.status == 500
    assert_no_secret(caught.value)


# --- actions -----------------------------------------------------------------------------------


JOB_COMMAND = ("POST", "/api/job")


async def run(client: OctoPrintClient, action_id: str) -> ActionResult:
    spec = integration.actions[action_id]
    return await integration.run_action(client, action_id, spec.input.model_validate({}))


def sent(fake: FakeOctoPrint) -> list[Any]:
    return [
        json.loads(r.content)
        for r in fake.upstream.requests
        if (r.method, r.url.path) == JOB_COMMAND
    ]


def test_actions_declared() -> None:
    actions = integration.actions
    assert list(actions) == ["pauseJob", "resumeJob", "cancelJob"]
    assert [a.destructive for a in actions.values()] == [False, False, True]
    assert all(a.affects == ("printer", "job") for a in actions.values())
    assert all(a.form() == [] for a in actions.values())


@pytest.mark.parametrize(
    ("action_id", "name", "message"),
    [
        ("pauseJob", "job_pause", "Paused the print"),
        ("resumeJob", "job_resume", "Resumed the print"),
        ("cancelJob", "job_cancel", "Cancelled the print"),
    ],
)
async def test_job_command_is_the_documented_body(
    make_client: Callable[..., OctoPrintClient], action_id: str, name: str, message: str
) -> None:
    fake = FakeOctoPrint({JOB_COMMAND: name})
    result = await run(make_client(fake.upstream), action_id)
    assert result == ActionResult(message=message)
    assert sent(fake) == [fixture(ID, name)["request"]["body"]]
    assert fake.upstream.requests[-1].headers["x-api-key"] == KEY


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("job_pause_not_operational", "Printer is not operational"),
        ("job_pause_not_printing", "Printer is neither printing nor paused"),
    ],
)
async def test_printer_state_refusal_is_upstream_error_in_octoprints_words(
    make_client: Callable[..., OctoPrintClient], name: str, words: str
) -> None:
    fake = FakeOctoPrint({JOB_COMMAND: name})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream), "pauseJob")
    err = caught.value
    assert err.code is ErrorCode.UPSTREAM_ERROR
    assert err.status == 409
    assert err.message == f"OctoPrint refused (HTTP 409): {body(name)['error']}"
    assert words in err.message
    assert len(sent(fake)) == 1  # sent once, never retried
    assert_no_secret(err)


async def test_409_without_octoprints_body_is_mapped_by_status(
    make_client: Callable[..., OctoPrintClient],
) -> None:
    fake = FakeOctoPrint({JOB_COMMAND: httpx.Response(409, text="<html>Conflict</html>")})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream), "cancelJob")
    assert caught.value.code is ErrorCode.UNEXPECTED_STATUS
    assert caught.value.status == 409
    assert "OctoPrint refused" not in caught.value.message


async def test_refused_key_is_unauthorized(make_client: Callable[..., OctoPrintClient]) -> None:
    fake = FakeOctoPrint({JOB_COMMAND: "job_pause"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream, secret=WRONG_KEY), "pauseJob")
    assert caught.value.code is ErrorCode.UNAUTHORIZED
    assert_no_secret(caught.value, WRONG_KEY)


async def test_user_without_control_permission_is_forbidden(
    make_client: Callable[..., OctoPrintClient],
) -> None:
    # The key is a user's (currentuser names them) but the job command is refused.
    fake = FakeOctoPrint({JOB_COMMAND: "printer_wrong_key"})
    with pytest.raises(IntegrationError) as caught:
        await run(make_client(fake.upstream), "resumeJob")
    err = caught.value
    assert err.code is ErrorCode.FORBIDDEN
    assert "Control" in err.message
    assert len(sent(fake)) == 1
    assert_no_secret(err)
