"""Netdata: the machine's CPU, memory, load and uptime as SystemResources, and its raised
health alarms."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import task_group
from integrations.capabilities import Payload, SystemResources
from integrations.config import BearerToken, NoCredentials, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.netdata.client import NetdataClient
    from integrations.netdata.models import Alarm, Info

MIB = 1024 * 1024
STATUS_ORDER = {"CRITICAL": 0, "WARNING": 1}
CHARTS = ("system.cpu", "system.ram", "system.load", "system.uptime")


class NetdataAlarm(Payload):
    """A raised Netdata health alarm."""

    name: str
    chart: str
    status: str = Field(description="WARNING or CRITICAL")
    value: str = Field(description="The value as Netdata formats it, with its units")
    info: str | None = None
    since: datetime | None = Field(None, description="When the alarm entered this status")


class NetdataAlarms(Payload):
    """Netdata's health: counts of raised alarms and the alarms themselves, critical first."""

    warning: int
    critical: int
    alarms: list[NetdataAlarm]


def hostname_of(info: Info) -> str | None:
    """The agent's own host (hops 0), not one it receives metrics from by streaming."""
    own = [host.hostname for host in info.mirrored_hosts_status if host.hops == 0]
    if own:
        return own[0]
    return info.mirrored_hosts[0] if info.mirrored_hosts else None


def _count(text: str | None) -> int | None:
    """One of the numbers /api/v1/info sends as strings."""
    return int(text) if text is not None and text.isdigit() else None


def required(chart: str, values: dict[str, float | None] | None) -> dict[str, float]:
    """A chart's values without gaps, or an error saying why there are none."""
    if values is None:
        raise IntegrationError(
            ErrorCode.NOT_FOUND,
            f"Netdata has no chart {chart}: is its collector (proc.plugin) disabled?",
        )
    known = {name: value for name, value in values.items() if value is not None}
    if not known:
        raise IntegrationError(
            ErrorCode.UPSTREAM_ERROR,
            f"Netdata has not collected {chart} yet (it has just started?)",
        )
    return known


def alarm_of(alarm: Alarm) -> NetdataAlarm:
    changed = alarm.last_status_change
    return NetdataAlarm(
        name=alarm.name,
        chart=alarm.chart,
        status=alarm.status,
        value=html.unescape(alarm.value_string),
        info=html.unescape(alarm.info) or None,
        since=datetime.fromtimestamp(changed, UTC) if changed else None,
    )


def _urgency(alarm: NetdataAlarm) -> tuple[int, float, str]:
    since = alarm.since.timestamp() if alarm.since is not None else 0.0
    return (STATUS_ORDER.get(alarm.status, len(STATUS_ORDER)), -since, alarm.name)


class Netdata(Integration["NetdataClient"]):
    """A Netdata agent (its own web server, or behind a reverse proxy)."""

    id = "netdata"
    name = "Netdata"
    icon = "netdata"
    categories = ("monitoring", "system")
    docs_url = "https://learn.netdata.cloud/docs/rest-api/"
    verification = "Verified against a running Netdata v1.37.1 (Debian bookworm)"
    default_port = 19999
    credentials = (NoCredentials, UsernamePassword, BearerToken)
    client_class = "integrations.netdata.client:NetdataClient"

    async def test_connection(self, client: NetdataClient) -> ServiceInfo:
        info = await client.info()
        kernel = " ".join(part for part in (info.kernel_name, info.kernel_version) if part)
        details = {
            "hostname": hostname_of(info) or "",
            "kernel": kernel,
            "architecture": info.architecture or "",
        }
        return ServiceInfo.of(info.version, details)

    @endpoint(
        "system",
        name="System",
        description="CPU, memory, load average and uptime of the monitored machine.",
        ttl=5.0,
        min_refresh=2.0,
    )
    async def system(self, client: NetdataClient) -> SystemResources:
        async with task_group() as group:
            info_read = group.create_task(client.info())
            charts = {chart: group.create_task(client.latest(chart)) for chart in CHARTS}
        info = info_read.result()
        cpu, ram, load, uptime = (charts[chart].result() for chart in CHARTS)
        # system.cpu has one dimension per kind of busy time (idle is not one): they add up.
        cpu_percent = sum(required("system.cpu", cpu).values())
        # system.ram (MiB): free + used + cached + buffers is the whole of RAM, which
        # /api/v1/info also reports, exactly, in bytes.
        ram_mib = required("system.ram", ram)
        used = round(ram_mib.get("used", 0.0) * MIB)
        total = _count(info.ram_total) or round(sum(ram_mib.values()) * MIB)
        load = load or {}
        seconds = (uptime or {}).get("uptime")
        return SystemResources(
            hostname=hostname_of(info),
            cpu_percent=round(cpu_percent, 2),
            cpu_count=_count(info.cores_total),
            memory_used=used,
            memory_total=total,
            memory_percent=round(100 * used / total, 2) if total else 0.0,
            load1=load.get("load1"),
            load5=load.get("load5"),
            load15=load.get("load15"),
            uptime_seconds=int(seconds) if seconds is not None else None,
        )

    @endpoint(
        "alarms",
        name="Alarms",
        description="Counts of raised warning and critical alarms, and the alarms themselves.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def alarms(self, client: NetdataClient) -> NetdataAlarms:
        async with task_group() as group:
            info = group.create_task(client.info())
            raised = group.create_task(client.alarms())
        return NetdataAlarms(
            warning=info.result().alarms.warning,
            critical=info.result().alarms.critical,
            alarms=sorted((alarm_of(a) for a in raised.result().alarms.values()), key=_urgency),
        )
