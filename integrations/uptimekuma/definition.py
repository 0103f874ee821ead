"""Uptime Kuma: monitors up, down, pending and in maintenance, with ping and 24 h uptime."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ApiKey, ConfigModel, NoCredentials, UsernamePassword, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.uptimekuma.client import Sample, UptimeKumaClient
    from integrations.uptimekuma.models import Heartbeats, StatusPageData


class UptimeKumaSettings(ConfigModel):
    """The status page to read."""

    slug: str = field(
        "Status page slug",
        default="",
        max_length=200,
        pattern=r"^[A-Za-z0-9_-]*$",
        help="The end of the status page's address: http://kuma:3001/status/<slug>. Needed for "
        "the monitors endpoint; the metrics endpoint takes an API key instead.",
    )


class MonitorStatus(StrEnum):
    DOWN = "down"
    UP = "up"
    PENDING = "pending"
    MAINTENANCE = "maintenance"
    UNKNOWN = "unknown"


class UptimeKumaMonitor(Payload):
    id: int | None = Field(description="None from the metrics of Uptime Kuma 1.x")
    name: str
    status: MonitorStatus
    group: str | None = Field(None, description="the status page group it is shown in")
    type: str | None = Field(None, description="http, keyword, ping, port, dns, docker, ...")
    ping_ms: float | None = Field(description="the last check's response time")
    uptime_24h: float | None = Field(description="percent (0-100) over the last 24 hours")


class UptimeKumaMonitors(Payload):
    """Monitors by status, problems first."""

    title: str | None = Field(None, description="the status page's title")
    incident: str | None = Field(None, description="the title of the incident pinned on the page")
    up: int
    down: int
    pending: int
    maintenance: int
    unknown: int = Field(description="monitors without a heartbeat yet")
    total: int
    monitors: list[UptimeKumaMonitor]


STATUSES: dict[int, MonitorStatus] = {
    0: MonitorStatus.DOWN,
    1: MonitorStatus.UP,
    2: MonitorStatus.PENDING,
    3: MonitorStatus.MAINTENANCE,
}
SEVERITY = [
    MonitorStatus.DOWN,
    MonitorStatus.PENDING,
    MonitorStatus.UNKNOWN,
    MonitorStatus.MAINTENANCE,
    MonitorStatus.UP,
]
MONITOR_STATUS = "monitor_status"
RESPONSE_TIME = "monitor_response_time"
UPTIME_RATIO = "monitor_uptime_ratio"
METRICS = frozenset({MONITOR_STATUS, RESPONSE_TIME, UPTIME_RATIO})
DAY_WINDOW = "1d"


def status_of(value: float | None) -> MonitorStatus:
    if value is None or not float(value).is_integer():
        return MonitorStatus.UNKNOWN
    return STATUSES.get(int(value), MonitorStatus.UNKNOWN)


def percent(ratio: float | None) -> float | None:
    return round(ratio * 100, 4) if ratio is not None else None


def monitors_payload(
    monitors: Iterable[UptimeKumaMonitor], title: str | None = None, incident: str | None = None
) -> UptimeKumaMonitors:
    shown = sorted(monitors, key=lambda m: SEVERITY.index(m.status))
    counts = Counter(m.status for m in shown)
    return UptimeKumaMonitors(
        title=title,
        incident=incident,
        up=counts[MonitorStatus.UP],
        down=counts[MonitorStatus.DOWN],
        pending=counts[MonitorStatus.PENDING],
        maintenance=counts[MonitorStatus.MAINTENANCE],
        unknown=counts[MonitorStatus.UNKNOWN],
        total=len(shown),
        monitors=shown,
    )


def uptime_24h(beats: Heartbeats, monitor_id: int, bar_days: int | None) -> float | None:
    """The 24 h uptime: ``<id>_24``, or ``<id>`` when the page's bar covers no more than a day
    (newer versions report the uptime over the bar's range under the bare id)."""
    ratio = beats.uptime_list.get(f"{monitor_id}_24")
    if ratio is None and (bar_days or 0) <= 1:
        ratio = beats.uptime_list.get(str(monitor_id))
    return percent(ratio)


def from_status_page(page: StatusPageData, beats: Heartbeats) -> UptimeKumaMonitors:
    from integrations.uptimekuma.models import Beat

    monitors: dict[int, UptimeKumaMonitor] = {}
    for group in page.public_group_list:
        for monitor in group.monitor_list:
            if monitor.id in monitors:
                continue  # shown in two groups: counted once
            history = [
                b for b in beats.heartbeat_list.get(str(monitor.id), []) if isinstance(b, Beat)
            ]
            last = history[-1] if history else None
            monitors[monitor.id] = UptimeKumaMonitor(
                id=monitor.id,
                name=monitor.name,
                status=status_of(last.status) if last else MonitorStatus.UNKNOWN,
                group=group.name or None,
                type=monitor.type,
                ping_ms=last.ping if last else None,
                uptime_24h=uptime_24h(beats, monitor.id, page.config.heartbeat_bar_days),
            )
    pinned = page.incident or next(iter(page.incidents), None)
    return monitors_payload(
        monitors.values(), title=page.config.title, incident=pinned.title if pinned else None
    )


def from_metrics(samples: Iterable[Sample]) -> UptimeKumaMonitors:
    """Monitors from the ``monitor_*`` gauges, keyed by ``monitor_id`` (2.x) or name (1.x)."""
    from integrations.uptimekuma.client import finite

    status: dict[str, Sample] = {}
    ping: dict[str, float | None] = {}
    uptime: dict[str, float | None] = {}
    for sample in samples:
        key = sample.labels.get("monitor_id") or sample.labels.get("monitor_name", "")
        if sample.name == MONITOR_STATUS:
            status[key] = sample
        elif sample.name == RESPONSE_TIME:
            value = finite(sample.value)
            ping[key] = value if value is not None and value >= 0 else None  # -1: no time
        elif sample.name == UPTIME_RATIO and sample.labels.get("window") == DAY_WINDOW:
            uptime[key] = percent(finite(sample.value))
    return monitors_payload(
        UptimeKumaMonitor(
            id=int(sample.labels["monitor_id"])
            if sample.labels.get("monitor_id", "").isdigit()
            else None,
            name=sample.labels.get("monitor_name", ""),
            status=status_of(finite(sample.value)),
            type=sample.labels.get("monitor_type") or None,
            ping_ms=ping.get(key),
            uptime_24h=uptime.get(key),
        )
        for key, sample in status.items()
    )


class UptimeKuma(Integration["UptimeKumaClient"]):
    """Uptime Kuma 1.23 and 2.x: a public status page, or the Prometheus metrics."""

    id = "uptimekuma"
    name = "Uptime Kuma"
    icon = "uptime-kuma"
    categories = ("monitoring",)
    docs_url = "https://github.com/louislam/uptime-kuma/wiki/Internal-API"
    verification = "Built from the Uptime Kuma API documentation, version 1.23 and 2.0"
    default_port = 3001
    credentials = (NoCredentials, ApiKey, UsernamePassword)
    extra = UptimeKumaSettings
    client_class = "integrations.uptimekuma.client:UptimeKumaClient"

    async def test_connection(self, client: UptimeKumaClient) -> ServiceInfo:
        details: dict[str, str] = {}
        if client.metrics_auth() is not None:
            metrics = from_metrics(await client.metrics(METRICS))
            details["metricsMonitors"] = str(metrics.total)
        if client.settings.slug or client.metrics_auth() is None:
            page = from_status_page(*await client.status_page())
            details.update(statusPage=page.title or "", monitors=str(page.total))
        # Uptime Kuma reports its version over Socket.IO only: none of these APIs says it.
        return ServiceInfo(version=None, details=details)

    @endpoint(
        "monitors",
        name="Monitors",
        description="The monitors of the configured status page: counts by status, and each "
        "monitor's status, last response time and 24 h uptime, problems first.",
        ttl=60.0,
        min_refresh=20.0,
    )
    async def monitors(self, client: UptimeKumaClient) -> UptimeKumaMonitors:
        return from_status_page(*await client.status_page())

    @endpoint(
        "metrics",
        name="Monitors (metrics)",
        description="Every monitor from the Prometheus metrics (API key needed): counts by "
        "status, and each monitor's status and last response time (and 24 h uptime from 2.0).",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def metrics(self, client: UptimeKumaClient) -> UptimeKumaMonitors:
        return from_metrics(await client.metrics(METRICS))
