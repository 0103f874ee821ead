"""The parts of Traefik's API answers Tilewire reads."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel

# --- upstream --------------------------------------------------------------------------------


class Version(UpstreamModel):
    """``GET /api/version``."""

    version: str = Field(alias="Version")
    codename: str = Field("", alias="Codename")


class Section(UpstreamModel):
    total: int
    warnings: int
    errors: int
    """Items whose status is disabled."""


class SchemeOverview(UpstreamModel):
    routers: Section | None = None
    services: Section | None = None
    middlewares: Section | None = None
    """HTTP and TCP only (TCP since v2.5)."""


class Features(UpstreamModel):
    tracing: str = ""
    metrics: str = ""
    access_log: bool = Field(False, alias="accessLog")


class Overview(UpstreamModel):
    """``GET /api/overview``."""

    http: SchemeOverview
    tcp: SchemeOverview = SchemeOverview()
    udp: SchemeOverview = SchemeOverview()
    features: Features = Features()
    providers: list[str] = []


class Service(UpstreamModel):
    """One entry of ``GET /api/http/services``."""

    name: str
    provider: str = ""
    type: str = ""
    """loadbalancer, weighted, mirroring, failover."""
    status: str
    """enabled, disabled or warning."""
    server_status: dict[str, str] = Field({}, alias="serverStatus")
    """Server URL to UP or DOWN; load balancers only."""
    error: list[str] = []
