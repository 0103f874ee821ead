"""The parts of OctoPrint's REST API responses Tilewire reads."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel

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


class ApiError(UpstreamModel):
    """OctoPrint's JSON error body (``abort(409, description=...)``): ``{"error": "..."}``."""

    error: str | None = None
