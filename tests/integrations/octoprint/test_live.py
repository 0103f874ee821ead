"""OctoPrint integration against the real OctoPrint 1.11.8 (virtual printer) on loopback."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from integrations.errors import ErrorCode, IntegrationError
from integrations.octoprint import integration
from integrations.octoprint.client import OctoPrintClient
from integrations.octoprint.definition import (
    OctoPrintJob,
    OctoPrintState,
    OctoPrintStatus,
    state_of_text,
)
from tests.live.graphql import check_through_graphql
from tests.live.services import ServiceInfo
from tests.support.api import Api

pytestmark = pytest.mark.live

WRONG_KEY = "wrong-api-key"
TEMPERATURE_SLACK = 5.0  # degrees: the virtual printer's temperatures drift between two reads
WAIT_S = 20.0
PRINT_FILE = "tilewire-live-test.gcode"
# About a minute of dwells on the virtual printer: long enough to pause it mid-print.
GCODE = "G28\nM104 S200\n" + "".join(f"G1 X{i} Y{i} F600\nG4 P1000\n" for i in range(1, 61))


def config(svc: ServiceInfo, key: str | None = None) -> dict[str, Any]:
    return {"url": svc.url, "credentials": {"type": "apiKey", "apiKey": key or svc.password}}


@pytest.fixture
async def client(svc: ServiceInfo) -> AsyncIterator[OctoPrintClient]:
    client = integration.create_client(integration.config_model.model_validate(config(svc)))
    yield client
    await client.aclose()


@pytest.fixture
async def raw(svc: ServiceInfo) -> AsyncIterator[httpx.AsyncClient]:
    """OctoPrint's own answers, fetched without Tilewire."""
    assert svc.password is not None
    async with httpx.AsyncClient(
        base_url=svc.url, headers={"X-Api-Key": svc.password}, trust_env=False, timeout=10
    ) as http:
        yield http


async def raw_json(raw: httpx.AsyncClient, path: str) -> Any:
    return (await raw.get(path)).raise_for_status().json()


async def wait_for(what: str, check: Callable[[], Awaitable[bool]]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not await check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"OctoPrint: {what} not reached after {WAIT_S:.0f} s")
        await asyncio.sleep(0.3)


async def job_state(raw: httpx.AsyncClient) -> str:
    return str((await raw_json(raw, "/api/job"))["state"])


async def test_through_graphql(api: Api, svc: ServiceInfo) -> None:
    assert svc.password is not None
    payloads = await check_through_graphql(
        api,
        "octoprint",
        config(svc),
        version=svc.version,
        wrong_credentials=config(svc, WRONG_KEY),
        secrets=(svc.password, WRONG_KEY),
    )
    assert payloads["printer"]["state"] == OctoPrintState.OPERATIONAL.value
    assert payloads["printer"]["connected"] is True
    assert payloads["job"]["stateText"] == "Operational"


async def test_connection_reports_service_version(
    svc: ServiceInfo, client: OctoPrintClient, raw: httpx.AsyncClient
) -> None:
    info = await integration.test_connection(client)
    version = await raw_json(raw, "/api/version")
    user = await raw_json(raw, "/api/currentuser")
    assert info.version == svc.version == version["server"] == "1.11.8"
    assert info.details == {"apiVersion": version["api"], "user": user["name"]}


async def test_wrong_key_is_unauthorized(svc: ServiceInfo) -> None:
    client = integration.create_client(
        integration.config_model.model_validate(config(svc, WRONG_KEY))
    )
    try:
        for call in (integration.test_connection(client), integration.fetch_data(client, "job")):
            with pytest.raises(IntegrationError) as caught:
                await call
            assert caught.value.code is ErrorCode.UNAUTHORIZED
            assert caught.value.status == 403  # OctoPrint answers a wrong key with 403
            assert WRONG_KEY not in str(caught.value) + repr(caught.value)
    finally:
        await client.aclose()


