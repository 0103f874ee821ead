"""The parts of Traefik's API answers Tilewire reads, and its own payloads."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

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


# --- payloads --------------------------------------------------------------------------------


class TraefikCounts(Payload):
    total: int
    warnings: int
    errors: int = Field(description="disabled because of an error")


class TraefikProtocol(Payload):
    routers: TraefikCounts
    services: TraefikCounts
    middlewares: TraefikCounts | None = Field(None, description="None for UDP")


class TraefikOverview(Payload):
    """Routers, services and middlewares of each protocol, with warnings and errors."""

    version: str
    http: TraefikProtocol
    tcp: TraefikProtocol
    udp: TraefikProtocol
    warnings: int = Field(description="all protocols together")
    errors: int = Field(description="all protocols together")
    tracing: str | None = Field(description="the tracing backend, None when off")
    metrics: str | None = Field(description="the metrics backend, None when off")
    access_log: bool
    providers: list[str]


class TraefikService(Payload):
    name: str
    provider: str
    type: str
    status: str = Field(description="enabled, disabled or warning")
    servers_up: int
    servers_down: int
    error: str | None = Field(None, description="why it is disabled or warned about")


class TraefikServices(Payload):
    """HTTP services by status, and their servers' health."""

    services: list[TraefikService] = Field(
        description="services with a problem first, then by name; at most 100"
    )
    total: int
    enabled: int
    disabled: int
    warning: int
    servers_up: int
    servers_down: int
