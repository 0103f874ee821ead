"""Traefik: routers, services and middlewares at a glance, and the HTTP services' health."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import BearerToken, NoCredentials, UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.traefik.client import TraefikClient
    from integrations.traefik.models import Overview, SchemeOverview, Section, Service, Version

MAX_SERVICES = 100
ENABLED = "enabled"
SERVER_UP = "UP"
SERVER_DOWN = "DOWN"


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


def counts_of(section: Section | None) -> TraefikCounts:
    if section is None:
        return TraefikCounts(total=0, warnings=0, errors=0)
    return TraefikCounts(total=section.total, warnings=section.warnings, errors=section.errors)


def protocol_of(scheme: SchemeOverview, *, middlewares: bool = True) -> TraefikProtocol:
    return TraefikProtocol(
        routers=counts_of(scheme.routers),
        services=counts_of(scheme.services),
        middlewares=counts_of(scheme.middlewares) if middlewares else None,
    )


def overview_of(version: Version, overview: Overview) -> TraefikOverview:
    protocols = {
        "http": protocol_of(overview.http),
        "tcp": protocol_of(overview.tcp),
        "udp": protocol_of(overview.udp, middlewares=False),
    }
    sections = [
        counts
        for protocol in protocols.values()
        for counts in (protocol.routers, protocol.services, protocol.middlewares)
        if counts is not None
    ]
    features = overview.features
    return TraefikOverview(
        version=version.version,
        **protocols,
        warnings=sum(c.warnings for c in sections),
        errors=sum(c.errors for c in sections),
        tracing=features.tracing or None,
        metrics=features.metrics or None,
        access_log=features.access_log,
        providers=overview.providers,
    )


def service_of(service: Service) -> TraefikService:
    states = list(service.server_status.values())
    return TraefikService(
        name=service.name,
        provider=service.provider or service.name.partition("@")[2],
        type=service.type,
        status=service.status,
        servers_up=states.count(SERVER_UP),
        servers_down=states.count(SERVER_DOWN),
        error="; ".join(service.error) or None,
    )


def services_of(items: list[Service]) -> TraefikServices:
    services = [service_of(s) for s in items]
    trouble_first = sorted(
        services, key=lambda s: (s.status == ENABLED and s.servers_down == 0, s.name)
    )
    return TraefikServices(
        services=trouble_first[:MAX_SERVICES],
        total=len(services),
        enabled=sum(s.status == ENABLED for s in services),
        disabled=sum(s.status == "disabled" for s in services),
        warning=sum(s.status == "warning" for s in services),
        servers_up=sum(s.servers_up for s in services),
        servers_down=sum(s.servers_down for s in services),
    )


class Traefik(Integration["TraefikClient"]):
    """A Traefik Proxy v2 or v3 with its API enabled."""

    id = "traefik"
    name = "Traefik"
    icon = "traefik"
    categories = ("network", "proxy")
    docs_url = "https://doc.traefik.io/traefik/operations/api/"
    verification = "Built from the Traefik API documentation, versions 2 and 3"
    default_port = 8080
    credentials = (NoCredentials, UsernamePassword, BearerToken)
    client_class = "integrations.traefik.client:TraefikClient"

    async def test_connection(self, client: TraefikClient) -> ServiceInfo:
        from integrations.traefik.models import Version

        version = await client.get_json("api/version", Version)
        details = {"codename": version.codename} if version.codename else {}
        return ServiceInfo(version=version.version, details=details)

    @endpoint(
        "overview",
        name="Overview",
        description="HTTP, TCP and UDP routers, services and middlewares with their warnings "
        "and errors; tracing, metrics and access-log features; providers.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def overview(self, client: TraefikClient) -> TraefikOverview:
        from integrations.traefik.models import Overview, Version

        version, overview = await together(
            client.get_json("api/version", Version), client.get_json("api/overview", Overview)
        )
        return overview_of(version, overview)

    @endpoint(
        "services",
        name="HTTP services",
        description="HTTP services by status (enabled, disabled, warning) with their servers "
        "up and down, problems first.",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def services(self, client: TraefikClient) -> TraefikServices:
        from integrations.traefik.models import Service

        return services_of(await client.pages("api/http/services", list[Service]))