async def test_printer_matches_service(client: OctoPrintClient, raw: httpx.AsyncClient) -> None:
    status = await integration.fetch_data(client, "printer")
    printer = await raw_json(raw, "/api/printer")

    assert isinstance(status, OctoPrintStatus)
    flags = printer["state"]["flags"]
    assert status.state_text == printer["state"]["text"] == "Operational"
    assert status.state is OctoPrintState.OPERATIONAL
    assert status.connected
    assert (status.operational, status.printing, status.paused, status.ready) == (
        flags["operational"],
        flags["printing"],
        flags["paused"],
        flags["ready"],
    )
    temperatures = printer["temperature"]
    assert [t.name for t in status.tools] == sorted(n for n in temperatures if n.startswith("tool"))
    readings = [*status.tools, status.bed] if status.bed else status.tools
    assert status.bed is not None and "bed" in temperatures
    for reading in readings:
        assert reading.target == temperatures[reading.name]["target"]
        assert reading.actual is not None
        assert abs(reading.actual - temperatures[reading.name]["actual"]) < TEMPERATURE_SLACK


async def test_job_matches_service(client: OctoPrintClient, raw: httpx.AsyncClient) -> None:
    job = await integration.fetch_data(client, "job")
    info = await raw_json(raw, "/api/job")

    assert isinstance(job, OctoPrintJob)
    assert job.state_text == info["state"]
    assert job.state is state_of_text(info["state"])
    assert job.file_name == info["job"]["file"]["name"]
    assert job.progress_percent == info["progress"]["completion"]


async def test_paused_print_matches_service(
    client: OctoPrintClient, raw: httpx.AsyncClient
) -> None:
    await raw.delete(f"/api/files/local/{PRINT_FILE}")
    upload = {"file": (PRINT_FILE, GCODE.encode())}
    (await raw.post("/api/files/local", files=upload, data={"print": "true"})).raise_for_status()
    try:

        async def printed_a_while() -> bool:
            return ((await raw_json(raw, "/api/job"))["progress"]["printTime"] or 0) >= 2

        await wait_for("two seconds of printing", printed_a_while)
        printing = await integration.fetch_data(client, "printer")
        assert printing.state in (OctoPrintState.PRINTING, OctoPrintState.PAUSING)
        assert printing.tools[0].target == 200

        pause = {"command": "pause", "action": "pause"}
        (await raw.post("/api/job", json=pause)).raise_for_status()

        async def paused() -> bool:
            return await job_state(raw) == "Paused"

        await wait_for("Paused", paused)
        job = await integration.fetch_data(client, "job")
        info = await raw_json(raw, "/api/job")
        progress = info["progress"]
        assert job.state is OctoPrintState.PAUSED
        assert job.file_name == info["job"]["file"]["name"] == PRINT_FILE
        assert job.file_size == info["job"]["file"]["size"] == len(GCODE)
        assert job.progress_percent == progress["completion"]
        assert job.progress_percent is not None and 0 < job.progress_percent < 100
        assert job.print_time_seconds == progress["printTime"]
        assert job.print_time_left_seconds == progress["printTimeLeft"]
        assert job.user == info["job"]["user"] == "admin"
        status = await integration.fetch_data(client, "printer")
        assert (status.state, status.paused, status.printing) == (
            OctoPrintState.PAUSED,
            True,
            False,
        )
    finally:
        await raw.post("/api/job", json={"command": "cancel"})

        async def operational() -> bool:
            return await job_state(raw) == "Operational"

        await wait_for("Operational after cancel", operational)
        (await raw.delete(f"/api/files/local/{PRINT_FILE}")).raise_for_status()


async def test_disconnected_printer_is_a_state(
    client: OctoPrintClient, raw: httpx.AsyncClient
) -> None:
    (await raw.post("/api/connection", json={"command": "disconnect"})).raise_for_status()
    try:

        async def offline() -> bool:
            return (await raw.get("/api/printer")).status_code == 409

        await wait_for("409 from /api/printer", offline)
        status = await integration.fetch_data(client, "printer")
        job = await integration.fetch_data(client, "job")
        state = await job_state(raw)
        assert status.state is OctoPrintState.DISCONNECTED
        assert status.state_text == job.state_text == state == "Offline"
        assert not status.connected and status.tools == [] and status.bed is None
        assert job.state is OctoPrintState.DISCONNECTED
    finally:
        connect = {"command": "connect", "port": "VIRTUAL", "baudrate": 115200}
        (await raw.post("/api/connection", json=connect)).raise_for_status()

        async def operational() -> bool:
            printer = await raw.get("/api/printer")
            return (
                await job_state(raw) == "Operational"
                and printer.status_code == 200
                and ("bed" in (printer.json().get("temperature") or {}))
            )

        await wait_for("Operational, with temperatures, after connect", operational)
