"""The parts of OpenMediaVault's RPC answers Tilewire reads (version 7: System.getInformation,
Session.login; numbers above 4 GiB come as strings)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from integrations.base import UpstreamModel


class RpcError(UpstreamModel):
    code: int = 0
    message: str = ""


class Envelope(UpstreamModel):
    """Every answer: ``response``, or ``error`` with a code and message."""

    response: Any = None
    error: RpcError | None = None


class Information(UpstreamModel):
    """``System.getInformation`` as an administrator sees it."""

    hostname: str = ""
    version: str = ""
    cpu_utilization: float | None = Field(None, alias="cpuUtilization")
    cpu_cores: int | None = Field(None, alias="cpuCores")
    mem_total: int | None = Field(None, alias="memTotal")
    mem_used: int | None = Field(None, alias="memUsed")
    uptime: float | None = None
    load_average: dict[str, float] | None = Field(None, alias="loadAverage")
    available_pkg_updates: int = Field(0, alias="availablePkgUpdates")
    reboot_required: bool = Field(False, alias="rebootRequired")
    config_dirty: bool = Field(False, alias="configDirty")
