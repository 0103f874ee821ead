"""TrueNAS: the machine, its ZFS pools, and its alerts."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ApiKey, ConfigModel, UsernamePassword, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.truenas.client import TrueNASClient
    from integrations.truenas.models import Alert, Pool, SystemInfo

LEVELS = ("EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO")
"""Most severe first (middlewared.alert.base.AlertLevel)."""
MAX_ALERTS = 20
MAX_TEXT = 200
_TAG = re.compile(r"<[^>]+>")


class TrueNASSettings(ConfigModel):
    """Transport safety for API keys."""

    allow_api_key_over_http: bool = field(
        "Send the API key over plain HTTP",
        default=False,
        help="TrueNAS 25.04 and later revoke an API key sent over HTTP: leave this off and use "
        "an https:// URL. Only for older TrueNAS reached without TLS.",
    )


class TrueNASSystem(Payload):
    """The machine: CPU and memory size, load average and uptime (no CPU or memory usage: the
    REST API's ``system/info`` has none)."""

    hostname: str
    version: str
    cpu_model: str | None = None
    cpu_count: int = Field(description="logical CPUs")
    physical_cores: int | None = None
    memory_total: int = Field(description="bytes")
    load1: float | None = None
    load5: float | None = None
    load15: float | None = None
    uptime_seconds: int
    ecc_memory: bool | None = None


class TrueNASPool(Payload):
    name: str
    status: str = Field(description="ONLINE, DEGRADED, FAULTED, OFFLINE, UNAVAIL, ...")
    healthy: bool
    status_detail: str | None = None
    size: int | None = Field(description="bytes; None when the pool is not imported")
    allocated: int | None = Field(description="bytes")
    free: int | None = Field(description="bytes")
    percent_used: float | None = Field(description="0-100")


class TrueNASPools(Payload):
    """Every ZFS pool's health and space."""

    pools: list[TrueNASPool] = Field(description="by name")
    healthy: int
    unhealthy: int


class TrueNASAlertCount(Payload):
    level: str
    count: int


class TrueNASAlert(Payload):
    level: str
    klass: str = Field(description="the alert class, e.g. VolumeStatus, SMART")
    text: str = Field(description="the alert's text, without markup, at most 200 characters")
    since: datetime | None = None


class TrueNASAlerts(Payload):
    """Alerts not dismissed, counted by level, and the latest ones."""

    total: int = Field(description="alerts not dismissed")
    dismissed: int
    by_level: list[TrueNASAlertCount] = Field(description="most severe level first")
    alerts: list[TrueNASAlert] = Field(description="the latest first, at most 20")


def plain(text: str) -> str:
    """An alert's text without its HTML markup, shortened for a widget."""
    flat = " ".join(html.unescape(_TAG.sub(" ", text)).split())
    return flat if len(flat) <= MAX_TEXT else flat[: MAX_TEXT - 1] + "…"


def system_of(info: SystemInfo) -> TrueNASSystem:
    load = [*info.loadavg, None, None, None][:3]
    return TrueNASSystem(
        hostname=info.hostname,
        version=info.version,
        cpu_model=info.model,
        cpu_count=info.cores,
        physical_cores=info.physical_cores,
        memory_total=info.physmem,
        load1=load[0],
        load5=load[1],
        load15=load[2],
        uptime_seconds=int(info.uptime_seconds),
        ecc_memory=info.ecc_memory,
    )


def pool_of(pool: Pool) -> TrueNASPool:
    used = None
    if pool.size and pool.allocated is not None:
        used = round(pool.allocated / pool.size * 100, 2)
    return TrueNASPool(
        name=pool.name,
        status=pool.status,
        healthy=pool.healthy,
        status_detail=pool.status_detail,
        size=pool.size,
        allocated=pool.allocated,
        free=pool.free,
        percent_used=used,
    )


def since(alert: Alert) -> datetime | None:
    if alert.datetime is None:
        return None
    return datetime.fromtimestamp(alert.datetime.milliseconds / 1000, UTC)


def alerts_of(alerts: list[Alert]) -> TrueNASAlerts:
    active = [a for a in alerts if not a.dismissed]
    counts = Counter(a.level for a in active)
    levels = [*LEVELS, *sorted(set(counts) - set(LEVELS))]
    latest = sorted(
        active, key=lambda a: a.datetime.milliseconds if a.datetime else 0, reverse=True
    )
    return TrueNASAlerts(
        total=len(active),
        dismissed=len(alerts) - len(active),
        by_level=[TrueNASAlertCount(level=level, count=counts[level]) for level in levels],
        alerts=[
            TrueNASAlert(
                level=a.level, klass=a.klass, text=plain(a.formatted or a.text), since=since(a)
            )
            for a in latest[:MAX_ALERTS]
        ],
    )


class TrueNAS(Integration["TrueNASClient"]):
    """A TrueNAS SCALE or CORE server (REST API v2.0)."""

    id = "truenas"
    name = "TrueNAS"
    icon = "truenas"
    categories = ("storage", "system")
    docs_url = "https://www.truenas.com/docs/scale/api/"
    verification = "Built from the TrueNAS REST API documentation, version 2.0"
    default_port = 443
    credentials = (UsernamePassword, ApiKey)
    extra = TrueNASSettings
    client_class = "integrations.truenas.client:TrueNASClient"

    async def test_connection(self, client: TrueNASClient) -> ServiceInfo:
        from integrations.truenas.models import SystemInfo

        info = await client.api("system/info", SystemInfo)
        details = {"hostname": info.hostname, "uptime": f"{int(info.uptime_seconds)} s"}
        return ServiceInfo(version=info.version, details=details)

    @endpoint(
        "system",
        name="System",
        description="Host name, version, CPU and memory size, load average and uptime.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def system(self, client: TrueNASClient) -> TrueNASSystem:
        from integrations.truenas.models import SystemInfo

        return system_of(await client.api("system/info", SystemInfo))

    @endpoint(
        "pools",
        name="Pools",
        description="Each ZFS pool's status, health, size, allocated and free space.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def pools(self, client: TrueNASClient) -> TrueNASPools:
        from integrations.truenas.models import Pool

        pools = sorted(
            (pool_of(p) for p in await client.api("pool", list[Pool])), key=lambda p: p.name
        )
        healthy = sum(p.healthy for p in pools)
        return TrueNASPools(pools=pools, healthy=healthy, unhealthy=len(pools) - healthy)

    @endpoint(
        "alerts",
        name="Alerts",
        description=f"Alerts not dismissed, counted by level, and the latest {MAX_ALERTS}.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def alerts(self, client: TrueNASClient) -> TrueNASAlerts:
        from integrations.truenas.models import Alert

        return alerts_of(await client.api("alert/list", list[Alert]))
