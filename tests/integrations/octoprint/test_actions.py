"""OctoPrint's print job actions against fixtures recorded from OctoPrint 1.11.8 (virtual
printer)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from integrations.actions import ActionResult
from integrations.errors import ErrorCode, IntegrationError
from integrations.octoprint import integration
from integrations.octoprint.client import OctoPrintClient
from tests.integrations.octoprint.test_octoprint import (
    ID,
    KEY,
    WRONG_KEY,
    FakeOctoPrint,
    assert_no_secret,
    body,
)
from tests.integrations.octoprint.test_octoprint import config as config
from tests.integrations.upstream import fixture

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
