"""Speedtest Tracker: the latest speedtest's speeds, latency, server and health."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import BearerToken, NoCredentials
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.speedtest.client import SpeedtestClient
    from integrations.speedtest.models import LegacyResult, Result

MEGABIT = 1_000_000
FAILED = "failed"


class SpeedtestResult(Payload):
    """The latest speedtest: speeds, latency, where it ran and whether it went well."""

    id: int | None = Field(description="None when no test has run yet")
    status: str = Field(
        description="completed, failed, skipped, a test under way (waiting, running, ...), "
        "or none when no test has run yet"
    )
    failed: bool
    healthy: bool | None = Field(
        None, description="met the configured thresholds; None when none are set (API v1 only)"
    )
    download_bps: int | None = Field(description="bits per second")
    upload_bps: int | None = Field(description="bits per second")
    ping_ms: float | None
    jitter_ms: float | None = None
    packet_loss: float | None = Field(None, description="percent")
    server: str | None = None
    isp: str | None = None
    measured_at: datetime | None = None
    scheduled: bool | None = None
    result_url: str | None = None
    api: str = Field(description="v1 (API token) or legacy (/api/speedtest/latest)")


def from_v1(result: Result) -> SpeedtestResult:
    from integrations.speedtest.models import OoklaData

    ookla = result.data if isinstance(result.data, OoklaData) else OoklaData()
    down = result.download_bits
    up = result.upload_bits
    if down is None and result.download is not None:
        down = result.download * 8
    if up is None and result.upload is not None:
        up = result.upload * 8
    return SpeedtestResult(
        id=result.id,
        status=result.status,
        failed=result.status == FAILED,
        healthy=result.healthy,
        download_bps=down,
        upload_bps=up,
        ping_ms=result.ping,
        jitter_ms=ookla.ping.jitter if ookla.ping else None,
        packet_loss=ookla.packet_loss,
        server=ookla.server.name if ookla.server else None,
        isp=ookla.isp,
        measured_at=ookla.timestamp or result.created_at,
        scheduled=result.scheduled,
        result_url=ookla.result.url if ookla.result else None,
        api="v1",
    )


def megabits(value: float | None) -> int | None:
    return round(value * MEGABIT) if value is not None else None


def from_legacy(result: LegacyResult) -> SpeedtestResult:
    return SpeedtestResult(
        id=result.id,
        status=FAILED if result.failed else "completed",
        failed=result.failed,
        download_bps=megabits(result.download),
        upload_bps=megabits(result.upload),
        ping_ms=result.ping,
        server=result.server_name,
        measured_at=result.created_at,
        scheduled=result.scheduled,
        result_url=result.url,
        api="legacy",
    )


def none_yet(api: str) -> SpeedtestResult:
    return SpeedtestResult(
        id=None,
        status="none",
        failed=False,
        download_bps=None,
        upload_bps=None,
        ping_ms=None,
        api=api,
    )


class Speedtest(Integration["SpeedtestClient"]):
    """Speedtest Tracker (alexjustesen/speedtest-tracker), API v1 or the legacy endpoint."""

    id = "speedtest"
    name = "Speedtest Tracker"
    icon = "speedtest-tracker"
    categories = ("network", "monitoring")
    docs_url = "https://docs.speedtest-tracker.dev/api"
    verification = "Built from the Speedtest Tracker API documentation, version 1.x (API v1)"
    credentials = (BearerToken, NoCredentials)
    client_class = "integrations.speedtest.client:SpeedtestClient"

    async def test_connection(self, client: SpeedtestClient) -> ServiceInfo:
        # The latest-result call needs the token (v1): it proves it, with or without a result.
        result = await client.latest()
        # No documented endpoint reports Speedtest Tracker's version.
        return ServiceInfo(
            version=None,
            details={"api": client.api, "latestResult": str(result.id) if result else "none"},
        )

    @endpoint(
        "latest",
        name="Latest result",
        description="The latest speedtest: download and upload in bits per second, ping, "
        "jitter, packet loss, server, ISP, when it ran, and whether it failed or was healthy.",
        ttl=120.0,
        min_refresh=30.0,
    )
    async def latest(self, client: SpeedtestClient) -> SpeedtestResult:
        from integrations.speedtest.models import Result

        result = await client.latest()
        if result is None:
            return none_yet(client.api)
        if isinstance(result, Result):
            return from_v1(result)
        return from_legacy(result)
