"""Nginx Proxy Manager: host counts, and the proxy hosts with their state and certificate,
problems first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.npm.client import NginxProxyManagerClient
    from integrations.npm.models import HostsReport, ProxyHost

MAX_HOSTS = 50
EXPIRING_WITHIN = timedelta(days=14)


class NginxProxyManagerHost(Payload):
    domains: list[str]
    forward: str = Field(description="where it forwards: scheme://host:port")
    enabled: bool
    online: bool | None = Field(None, description="nginx accepted its config; null: unknown")
    error: str | None = Field(None, description="nginx's error for its config")
    certificate: str | None = Field(None, description="the certificate's name")
    certificate_expires: datetime | None = None
    certificate_expiring: bool = Field(description="the certificate expires within 14 days")


class NginxProxyManagerHosts(Payload):
    """Host counts by kind, and the proxy hosts: offline and expiring first."""

    proxy_hosts: int
    redirection_hosts: int
    streams: int
    dead_hosts: int = Field(description="404 hosts")
    enabled: int = Field(description="proxy hosts enabled")
    disabled: int
    offline: int = Field(description="enabled proxy hosts nginx did not accept")
    certificates_expiring: int = Field(description="proxy hosts whose certificate expires soon")
    hosts: list[NginxProxyManagerHost] = Field(description="at most 50")


def _host(host: ProxyHost, now: datetime) -> NginxProxyManagerHost:
    cert = host.certificate
    expires = cert.expires_on if cert is not None else None
    port = f":{host.forward_port}" if host.forward_port else ""
    return NginxProxyManagerHost(
        domains=host.domain_names[:10],
        forward=f"{host.forward_scheme}://{host.forward_host}{port}",
        enabled=host.enabled,
        online=host.meta.nginx_online,
        error=(host.meta.nginx_err or "")[:300] or None,
        certificate=(cert.nice_name or None) if cert is not None else None,
        certificate_expires=expires,
        certificate_expiring=expires is not None and expires <= now + EXPIRING_WITHIN,
    )


def hosts_of(report: HostsReport, hosts: list[ProxyHost], now: datetime) -> NginxProxyManagerHosts:
    listed = [_host(h, now) for h in hosts]
    offline = [h for h in listed if h.enabled and h.online is False]
    listed.sort(
        key=lambda h: (
            not (h.enabled and h.online is False),
            not h.certificate_expiring,
            not h.enabled,
            (h.domains[0] if h.domains else "").casefold(),
        )
    )
    return NginxProxyManagerHosts(
        proxy_hosts=report.proxy,
        redirection_hosts=report.redirection,
        streams=report.stream,
        dead_hosts=report.dead,
        enabled=sum(h.enabled for h in listed),
        disabled=sum(not h.enabled for h in listed),
        offline=len(offline),
        certificates_expiring=sum(h.certificate_expiring for h in listed),
        hosts=listed[:MAX_HOSTS],
    )


class NginxProxyManager(Integration["NginxProxyManagerClient"]):
    id = "npm"
    name = "Nginx Proxy Manager"
    icon = "nginx-proxy-manager"
    categories = ("network",)
    docs_url = (
        "https://github.com/NginxProxyManager/nginx-proxy-manager/tree/develop/backend/schema"
    )
    verification = "Built from the Nginx Proxy Manager API schema, version 2.15.1"
    default_port = 81
    credentials = (UsernamePassword,)
    client_class = "integrations.npm.client:NginxProxyManagerClient"

    async def test_connection(self, client: NginxProxyManagerClient) -> ServiceInfo:
        from integrations.npm.models import HostsReport

        report = await client.get_json("api/reports/hosts", HostsReport)
        return ServiceInfo.of(None, {"proxyHosts": str(report.proxy)})

    @endpoint(
        "hosts",
        name="Hosts",
        description="Proxy, redirection, stream and 404 host counts, and the proxy hosts with "
        "whether nginx accepted them and their certificate's expiry, problems first.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def hosts(self, client: NginxProxyManagerClient) -> NginxProxyManagerHosts:
        from pydantic import TypeAdapter

        from integrations.npm.models import HostsReport, ProxyHost

        report, hosts = await together(
            client.get_json("api/reports/hosts", HostsReport),
            client.get_json(
                "api/nginx/proxy-hosts",
                TypeAdapter(list[ProxyHost]),
                params={"expand": "certificate"},
            ),
        )
        return hosts_of(report, hosts, datetime.now(UTC))
