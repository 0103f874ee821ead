"""The parts of Technitium DNS Server's API answers Tilewire reads (APIDOCS.md, version 15.2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from integrations.base import UpstreamModel


class Envelope(UpstreamModel):
    """Every answer: ``status`` ok, error, invalid-token or 2fa-required, and the call's
    ``response``."""

    status: str
    error_message: str | None = Field(None, alias="errorMessage")
    response: Any = None


class Stats(UpstreamModel):
    """``stats`` of ``GET /api/dashboard/stats/get``."""

    total_queries: int = Field(alias="totalQueries")
    total_blocked: int = Field(alias="totalBlocked")
    total_clients: int | None = Field(None, alias="totalClients")
    blocked_zones: int | None = Field(None, alias="blockedZones")
    block_list_zones: int | None = Field(None, alias="blockListZones")


class DashboardStats(UpstreamModel):
    """``GET /api/dashboard/stats/get`` (the main chart data is not read)."""

    stats: Stats


class Settings(UpstreamModel):
    """``GET /api/settings/get``: the few settings a dashboard shows."""

    version: str
    enable_blocking: bool = Field(alias="enableBlocking")
    temporary_disable_blocking_till: datetime | None = Field(
        None, alias="temporaryDisableBlockingTill"
    )


class DisabledTill(UpstreamModel):
    """``GET /api/settings/temporaryDisableBlocking``."""

    temporary_disable_blocking_till: datetime = Field(alias="temporaryDisableBlockingTill")
