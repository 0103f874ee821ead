"""The parts of OPNsense's answers Tilewire reads (26.7.2, Diagnostics/Api/SystemController.php:
system_information, system_time, system_resources, system_disk)."""

from __future__ import annotations

from typing import Any

from integrations.base import UpstreamModel


class Information(UpstreamModel):
    name: str = ""
    versions: list[str] = []


class Time(UpstreamModel):
    uptime: str = ""
    """``%d day(s), HH:MM:SS`` or ``HH:MM:SS`` (the word translated)."""
    loadavg: str = ""
    """``0.52, 0.61, 0.58``, or ``N/A``."""


class Memory(UpstreamModel):
    total: int | str | None = None
    used: int | float | str | None = None
    """A number, or "N/A" (translated) when unknown."""


class Resources(UpstreamModel):
    memory: Memory = Memory()


class Device(UpstreamModel):
    device: str = ""
    type: str = ""
    blocks: int | str = 0
    """The size as ``df -ahT`` prints it (``25G``)."""
    used: int | str = 0
    available: int | str = 0
    mountpoint: str = ""


class Disks(UpstreamModel):
    devices: list[Device] = []


UNITS = "BKMGTPE"


def human_bytes(value: Any) -> int | None:
    """``df -h``'s sizes (``25G``, ``1.5M``, ``512B``; powers of 1024) as bytes, or None."""
    text = str(value).strip().upper()
    unit = text[-1:] if text[-1:] in UNITS else "B"
    number = text[:-1] if text[-1:] in UNITS else text
    try:
        return int(float(number) * 1024 ** UNITS.index(unit))
    except ValueError:
        return None


def as_int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None
