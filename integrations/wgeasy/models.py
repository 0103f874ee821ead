"""The parts of wg-easy's client list Tilewire reads (15.4.0: the client record, merged with
the WireGuard dump's handshake, endpoint and transfer)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from integrations.base import UpstreamModel


class Client(UpstreamModel):
    """One of ``GET /api/client``."""

    id: int
    name: str
    enabled: bool = True
    ipv4_address: str | None = Field(None, alias="ipv4Address")
    expires_at: datetime | None = Field(None, alias="expiresAt")
    latest_handshake_at: datetime | None = Field(None, alias="latestHandshakeAt")
    transfer_rx: int | None = Field(None, alias="transferRx")
    transfer_tx: int | None = Field(None, alias="transferTx")
