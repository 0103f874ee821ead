"""Grafana: the server's statistics (dashboards, data sources, users) and its firing alerts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import BearerToken, UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.grafana.client import GrafanaClient
    from integrations.grafana.models import Alert

HEALTH_PATH = "api/health"
ORG_PATH = "api/org"
STATS_PATH = "api/admin/stats"
ALERTS_PATH = "api/alertmanager/grafana/api/v2/alerts"
ALERTS_QUERY = {"active": "true", "silenced": "false", "inhibited": "false"}
MAX_ALERTS = 50
MAX_TEXT = 200


class GrafanaStats(Payload):
    """The Grafana server's statistics, over every organization."""

    dashboards: int
    datasources: int = Field(description="data sources")
    users: int
    active_users: int = Field(description="users active in the last 30 days")
    daily_active_users: int | None = Field(
        None, description="users active in the last 24 hours (null: not reported)"
    )
    active_sessions: int = Field(description="signed-in sessions active in the last 30 days")
    orgs: int = Field(description="organizations")
    alerts: int = Field(description="alert rules")
    snapshots: int
    playlists: int


class GrafanaAlert(Payload):
    name: str = Field(description="the alertname label")
    severity: str | None = Field(None, description="the severity label, if any")
    summary: str | None = Field(None, description="the summary annotation (at most 200 chars)")
    started_at: datetime


class GrafanaAlerts(Payload):
    """Grafana-managed alerts firing now (not silenced or inhibited), newest first."""

    firing: int
    alerts: list[GrafanaAlert] = Field(description="newest first (at most 50)")


def _text(value: str | None) -> str | None:
    return value[:MAX_TEXT] if value else None


def alerts_of(alerts: list[Alert]) -> GrafanaAlerts:
    firing = [a for a in alerts if a.status.state == "active"]
    firing.sort(key=lambda a: a.starts_at, reverse=True)
    return GrafanaAlerts(
        firing=len(firing),
        alerts=[
            GrafanaAlert(
                name=(a.labels.get("alertname") or "alert")[:MAX_TEXT],
                severity=_text(a.labels.get("severity")),
                summary=_text(a.annotations.get("summary") or a.annotations.get("description")),
                started_at=a.starts_at,
            )
            for a in firing[:MAX_ALERTS]
        ],
    )


class Grafana(Integration["GrafanaClient"]):
    id = "grafana"
    name = "Grafana"
    icon = "grafana"
    categories = ("monitoring",)
    docs_url = "https://grafana.com/docs/grafana/latest/developer-resources/api-reference/http-api/"
    verification = "Built from the Grafana HTTP API documentation, version 12.3"
    default_port = 3000
    credentials = (UsernamePassword, BearerToken)
    client_class = "integrations.grafana.client:GrafanaClient"

    async def test_connection(self, client: GrafanaClient) -> ServiceInfo:
        from integrations.grafana.models import Health, Org

        health, org = await together(
            client.get_json(HEALTH_PATH, Health), client.get_json(ORG_PATH, Org)
        )
        return ServiceInfo.of(
            health.version, {"organization": org.name, "database": health.database}
        )

    @endpoint(
        "stats",
        name="Server statistics",
        description="Dashboards, data sources, users (active in 30 days and 24 hours), "
        "organizations, alert rules, snapshots and playlists (needs a Grafana server admin).",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def stats(self, client: GrafanaClient) -> GrafanaStats:
        from integrations.grafana.models import AdminStats

        found = await client.get_json(STATS_PATH, AdminStats)
        return GrafanaStats(
            dashboards=found.dashboards,
            datasources=found.datasources,
            users=found.users,
            active_users=found.active_users,
            daily_active_users=found.daily_active_users,
            active_sessions=found.active_sessions,
            orgs=found.orgs,
            alerts=found.alerts,
            snapshots=found.snapshots,
            playlists=found.playlists,
        )

    @endpoint(
        "alerts",
        name="Firing alerts",
        description="Grafana-managed alerts firing now, not silenced or inhibited, with their "
        "severity and summary, newest first.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def alerts(self, client: GrafanaClient) -> GrafanaAlerts:
        from integrations.grafana.models import ALERTS

        found = await client.get_json(ALERTS_PATH, ALERTS, params=ALERTS_QUERY)
        return alerts_of(found)
