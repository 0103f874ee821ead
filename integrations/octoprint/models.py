"""The parts of OctoPrint's REST API responses Tilewire reads, and its payloads."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

# --- upstream --------------------------------------------------------------------------------


class VersionInfo(UpstreamModel):
    """``GET /api/version``."""

    server: str
    api: str = ""


class CurrentUser(UpstreamModel):
    """``GET /api/currentuser``: who the request is authenticated as (``name`` null: a guest)."""

    name: str | None
    groups: list[str] = []


class StateFlags(UpstreamModel):
    operational: bool = False
    printing: bool = False
    paused: bool = False
    pausing: bool = False
    cancelling: bool = False
    resuming: bool = False
    finishing: bool = False
    ready: bool = False
    error: bool = False
    closed_or_error: bool = Field(False, alias="closedOrError")


class PrinterState(UpstreamModel):
    text: str
    flags: StateFlags
    error: str = ""


class TemperatureReading(UpstreamModel):
    actual: float | None = None
    target: float | None = None


class PrinterInfo(UpstreamModel):
    """``GET /api/printer`` (409 while no printer is connected)."""

    state: PrinterState
    temperature: dict[str, TemperatureReading] = {}


class JobFile(UpstreamModel):
    name: str | None = None
    path: str | None = None
    origin: str | None = None
    size: int | None = None


class JobDetails(UpstreamModel):
    file: JobFile = JobFile()
    estimated_print_time: float | None = Field(None, alias="estimatedPrintTime")
    user: str | None = None


class JobProgress(UpstreamModel):
    completion: float | None = None
    """Percent of the file sent to the printer, 0-100."""
    print_time: float | None = Field(None, alias="printTime")
    print_time_left: float | None = Field(None, alias="printTimeLeft")
    print_time_left_origin: str | None = Field(None, alias="printTimeLeftOrigin")


class JobInfo(UpstreamModel):
    """``GET /api/job``: the selected file and the progress of printing it."""

    job: JobDetails
    progress: JobProgress
    state: str


# --- payloads --------------------------------------------------------------------------------


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
