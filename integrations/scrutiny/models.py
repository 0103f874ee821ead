"""The parts of Scrutiny's ``GET /api/summary`` Tilewire reads (Scrutiny v0.9.3,
webapp/backend/pkg/models/device.go and device_summary.go)."""

from __future__ import annotations

from datetime import datetime

from integrations.base import UpstreamModel


class Device(UpstreamModel):
    wwn: str = ""
    device_name: str = ""
    device_label: str = ""
    model_name: str = ""
    serial_number: str = ""
    capacity: int = 0
    device_protocol: str = ""
    label: str = ""
    host_id: str = ""
    device_status: int = 0
    """Bit flags: 1 failed by SMART, 2 failed by Scrutiny's thresholds."""
    archived: bool = False


class SmartSummary(UpstreamModel):
    collector_date: datetime | None = None
    temp: int | None = None
    power_on_hours: int | None = None


class DeviceSummary(UpstreamModel):
    device: Device
    smart: SmartSummary | None = None


class SummaryData(UpstreamModel):
    summary: dict[str, DeviceSummary]


class Summary(UpstreamModel):
    success: bool
    data: SummaryData
