"""Tailscale: the tailnet's devices, online or not, with client updates and key expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import BearerToken, ConfigModel, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.tailscale.client import TailscaleClient
    from integrations.tailscale.models import Device

MAX_DEVICES = 100
ONLINE_WITHIN = timedelta(minutes=5)
"""Without ``connectedToControl``, a device seen this recently counts as online."""
EXPIRING_WITHIN = timedelta(days=7)


class TailscaleSettings(ConfigModel):
    """Which tailnet to list."""

    tailnet: str = field(
        "Tailnet",
        default="-",
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9@._-]+$",
        help="The tailnet's name (Settings, General) or - for the token's own tailnet.",
    )


class TailscaleDevice(Payload):
    name: str = Field(description="the machine name")
    dns_name: str | None = Field(None, description="the MagicDNS name")
    user: str | None = None
    os: str | None = None
    addresses: list[str]
    client_version: str | None = None
    update_available: bool
    online: bool
    last_seen: datetime | None = None
    expires: datetime | None = Field(None, description="when its key expires; null: never")
    expired: bool
    expiring_soon: bool = Field(description="its key expires within 7 days")
    authorized: bool
    external: bool = Field(description="shared into the tailnet from another one")
    tags: list[str]


class TailscaleDevices(Payload):
    """The tailnet's devices: expired, then offline ones first."""

    online: int
    offline: int
    updates_available: int = Field(description="devices whose client has an update")
    expiring_soon: int = Field(description="devices whose key expires within 7 days")
    expired: int
    total: int
    devices: list[TailscaleDevice] = Field(description="at most 100")


def _device(device: Device, now: datetime) -> TailscaleDevice:
    online = device.connected_to_control
    if online is None:
        online = device.last_seen is not None and now - device.last_seen <= ONLINE_WITHIN
    expires = None if device.key_expiry_disabled else device.expires
    return TailscaleDevice(
        name=device.hostname or device.name.split(".")[0] or device.id,
        dns_name=device.name or None,
        user=device.user or None,
        os=device.os or None,
        addresses=device.addresses[:4],
        client_version=device.client_version or None,
        update_available=device.update_available,
        online=online,
        last_seen=device.last_seen,
        expires=expires,
        expired=expires is not None and expires <= now,
        expiring_soon=expires is not None and now < expires <= now + EXPIRING_WITHIN,
        authorized=device.authorized,
        external=device.is_external,
        tags=device.tags[:20],
    )


def devices_of(devices: list[Device], now: datetime) -> TailscaleDevices:
    listed = sorted(
        (_device(d, now) for d in devices),
        key=lambda d: (not d.expired, d.online, d.name.casefold()),
    )
    return TailscaleDevices(
        online=sum(d.online for d in listed),
        offline=sum(not d.online for d in listed),
        updates_available=sum(d.update_available for d in listed),
        expiring_soon=sum(d.expiring_soon for d in listed),
        expired=sum(d.expired for d in listed),
        total=len(listed),
        devices=listed[:MAX_DEVICES],
    )


class Tailscale(Integration["TailscaleClient"]):
    id = "tailscale"
    name = "Tailscale"
    icon = "tailscale"
    categories = ("network",)
    docs_url = "https://tailscale.com/api"
    verification = "Built from the Tailscale API documentation, version 2 (publicapi)"
    credentials = (BearerToken,)
    extra = TailscaleSettings
    client_class = "integrations.tailscale.client:TailscaleClient"

    async def _devices(self, client: TailscaleClient) -> list[Device]:
        from integrations.tailscale.models import Devices

        extra = client.config.extra
        tailnet = extra.tailnet if isinstance(extra, TailscaleSettings) else "-"
        return (await client.get_json(f"api/v2/tailnet/{tailnet}/devices", Devices)).devices

    async def test_connection(self, client: TailscaleClient) -> ServiceInfo:
        payload = devices_of(await self._devices(client), datetime.now(UTC))
        return ServiceInfo.of(None, {"devices": str(payload.total), "online": str(payload.online)})

    @endpoint(
        "devices",
        name="Devices",
        description="The tailnet's devices online and offline, client updates available, keys "
        "expired or expiring within 7 days, expired and offline first.",
        ttl=60.0,
        min_refresh=30.0,
    )
    async def devices(self, client: TailscaleClient) -> TailscaleDevices:
        return devices_of(await self._devices(client), datetime.now(UTC))
