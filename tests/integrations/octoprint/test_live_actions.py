"""OctoPrint's print job actions through Tilewire's GraphQL API against the real OctoPrint
1.11.8 and its virtual printer: a real print is started, paused, resumed and cancelled, each
step checked in OctoPrint's own ``/api/job``; the refusals OctoPrint gives with nothing printing
and with no printer connected come back as clear failures. The printer is left connected and
idle."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.integrations.octoprint.test_live import GCODE, config, job_state, wait_for
from tests.integrations.octoprint.test_live import raw as raw
from tests.live.actions import create_app, run_action, succeed
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = pytest.mark.live

PRINT_FILE = "tilewire-live-actions.gcode"
ALL_ACTIONS = ["pauseJob", "resumeJob", "cancelJob"]


async def state_is(raw: httpx.AsyncClient, *states: str) -> bool:
    return await job_state(raw) in states


@pytest.fixture
async def printing(raw: httpx.AsyncClient) -> AsyncIterator[None]:
    """A print in progress for the test; afterwards no print runs and the file is gone."""
    await raw.delete(f"/api/files/local/{PRINT_FILE}")
    upload = {"file": (PRINT_FILE, GCODE.encode())}
    (await raw.post("/api/files/local", files=upload, data={"print": "true"})).raise_for_status()
    try:
        await wait_for("Printing", lambda: state_is(raw, "Printing"))
        yield
    finally:
        if not await state_is(raw, "Operational"):
            await raw.post("/api/job", json={"command": "cancel"})
        await wait_for("Operational after the test", lambda: state_is(raw, "Operational"))
        (await raw.delete(f"/api/files/local/{PRINT_FILE}")).raise_for_status()


@pytest.mark.usefixtures("printing")
async def test_pause_resume_and_cancel_a_print(
    api: Api, svc: ServiceInfo, raw: httpx.AsyncClient
) -> None:
    app = await create_app(api, "octoprint", config(svc), allowed_actions=ALL_ACTIONS)

    paused = await run_action(api, app, "pauseJob")
    assert paused["__typename"] == "ActionSuccess", paused
    assert paused["message"] == "Paused the print"
    await wait_for("Paused", lambda: state_is(raw, "Paused"))

    data = await succeed(api, app, "resumeJob")
    assert data["job"]["fileName"] == PRINT_FILE
    await wait_for("Printing after resume", lambda: state_is(raw, "Printing"))

    unconfirmed = await run_action(api, app, "cancelJob")  # destructive: needs confirm
    assert unconfirmed["__typename"] == "ValidationErrors", unconfirmed
    assert [e["code"] for e in unconfirmed["errors"]] == ["CONFIRMATION_REQUIRED"]
    assert await state_is(raw, "Printing")

    cancelled = await run_action(api, app, "cancelJob", confirm=True)
    assert cancelled["__typename"] == "ActionSuccess", cancelled
    assert cancelled["message"] == "Cancelled the print"
    await wait_for("Operational after cancel", lambda: state_is(raw, "Operational"))


async def test_pause_with_nothing_printing_is_refused_in_octoprints_words(
    api: Api, svc: ServiceInfo, raw: httpx.AsyncClient
) -> None:
    assert await job_state(raw) == "Operational"
    app = await create_app(api, "octoprint", config(svc))
    result = await run_action(api, app, "pauseJob")
    assert result["__typename"] == "ActionFailure", result
    error = result["error"]
    assert (error["code"], error["status"]) == ("UPSTREAM_ERROR", 409)
    assert "Printer is neither printing nor paused" in error["message"]
    assert svc.password is not None and svc.password not in str(result)
    assert await job_state(raw) == "Operational"


async def test_pause_with_no_printer_connected_is_refused_in_octoprints_words(
    api: Api, svc: ServiceInfo, raw: httpx.AsyncClient
) -> None:
    app = await create_app(api, "octoprint", config(svc))
    (await raw.post("/api/connection", json={"command": "disconnect"})).raise_for_status()
    try:
        await wait_for("Offline", lambda: state_is(raw, "Offline"))
        result = await run_action(api, app, "resumeJob")
        assert result["__typename"] == "ActionFailure", result
        error = result["error"]
        assert (error["code"], error["status"]) == ("UPSTREAM_ERROR", 409)
        assert "Printer is not operational" in error["message"]
    finally:
        connect = {"command": "connect", "port": "VIRTUAL", "baudrate": 115200}
        (await raw.post("/api/connection", json=connect)).raise_for_status()

        async def ready() -> bool:
            printer = await raw.get("/api/printer")
            return (
                await state_is(raw, "Operational")
                and printer.status_code == 200
                and "bed" in (printer.json().get("temperature") or {})
            )

        await wait_for("Operational, with temperatures, after connect", ready)
