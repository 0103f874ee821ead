"""wg-easy: the WireGuard clients, connected or not, and what they transferred."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import Field, TypeAdapter

from integrations.capabilities import Payload
from integrations.config import UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.wgeasy.client import WgEasyClient
    from integrations.wgeasy.models import Client

CLIENTS_PATH = "api/client"
CONNECTED_WITHIN = timedelta(minutes=3)
"""WireGuard renews a live peer's handshake every two minutes."""
MAX_CLIENTS = 100


class WgEasyPeer(Payload):
    name: str
    address: str | None = None
    enabled: bool
    connected: bool = Field(description="a handshake in the last 3 minutes")
    last_handshake: datetime | None = None
    received_bytes: int | None = None
    sent_bytes: int | None = None
    expires: datetime | None = None


class WgEasyClients(Payload):
    """The WireGuard clients: connected first, then by name."""

    total: int
    enabled: int
    connected: int
    received_bytes: int = Field(description="by every client since the interface started")
    sent_bytes: int
    clients: list[WgEasyPeer] = Field(description="at most 100")


def clients_of(found: list[Client], now: datetime) -> WgEasyClients:
    peers = [
        WgEasyPeer(
            name=c.name,
            address=c.ipv4_address,
            enabled=c.enabled,
            connected=c.latest_handshake_at is not None
            and now - c.latest_handshake_at <= CONNECTED_WITHIN,
            last_handshake=c.latest_handshake_at,
            received_bytes=c.transfer_rx,
            sent_bytes=c.transfer_tx,
            expires=c.expires_at,
        )
        for c in found
    ]
    peers.sort(key=lambda p: (not p.connected, not p.enabled, p.name.casefold()))
    return WgEasyClients(
        total=len(peers),
        enabled=sum(p.enabled for p in peers),
        connected=sum(p.connected for p in peers),
        received_bytes=sum(p.received_bytes or 0 for p in peers),
        sent_bytes=sum(p.sent_bytes or 0 for p in peers),
        clients=peers[:MAX_CLIENTS],
    )


class WgEasy(Integration["WgEasyClient"]):
    id = "wgeasy"
    name = "wg-easy"
    icon = "wireguard"
    categories = ("network",)
    docs_url = "https://wg-easy.github.io/wg-easy/latest/advanced/api/"
    verification = "Built from the wg-easy API documentation and sources, version 15.4.0"
    default_port = 51821
    credentials = (UsernamePassword,)
    client_class = "integrations.wgeasy.client:WgEasyClient"

    async def _clients(self, client: WgEasyClient) -> WgEasyClients:
        from integrations.wgeasy.models import Client

        found = await client.get_json(CLIENTS_PATH, TypeAdapter(list[Client]))
        return clients_of(found, datetime.now(UTC))

    async def test_connection(self, client: WgEasyClient) -> ServiceInfo:
        clients = await self._clients(client)
        return ServiceInfo.of(None, {"clients": str(clients.total)})

    @endpoint(
        "clients",
        name="Clients",
        description="The WireGuard clients enabled and connected (a handshake in the last 3 "
        "minutes), with what each received and sent; connected first.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def clients(self, client: WgEasyClient) -> WgEasyClients:
        return await self._clients(client)
