"""TrueNAS: the machine, its ZFS pools, and its alerts."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import UTC, datetime

from pydantic import TypeAdapter

from integrations.config import ApiKey, UsernamePassword
from integrations.truenas.client import TrueNASClient, TrueNASSettings
from integrations.truenas.models import (
    Alert,
    Pool,
    SystemInfo,
    TrueNASAlert,
    TrueNASAlertCount,
    TrueNASAlerts,
    TrueNASPool,
    TrueNASPools,
    TrueNASSystem,
)
from integrations.types import Integration, ServiceInfo, endpoint

POOLS = TypeAdapter(list[Pool])
ALERTS = TypeAdapter(list[Alert])
LEVELS = ("EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO")
"""Most severe first (middlewared.alert.base.AlertLevel)."""
MAX_ALERTS = 20
MAX_TEXT = 200
_TAG = re.compile(r"<[^>]+>")


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


class TrueNAS(Integration[TrueNASClient]):
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
    client_class = TrueNASClient

    async def test_connection(self, client: TrueNASClient) -> ServiceInfo:
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
        return system_of(await client.api("system/info", SystemInfo))

    @endpoint(
        "pools",
        name="Pools",
        description="Each ZFS pool's status, health, size, allocated and free space.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def pools(self, client: TrueNASClient) -> TrueNASPools:
        pools = sorted((pool_of(p) for p in await client.api("pool", POOLS)), key=lambda p: p.name)
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
        return alerts_of(await client.api("alert/list", ALERTS))
