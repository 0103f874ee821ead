"""The parts of Tailscale's device objects Tilewire reads (publicapi/device.md, "Attributes")."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from integrations.base import UpstreamModel


class Device(UpstreamModel):
    id: str = ""
    node_id: str = Field("", alias="nodeId")
    name: str = ""
    """The MagicDNS name (pangolin.tailfe8c.ts.net)."""
    hostname: str = ""
    user: str = ""
    os: str = ""
    addresses: list[str] = Field(default_factory=list)
    client_version: str = Field("", alias="clientVersion")
    update_available: bool = Field(False, alias="updateAvailable")
    last_seen: datetime | None = Field(None, alias="lastSeen")
    connected_to_control: bool | None = Field(None, alias="connectedToControl")
    """Whether the device is connected to the coordination server now (newer API answers)."""
    key_expiry_disabled: bool = Field(False, alias="keyExpiryDisabled")
    expires: datetime | None = None
    authorized: bool = True
    is_external: bool = Field(False, alias="isExternal")
    tags: list[str] = Field(default_factory=list)


class Devices(UpstreamModel):
    """``GET /api/v2/tailnet/{tailnet}/devices``."""

    devices: list[Device]
