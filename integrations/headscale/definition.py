"""Headscale: the tailnet's nodes, online or not, their users, addresses and expiry."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import BearerToken
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.headscale.client import HeadscaleClient
    from integrations.headscale.models import Node

NODES_PATH = "api/v1/node"
VERSION_PATH = "version"
MAX_NODES = 100
NEVER = datetime(1, 1, 2, tzinfo=UTC)
"""Go's zero time (0001-01-01) means "never expires"; anything before this is that."""


class HeadscaleNode(Payload):
    name: str = Field(description="the node's given name (its MagicDNS name), else its hostname")
    hostname: str
    user: str | None = None
    addresses: list[str] = Field(description="its tailnet IPv4 and IPv6 addresses")
    online: bool
    last_seen: datetime | None = None
    expires: datetime | None = Field(None, description="when its key expires; null: never")
    expired: bool
    tags: list[str]
    routes: int = Field(description="subnet routes it advertises and an admin approved")
    pending_routes: int = Field(description="subnet routes it advertises, not approved yet")


class HeadscaleNodes(Payload):
    """The tailnet's nodes: offline and expired ones first."""

    online: int
    offline: int
    expired: int
    total: int
    nodes: list[HeadscaleNode] = Field(description="offline first, then by name (at most 100)")


def _node(node: Node, now: datetime) -> HeadscaleNode:
    expires = node.expiry if node.expiry is not None and node.expiry > NEVER else None
    return HeadscaleNode(
        name=node.given_name or node.name or node.id,
        hostname=node.name,
        user=(node.user.display_name or node.user.name or None) if node.user else None,
        addresses=node.ip_addresses[:4],
        online=node.online,
        last_seen=node.last_seen if node.last_seen is not None and node.last_seen > NEVER else None,
        expires=expires,
        expired=expires is not None and expires <= now,
        tags=node.tags[:20],
        routes=len(node.approved_routes),
        pending_routes=len(set(node.available_routes) - set(node.approved_routes)),
    )


def nodes_of(nodes: list[Node], now: datetime) -> HeadscaleNodes:
    listed = sorted((_node(n, now) for n in nodes), key=lambda n: (n.online, n.name.casefold()))
    return HeadscaleNodes(
        online=sum(n.online for n in listed),
        offline=sum(not n.online for n in listed),
        expired=sum(n.expired for n in listed),
        total=len(listed),
        nodes=listed[:MAX_NODES],
    )


class Headscale(Integration["HeadscaleClient"]):
    id = "headscale"
    name = "Headscale"
    icon = "headscale"
    categories = ("network",)
    docs_url = "https://github.com/juanfont/headscale/tree/main/gen/openapiv2/headscale/v1"
    verification = "Built from the Headscale API documentation (OpenAPI), version 0.29.2"
    default_port = 8080
    credentials = (BearerToken,)
    client_class = "integrations.headscale.client:HeadscaleClient"

    async def test_connection(self, client: HeadscaleClient) -> ServiceInfo:
        from integrations.headscale.models import Nodes, VersionInfo

        nodes, version = await together(
            client.get_json(NODES_PATH, Nodes),
            optional(client.get_json(VERSION_PATH, VersionInfo)),
        )
        return ServiceInfo.of(
            version.version if version is not None else None,
            {"nodes": str(len(nodes.nodes))},
        )

    @endpoint(
        "nodes",
        name="Nodes",
        description="The tailnet's nodes online, offline and expired, with user, addresses, "
        "last seen, key expiry and subnet routes, offline first.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def nodes(self, client: HeadscaleClient) -> HeadscaleNodes:
        from integrations.headscale.models import Nodes

        found = await client.get_json(NODES_PATH, Nodes)
        return nodes_of(found.nodes, datetime.now(UTC))
