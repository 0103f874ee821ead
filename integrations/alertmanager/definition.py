"""Prometheus Alertmanager: the alerts firing now, by severity, and the silences in force."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import MetricLabel, Payload
from integrations.config import (
    BearerToken,
    ConfigModel,
    NoCredentials,
    UsernamePassword,
    field,
)
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.alertmanager.client import AlertmanagerClient
    from integrations.alertmanager.models import Alert, Matcher, Silence

STATUS_PATH = "api/v2/status"
ALERTS_PATH = "api/v2/alerts"
SILENCES_PATH = "api/v2/silences"
MAX_ALERTS = 50
MAX_SILENCES = 50
MAX_TEXT = 500
NO_SEVERITY = "none"
SEVERITY_ORDER = ("critical", "error", "high", "warning", "medium", "low", "info", NO_SEVERITY)
"""Most severe first; a severity not listed sorts after ``info``, before alerts without one."""


def severity_rank(severity: str) -> int:
    order = SEVERITY_ORDER
    if severity in order:
        return order.index(severity) if severity != NO_SEVERITY else len(order)
    return order.index("info") + 1


class AlertmanagerSettings(ConfigModel):
    """Which alerts the ``alerts`` endpoint lists."""

    include_suppressed: bool = field(
        "Show silenced and inhibited alerts",
        default=False,
        help="List silenced and inhibited alerts too (they are always counted).",
    )
    receiver: str | None = field(
        "Receiver",
        default=None,
        max_length=200,
        pattern=r"^[^\n\r]*$",
        help="Only alerts routed to this receiver (a regular expression Alertmanager matches; "
        "empty: every receiver).",
    )


class AlertmanagerAlert(Payload):
    """One alert."""

    def label(self, name: str) -> str | None:
        return next((label.value for label in self.labels if label.name == name), None)

    fingerprint: str = Field(description="Alertmanager's id of the alert's label set")
    name: str = Field(description="the alertname label")
    severity: str = Field(description=f"the severity label, '{NO_SEVERITY}' without one")
    summary: str | None = Field(
        description=f"the summary annotation, else the description (at most {MAX_TEXT} chars)"
    )
    state: str = Field(description="active (firing and notified), suppressed or unprocessed")
    silenced: bool = Field(description="a silence mutes it")
    inhibited: bool = Field(description="another alert inhibits it")
    starts_at: datetime
    labels: list[MetricLabel] = Field(description="the alert's labels, sorted by name (at most 50)")
    generator_url: str | None = Field(description="link to the rule's source, as sent")


class SeverityCount(Payload):
    severity: str
    count: int


class AlertmanagerAlerts(Payload):
    """The alerts Alertmanager holds now, most severe then newest first."""

    firing: int = Field(description="alerts active and neither silenced nor inhibited")
    suppressed: int = Field(description="alerts muted by a silence or an inhibition")
    by_severity: list[SeverityCount] = Field(
        description="firing alerts by severity label, most severe first"
    )
    alerts: list[AlertmanagerAlert] = Field(
        description=f"firing alerts (and suppressed ones if the settings say so), at most "
        f"{MAX_ALERTS}"
    )
    capped: bool = Field(description=f"more than {MAX_ALERTS} alerts matched; the rest are cut")


class AlertmanagerSilence(Payload):
    id: str
    state: str = Field(description="active or pending (not started yet)")
    matchers: list[str] = Field(description="as Alertmanager shows them: name=value, name=~re")
    created_by: str
    comment: str = Field(description=f"at most {MAX_TEXT} chars")
    starts_at: datetime
    ends_at: datetime


class AlertmanagerSilences(Payload):
    """Silences in force or pending, ending soonest first; expired ones only counted."""

    active: int
    pending: int
    expired: int = Field(description="expired silences Alertmanager still keeps (5 days)")
    silences: list[AlertmanagerSilence] = Field(description=f"at most {MAX_SILENCES}")
    capped: bool


def text(value: str | None) -> str | None:
    return value[:MAX_TEXT] if value is not None else None


def matcher_text(m: Matcher) -> str:
    op = ("=~" if m.is_regex else "=") if m.is_equal else ("!~" if m.is_regex else "!=")
    return f"{m.name}{op}{m.value}"


def alert_of(alert: Alert) -> AlertmanagerAlert:
    return AlertmanagerAlert(
        fingerprint=alert.fingerprint,
        name=alert.labels.get("alertname", ""),
        severity=alert.labels.get("severity") or NO_SEVERITY,
        summary=text(alert.annotations.get("summary") or alert.annotations.get("description")),
        state=alert.status.state,
        silenced=bool(alert.status.silenced_by),
        inhibited=bool(alert.status.inhibited_by),
        starts_at=alert.starts_at,
        labels=[
            MetricLabel(name=k, value=v[:MAX_TEXT]) for k, v in sorted(alert.labels.items())[:50]
        ],
        generator_url=text(alert.generator_url),
    )


def is_firing(alert: Alert) -> bool:
    return alert.status.state == "active"


class Alertmanager(Integration["AlertmanagerClient"]):
    id = "alertmanager"
    name = "Prometheus Alertmanager"
    icon = "alertmanager"
    categories = ("monitoring",)
    docs_url = "https://github.com/prometheus/alertmanager/blob/v0.25.0/api/v2/openapi.yaml"
    verification = "Verified against a running Prometheus Alertmanager 0.25.0"
    default_port = 9093
    credentials = (NoCredentials, UsernamePassword, BearerToken)
    extra = AlertmanagerSettings
    client_class = "integrations.alertmanager.client:AlertmanagerClient"

    async def test_connection(self, client: AlertmanagerClient) -> ServiceInfo:
        from integrations.alertmanager.models import Status

        status = await client.get_json(STATUS_PATH, Status)
        return ServiceInfo.of(
            status.version_info.version,
            {"cluster": status.cluster.status, "peers": str(len(status.cluster.peers))},
        )

    @endpoint(
        "alerts",
        name="Alerts",
        description="Firing alerts, most severe first, with counts by severity.",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def alerts(self, client: AlertmanagerClient) -> AlertmanagerAlerts:
        from pydantic import TypeAdapter

        from integrations.alertmanager.models import Alert

        settings = client.config.extra
        include = isinstance(settings, AlertmanagerSettings) and settings.include_suppressed
        params = {"active": "true", "silenced": "true", "inhibited": "true"}
        if isinstance(settings, AlertmanagerSettings) and settings.receiver:
            params["receiver"] = settings.receiver
        listed = await client.get_json(ALERTS_PATH, TypeAdapter(list[Alert]), params=params)
        firing = [a for a in listed if is_firing(a)]
        suppressed = [a for a in listed if a.status.state == "suppressed"]
        shown = [a for a in listed if is_firing(a) or (include and a.status.state == "suppressed")]
        shown.sort(key=lambda a: a.starts_at, reverse=True)
        shown.sort(key=lambda a: (not is_firing(a), severity_rank(alert_of(a).severity)))
        counts = Counter(alert.labels.get("severity") or NO_SEVERITY for alert in firing)
        return AlertmanagerAlerts(
            firing=len(firing),
            suppressed=len(suppressed),
            by_severity=[
                SeverityCount(severity=s, count=n)
                for s, n in sorted(counts.items(), key=lambda kv: (severity_rank(kv[0]), kv[0]))
            ],
            alerts=[alert_of(a) for a in shown[:MAX_ALERTS]],
            capped=len(shown) > MAX_ALERTS,
        )

    @endpoint(
        "silences",
        name="Silences",
        description="Active and pending silences, ending soonest first.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def silences(self, client: AlertmanagerClient) -> AlertmanagerSilences:
        from pydantic import TypeAdapter

        from integrations.alertmanager.models import Silence

        listed = await client.get_json(SILENCES_PATH, TypeAdapter(list[Silence]))
        states = Counter(s.status.state for s in listed)
        current = sorted(
            (s for s in listed if s.status.state in ("active", "pending")),
            key=lambda s: (s.status.state != "active", s.ends_at),
        )
        return AlertmanagerSilences(
            active=states["active"],
            pending=states["pending"],
            expired=states["expired"],
            silences=[silence_of(s) for s in current[:MAX_SILENCES]],
            capped=len(current) > MAX_SILENCES,
        )


def silence_of(silence: Silence) -> AlertmanagerSilence:
    return AlertmanagerSilence(
        id=silence.id,
        state=silence.status.state,
        matchers=[matcher_text(m) for m in silence.matchers[:50]],
        created_by=silence.created_by[:MAX_TEXT],
        comment=silence.comment[:MAX_TEXT],
        starts_at=silence.starts_at,
        ends_at=silence.ends_at,
    )
