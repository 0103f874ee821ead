"""Alertmanager API v2 answers Tilewire reads (api/v2/openapi.yaml of Alertmanager 0.25.0:
definitions alertmanagerStatus, gettableAlerts, gettableSilences)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from integrations.base import UpstreamModel


class VersionInfo(UpstreamModel):
    version: str


class ClusterStatus(UpstreamModel):
    status: str  # ready | settling | disabled
    peers: list[object] = Field(default_factory=list)


class Status(UpstreamModel):
    """``GET /api/v2/status`` (its ``config.original`` is not read: it may hold secrets)."""

    version_info: VersionInfo = Field(alias="versionInfo")
    cluster: ClusterStatus


class AlertStatus(UpstreamModel):
    state: str  # unprocessed | active | suppressed
    silenced_by: list[str] = Field(default_factory=list, alias="silencedBy")
    inhibited_by: list[str] = Field(default_factory=list, alias="inhibitedBy")


class Alert(UpstreamModel):
    """One ``gettableAlert``."""

    fingerprint: str
    labels: dict[str, str]
    annotations: dict[str, str] = Field(default_factory=dict)
    starts_at: datetime = Field(alias="startsAt")
    ends_at: datetime | None = Field(None, alias="endsAt")
    status: AlertStatus
    generator_url: str | None = Field(None, alias="generatorURL")


class Matcher(UpstreamModel):
    name: str
    value: str
    is_regex: bool = Field(alias="isRegex")
    is_equal: bool = Field(True, alias="isEqual")  # added in 0.22; absent means "="


class SilenceStatus(UpstreamModel):
    state: str  # expired | active | pending


class Silence(UpstreamModel):
    """One ``gettableSilence``."""

    id: str
    status: SilenceStatus
    matchers: list[Matcher]
    starts_at: datetime = Field(alias="startsAt")
    ends_at: datetime = Field(alias="endsAt")
    created_by: str = Field("", alias="createdBy")
    comment: str = ""
