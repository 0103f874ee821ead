"""MySpeed: the latest speedtest, the last day's averages, and a test run on demand."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from integrations.actions import ActionResult, NoInput, action
from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import Credentials, NoCredentials, Secret, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.myspeed.client import MySpeedClient

API = "api/speedtests"
MBIT = 1_000_000
LOOKBACK_HOURS = 24 * 30


class MySpeedPassword(Credentials):
    """MySpeed's password (Settings, Password)."""

    label = "Password"
    type: Literal["password"] = "password"
    password: Secret = field("Password", min_length=1)


class MySpeedResult(Payload):
    """The latest speedtest, and the tests of the last 24 hours."""

    download_bps: int | None = Field(None, description="bits per second; null before any test")
    upload_bps: int | None = Field(None, description="bits per second")
    ping_ms: int | None = None
    measured_at: datetime | None = None
    failed: bool = Field(description="the latest test failed")
    error: str | None = Field(None, description="why it failed")
    manual: bool = Field(description="the latest test was started by hand, not by the schedule")
    running: bool = Field(description="a test runs now")
    paused: bool = Field(description="scheduled tests are paused")
    tests_24h: int
    failed_24h: int
    average_download_bps: int | None = Field(None, description="over the last 24 hours")
    average_upload_bps: int | None = None
    average_ping_ms: int | None = None


def _bps(mbit: float | None) -> int | None:
    return round(mbit * MBIT) if mbit is not None else None


class MySpeed(Integration["MySpeedClient"]):
    id = "myspeed"
    name = "MySpeed"
    icon = "myspeed"
    categories = ("network",)
    docs_url = "https://docs.myspeed.dev/"
    verification = "Built from the MySpeed API sources, version 1.0.9"
    default_port = 5216
    credentials = (NoCredentials, MySpeedPassword)
    client_class = "integrations.myspeed.client:MySpeedClient"

    async def test_connection(self, client: MySpeedClient) -> ServiceInfo:
        from integrations.myspeed.models import Status

        status = await client.get_json(f"{API}/status", Status)
        return ServiceInfo.of(None, {"paused": "yes" if status.paused else "no"})

    @endpoint(
        "latest",
        name="Latest test",
        description="The latest speedtest's download, upload and ping, whether it failed, and "
        "the last 24 hours' test count and averages.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def latest(self, client: MySpeedClient) -> MySpeedResult:
        from pydantic import TypeAdapter

        from integrations.myspeed.models import Speedtest, Statistics, Status

        tests, stats, status = await together(
            client.get_json(
                API,
                TypeAdapter(list[Speedtest]),
                params={"limit": "1", "hours": str(LOOKBACK_HOURS)},
            ),
            client.get_json(f"{API}/statistics", Statistics, params={"days": "1"}),
            client.get_json(f"{API}/status", Status),
        )
        last = tests[0] if tests else None
        failed = last is not None and last.error is not None
        return MySpeedResult(
            download_bps=_bps(last.download) if last and not failed else None,
            upload_bps=_bps(last.upload) if last and not failed else None,
            ping_ms=last.ping if last and not failed else None,
            measured_at=last.created if last else None,
            failed=failed,
            error=(last.error or "")[:300] or None if last else None,
            manual=last is not None and last.type == "custom",
            running=status.running,
            paused=status.paused,
            tests_24h=stats.tests.total,
            failed_24h=stats.tests.failed,
            average_download_bps=_bps(stats.download.avg),
            average_upload_bps=_bps(stats.upload.avg),
            average_ping_ms=round(stats.ping.avg) if stats.ping.avg is not None else None,
        )

    @action(
        "runTest",
        label="Run a speedtest",
        description="Starts a speedtest now (MySpeed answers at once; the result shows when it "
        "is done).",
        affects=("latest",),
    )
    async def run_test(self, client: MySpeedClient, input: NoInput) -> ActionResult:
        response = await client.request("POST", f"{API}/run", expect=(200, 409, 410))
        if response.status_code == 409:
            return ActionResult(message="A speedtest is already running")
        if response.status_code == 410:
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                "MySpeed cannot run a test now: tests are paused or no provider is selected",
                status=410,
                url=response.url,
            )
        return ActionResult(message="Speedtest started")
