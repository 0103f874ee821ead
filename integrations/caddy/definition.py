"""Caddy: the reverse proxy's upstreams and their health, read from the admin API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import NoCredentials, UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.caddy.client import CaddyClient


class CaddyUpstream(Payload):
    address: str
    healthy: bool = Field(
        description="no failure counted (fails == 0): Caddy 2.6 reports counts, not health"
    )
    num_requests: int = Field(description="requests in flight to it now")
    fails: int = Field(description="failures counted by passive health checks (fail_duration)")


class CaddyUpstreams(Payload):
    """Every reverse-proxy upstream Caddy knows, by address, and how many are healthy."""

    upstreams: list[CaddyUpstream]
    healthy: int
    unhealthy: int
    total: int


class Caddy(Integration["CaddyClient"]):
    """Caddy 2's admin API (``admin`` global option, default localhost:2019)."""

    id = "caddy"
    name = "Caddy"
    icon = "caddy"
    categories = ("network", "proxy")
    docs_url = "https://caddyserver.com/docs/api"
    verification = "Verified against a running Caddy 2.6.2 (Debian bookworm)"
    default_port = 2019
    credentials = (NoCredentials, UsernamePassword)
    client_class = "integrations.caddy.client:CaddyClient"

    async def test_connection(self, client: CaddyClient) -> ServiceInfo:
        from integrations.caddy.models import CONFIG

        # The admin API has no version endpoint (2.6), and its answers carry no Server header.
        config = await client.admin("config/", CONFIG)
        apps = sorted(config.apps) if config is not None else []
        servers = config.http_servers() if config is not None else 0
        return ServiceInfo(
            version=None, details={"apps": ", ".join(apps) or "none", "httpServers": str(servers)}
        )

    @endpoint(
        "upstreams",
        name="Upstreams",
        description="Every reverse-proxy upstream by address, healthy when Caddy counts no "
        "failure for it.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def upstreams(self, client: CaddyClient) -> CaddyUpstreams:
        from integrations.caddy.models import UPSTREAMS

        found = await client.admin("reverse_proxy/upstreams", UPSTREAMS)
        items = [
            CaddyUpstream(
                address=u.address,
                healthy=u.fails == 0,
                num_requests=u.num_requests,
                fails=u.fails,
            )
            for u in sorted(found, key=lambda u: u.address)  # Caddy lists them in map order
        ]
        healthy = sum(u.healthy for u in items)
        return CaddyUpstreams(
            upstreams=items, healthy=healthy, unhealthy=len(items) - healthy, total=len(items)
        )
