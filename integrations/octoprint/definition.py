"""OctoPrint: the printer's state and temperatures, and the current print job."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.actions import ActionResult, NoInput, action
from integrations.capabilities import Payload
from integrations.config import ApiKey
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.octoprint.client import OctoPrintClient
    from integrations.octoprint.models import StateFlags, TemperatureReading

NOT_OPERATIONAL = 409
"""What ``/api/printer`` answers while no printer is connected."""
JOB_PATH = "api/job"
AFFECTS = ("printer", "job")
TOOL_RE = re.compile(r"^tool(\d+)$")


class OctoPrintState(StrEnum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    OPERATIONAL = "operational"
    PRINTING = "printing"
    PAUSING = "pausing"
    PAUSED = "paused"
    CANCELLING = "cancelling"
    ERROR = "error"
    UNKNOWN = "unknown"


class OctoPrintTemperature(Payload):
    name: str = Field(description="tool0, tool1, ..., bed or chamber")
    actual: float | None = Field(None, description="degrees Celsius")
    target: float | None = Field(None, description="degrees Celsius; 0 when heating is off")


class OctoPrintStatus(Payload):
    """The printer's state and temperatures. A printer OctoPrint is not connected to is a
    state (``disconnected``), not an error."""

    state: OctoPrintState
    state_text: str = Field(
        description="OctoPrint's own words, e.g. Operational, Printing, Offline"
    )
    connected: bool
    operational: bool
    printing: bool
    paused: bool
    ready: bool = Field(description="Connected and idle: a print can start")
    error: str | None = Field(None, description="The printer's error message, if any")
    tools: list[OctoPrintTemperature] = []
    bed: OctoPrintTemperature | None = None
    chamber: OctoPrintTemperature | None = None


class OctoPrintJob(Payload):
    """The selected file and the progress of printing it."""

    state: OctoPrintState
    state_text: str
    file_name: str | None = None
    file_path: str | None = None
    file_origin: str | None = Field(None, description="local or sdcard")
    file_size: int | None = Field(None, description="bytes")
    progress_percent: float | None = Field(None, description="0-100, None when not printing")
    print_time_seconds: int | None = None
    print_time_left_seconds: int | None = Field(
        None, description="None while OctoPrint has no estimate"
    )
    print_time_left_origin: str | None = Field(
        None, description="How OctoPrint estimated the time left: estimate, linear, analysis, ..."
    )
    estimated_print_time_seconds: int | None = Field(
        None, description="From OctoPrint's analysis of the file"
    )
    user: str | None = Field(None, description="Who started the print")


# OctoPrint's state strings (comm.py getStateString), by prefix; the first match wins.
STATE_TEXTS: tuple[tuple[str, OctoPrintState], ...] = (
    ("Offline after error", OctoPrintState.ERROR),
    ("Error", OctoPrintState.ERROR),
    ("Offline", OctoPrintState.DISCONNECTED),
    ("Closed", OctoPrintState.DISCONNECTED),
    ("Opening serial", OctoPrintState.CONNECTING),
    ("Detecting", OctoPrintState.CONNECTING),
    ("Connecting", OctoPrintState.CONNECTING),
    ("Operational", OctoPrintState.OPERATIONAL),
    ("Pausing", OctoPrintState.PAUSING),
    ("Paused", OctoPrintState.PAUSED),
    ("Cancelling", OctoPrintState.CANCELLING),
    ("Printing", OctoPrintState.PRINTING),
    ("Starting", OctoPrintState.PRINTING),
    ("Resuming", OctoPrintState.PRINTING),
    ("Finishing", OctoPrintState.PRINTING),
    ("Sending file", OctoPrintState.PRINTING),
    ("Transferring file", OctoPrintState.PRINTING),
)


def state_of_text(text: str) -> OctoPrintState:
    """The state OctoPrint's state text names (``/api/job`` has only the text)."""
    for prefix, state in STATE_TEXTS:
        if text.startswith(prefix):
            return state
    return OctoPrintState.UNKNOWN


def state_of(text: str, flags: StateFlags) -> OctoPrintState:
    """The state of a connected printer: its flags first, the text for the rest."""
    if flags.error:
        return OctoPrintState.ERROR
    if flags.cancelling:
        return OctoPrintState.CANCELLING
    if flags.pausing:
        return OctoPrintState.PAUSING
    if flags.paused:
        return OctoPrintState.PAUSED
    if flags.printing or flags.resuming or flags.finishing:
        return OctoPrintState.PRINTING
    if flags.operational:
        return OctoPrintState.OPERATIONAL
    return state_of_text(text)


def _temperature(name: str, reading: TemperatureReading) -> OctoPrintTemperature:
    return OctoPrintTemperature(name=name, actual=reading.actual, target=reading.target)


def _tool_number(name: str) -> int:
    match = TOOL_RE.match(name)
    return int(match.group(1)) if match else 0


