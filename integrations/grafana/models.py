"""The parts of Grafana's API answers Tilewire reads (Grafana 12.3: GET /api/health, GET
/api/org, GET /api/admin/stats as pkg/services/stats AdminStats, and Grafana alerting's
Alertmanager API v2 ``gettableAlerts``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel


class Health(UpstreamModel):
    """``GET /api/health`` (no credentials; version and commit left out when
    ``[auth.anonymous] hide_version`` is set)."""

    database: str
    version: str | None = None


class Org(UpstreamModel):
    """``GET /api/org``: the organization of the user or service account."""

    id: int
    name: str


class AdminStats(UpstreamModel):
    """``GET /api/admin/stats``."""

    orgs: int
    dashboards: int
    snapshots: int = 0
    datasources: int
    playlists: int = 0
    alerts: int = 0
    users: int
    active_users: int = Field(0, alias="activeUsers")
    active_sessions: int = Field(0, alias="activeSessions")
    daily_active_users: int | None = Field(None, alias="dailyActiveUsers")
    monthly_active_users: int | None = Field(None, alias="monthlyActiveUsers")


class AlertStatus(UpstreamModel):
    state: str
    """unprocessed, active or suppressed."""


class Alert(UpstreamModel):
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    starts_at: datetime = Field(alias="startsAt")
    status: AlertStatus


ALERTS = TypeAdapter(list[Alert])
