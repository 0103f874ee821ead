"""Scrutiny: the hard drives' health by SMART and by Scrutiny's failure thresholds, their
temperature and power-on hours, failing drives first."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import NoCredentials, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.scrutiny.client import ScrutinyClient
    from integrations.scrutiny.models import DeviceSummary, Summary

SUMMARY_PATH = "api/summary"
FAILED_SMART = 1
FAILED_SCRUTINY = 2
MAX_DRIVES = 64


class ScrutinyDriveStatus(StrEnum):
    FAILED = "failed"
    NO_DATA = "no_data"
    PASSED = "passed"


class ScrutinyDrive(Payload):
    name: str = Field(description="the label set in Scrutiny, else the device name (sda)")
    device: str = Field(description="the device name, e.g. sda")
    model: str | None = None
    serial: str | None = None
    host: str | None = Field(None, description="the collector's host id")
    capacity_bytes: int
    status: ScrutinyDriveStatus = Field(
        description="failed (by SMART or Scrutiny's thresholds), passed, or no_data before the "
        "first SMART report"
    )
    failed_smart: bool = Field(description="the drive's own SMART check failed")
    failed_scrutiny: bool = Field(description="Scrutiny's failure-rate thresholds were crossed")
    temperature_c: int | None = Field(None, description="degrees Celsius at the last report")
    power_on_hours: int | None = None
    last_report: datetime | None = Field(None, description="when the collector last reported")


class ScrutinyDrives(Payload):
    """Drives by health, failing first (archived drives left out)."""

    passed: int
    failed: int
    no_data: int = Field(description="drives without a SMART report yet")
    total: int
    hottest_c: int | None = Field(None, description="the highest temperature reported")
    drives: list[ScrutinyDrive] = Field(description="failed first, then by name (at most 64)")


def _drive(summary: DeviceSummary) -> ScrutinyDrive:
    device, smart = summary.device, summary.smart
    failed_smart = bool(device.device_status & FAILED_SMART)
    failed_scrutiny = bool(device.device_status & FAILED_SCRUTINY)
    if failed_smart or failed_scrutiny:
        status = ScrutinyDriveStatus.FAILED
    elif smart is None:
        status = ScrutinyDriveStatus.NO_DATA
    else:
        status = ScrutinyDriveStatus.PASSED
    return ScrutinyDrive(
        name=device.label or device.device_label or device.device_name or device.wwn,
        device=device.device_name,
        model=device.model_name or None,
        serial=device.serial_number or None,
        host=device.host_id or None,
        capacity_bytes=device.capacity,
        status=status,
        failed_smart=failed_smart,
        failed_scrutiny=failed_scrutiny,
        temperature_c=smart.temp if smart is not None else None,
        power_on_hours=smart.power_on_hours if smart is not None else None,
        last_report=smart.collector_date if smart is not None else None,
    )


def drives_of(summary: Summary) -> ScrutinyDrives:
    drives = sorted(
        (_drive(s) for s in summary.data.summary.values() if not s.device.archived),
        key=lambda d: (d.status is not ScrutinyDriveStatus.FAILED, d.name.casefold()),
    )
    temperatures = [d.temperature_c for d in drives if d.temperature_c is not None]
    return ScrutinyDrives(
        passed=sum(d.status is ScrutinyDriveStatus.PASSED for d in drives),
        failed=sum(d.status is ScrutinyDriveStatus.FAILED for d in drives),
        no_data=sum(d.status is ScrutinyDriveStatus.NO_DATA for d in drives),
        total=len(drives),
        hottest_c=max(temperatures, default=None),
        drives=drives[:MAX_DRIVES],
    )


class Scrutiny(Integration["ScrutinyClient"]):
    id = "scrutiny"
    name = "Scrutiny"
    icon = "scrutiny"
    categories = ("storage", "monitoring")
    docs_url = "https://github.com/AnalogJ/scrutiny"
    verification = "Built from the Scrutiny web API sources, version 0.9.3"
    default_port = 8080
    credentials = (NoCredentials, UsernamePassword)
    client_class = "integrations.scrutiny.client:ScrutinyClient"

    async def _summary(self, client: ScrutinyClient) -> Summary:
        from integrations.scrutiny.models import Summary

        response = await client.request("GET", SUMMARY_PATH)
        summary = client.parse(response, Summary)
        if not summary.success:
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                "Scrutiny could not read its drives (is its InfluxDB up?)",
                status=response.status_code,
                url=response.url,
            )
        return summary

    async def test_connection(self, client: ScrutinyClient) -> ServiceInfo:
        drives = drives_of(await self._summary(client))
        failed = str(drives.failed) if drives.failed else None
        return ServiceInfo.of(None, {"drives": str(drives.total), "failed": failed})

    @endpoint(
        "drives",
        name="Drives",
        description="Drives passed, failed (by SMART or Scrutiny's thresholds) and without data, "
        "with temperature and power-on hours, failing first.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def drives(self, client: ScrutinyClient) -> ScrutinyDrives:
        return drives_of(await self._summary(client))