def _seconds(value: float | None) -> int | None:
    return None if value is None or value < 0 else round(value)


class OctoPrint(Integration["OctoPrintClient"]):
    """An OctoPrint server and the 3D printer it drives."""

    id = "octoprint"
    name = "OctoPrint"
    icon = "octoprint"
    categories = ("3d-printing",)
    docs_url = "https://docs.octoprint.org/en/master/api/index.html"
    verification = "Verified against a running OctoPrint 1.11.8 (virtual printer)"
    default_port = 5000
    credentials = (ApiKey,)
    client_class = "integrations.octoprint.client:OctoPrintClient"

    async def test_connection(self, client: OctoPrintClient) -> ServiceInfo:
        from integrations.octoprint.models import VersionInfo

        version = await client.get_json("api/version", VersionInfo)
        # Guests may be allowed to read the version: only a user behind the key proves the key.
        user = await client.current_user()
        details = {"apiVersion": version.api, "user": user}
        return ServiceInfo.of(version.server, details)

    @endpoint(
        "printer",
        name="Printer",
        description="The printer's state (disconnected, operational, printing, paused, error, "
        "...) and its tool, bed and chamber temperatures.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def printer(self, client: OctoPrintClient) -> OctoPrintStatus:
        from integrations.octoprint.models import JobInfo, PrinterInfo

        response = await client.request("GET", "api/printer", expect=(200, NOT_OPERATIONAL))
        if response.status_code == NOT_OPERATIONAL:
            # No printer connected: /api/job still says why (Offline, Error: ..., Connecting).
            job = await client.get_json("api/job", JobInfo)
            state = state_of_text(job.state)
            return OctoPrintStatus(
                state=state,
                state_text=job.state,
                connected=False,
                operational=False,
                printing=False,
                paused=False,
                ready=False,
                error=job.state if state is OctoPrintState.ERROR else None,
            )
        info = client.parse(response, PrinterInfo)
        flags = info.state.flags
        temperatures = info.temperature
        tools = sorted((name for name in temperatures if TOOL_RE.match(name)), key=_tool_number)
        return OctoPrintStatus(
            state=state_of(info.state.text, flags),
            state_text=info.state.text,
            connected=True,
            operational=flags.operational,
            printing=flags.printing,
            paused=flags.paused,
            ready=flags.ready,
            error=info.state.error or None,
            tools=[_temperature(name, temperatures[name]) for name in tools],
            bed=_temperature("bed", temperatures["bed"]) if "bed" in temperatures else None,
            chamber=(
                _temperature("chamber", temperatures["chamber"])
                if "chamber" in temperatures
                else None
            ),
        )

    @endpoint(
        "job",
        name="Print job",
        description="The selected file, the progress of printing it, the time spent and the "
        "time left.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def job(self, client: OctoPrintClient) -> OctoPrintJob:
        from integrations.octoprint.models import JobInfo

        info = await client.get_json("api/job", JobInfo)
        file, progress = info.job.file, info.progress
        return OctoPrintJob(
            state=state_of_text(info.state),
            state_text=info.state,
            file_name=file.name,
            file_path=file.path,
            file_origin=file.origin,
            file_size=file.size,
            progress_percent=progress.completion,
            print_time_seconds=_seconds(progress.print_time),
            print_time_left_seconds=_seconds(progress.print_time_left),
            print_time_left_origin=progress.print_time_left_origin,
            estimated_print_time_seconds=_seconds(info.job.estimated_print_time),
            user=info.job.user,
        )

    async def _job_command(self, client: OctoPrintClient, body: dict[str, str]) -> None:
        """``POST api/job``: 204 when done; a 409 (not operational, nothing printing) is
        OctoPrint's refusal, worded by the client."""
        await client.request("POST", JOB_PATH, json=body, expect=(204,))

    @action(
        "pauseJob",
        label="Pause print",
        description="Pauses the print in progress (a paused print stays paused).",
        affects=AFFECTS,
    )
    async def pause_job(self, client: OctoPrintClient, input: NoInput) -> ActionResult:
        await self._job_command(client, {"command": "pause", "action": "pause"})
        return ActionResult(message="Paused the print")

    @action(
        "resumeJob",
        label="Resume print",
        description="Resumes the paused print (a print in progress goes on).",
        affects=AFFECTS,
    )
    async def resume_job(self, client: OctoPrintClient, input: NoInput) -> ActionResult:
        await self._job_command(client, {"command": "pause", "action": "resume"})
        return ActionResult(message="Resumed the print")

    @action(
        "cancelJob",
        label="Cancel print",
        description="Cancels the print in progress or paused; it cannot be resumed afterwards.",
        affects=AFFECTS,
        destructive=True,
    )
    async def cancel_job(self, client: OctoPrintClient, input: NoInput) -> ActionResult:
        await self._job_command(client, {"command": "cancel"})
        return ActionResult(message="Cancelled the print")
