"""UniFi Network: sites, adopted devices by kind and state, and connected clients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey, ConfigModel, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.unifi.client import UnifiClient
    from integrations.unifi.models import Client, Device, Site

ONLINE = frozenset({"ONLINE"})
OFFLINE = frozenset({"OFFLINE", "CONNECTION_INTERRUPTED", "ISOLATED"})
GATEWAY, ACCESS_POINT, SWITCHING = "gateway", "accessPoint", "switching"
WIRED, WIRELESS = "WIRED", "WIRELESS"
VPN_TYPES = frozenset({"VPN", "TELEPORT"})
GUEST = "GUEST"
MAX_SITES = 20
"""Sites read at most (each costs a device and a client list)."""


class UnifiSettings(ConfigModel):
    """Which site to show."""

    site: str = field(
        "Site",
        default="",
        max_length=200,
        help="Name, short name (e.g. default) or id of one site; empty shows every site.",
    )


class UnifiDeviceCounts(Payload):
    total: int
    online: int
    offline: int = Field(description="offline, connection interrupted or isolated")
    other: int = Field(description="adopting, updating, getting ready, pending adoption, deleting")


class UnifiClientCounts(Payload):
    total: int = Field(description="connected clients, as the site reports the total")
    wired: int
    wireless: int
    vpn: int = Field(description="VPN and Teleport connections")
    guests: int


class UnifiSite(Payload):
    id: str
    name: str
    devices: UnifiDeviceCounts
    clients: UnifiClientCounts


class UnifiSummary(Payload):
    """Sites, adopted devices by kind and state, and connected clients by connection type."""

    version: str = Field(description="UniFi Network application version")
    sites: list[UnifiSite]
    devices: UnifiDeviceCounts = Field(description="every adopted device of the sites shown")
    gateways: UnifiDeviceCounts = Field(description="devices with the gateway feature (ugw)")
    access_points: UnifiDeviceCounts = Field(
        description="devices with the access point feature and no gateway (uap)"
    )
    switches: UnifiDeviceCounts = Field(description="the other switching devices (usw)")
    firmware_updates: int | None = Field(
        None, description="devices with a firmware update; None when the API does not say (9.x)"
    )
    clients: UnifiClientCounts


def kind_of(device: Device) -> str | None:
    """gateway, accessPoint or switching: a console with all three counts as a gateway, and
    an access point with a built-in switch (in-wall models) as an access point."""
    for kind in (GATEWAY, ACCESS_POINT, SWITCHING):
        if kind in device.features:
            return kind
    return None


def device_counts(devices: Iterable[Device]) -> UnifiDeviceCounts:
    states = [device.state for device in devices]
    online = sum(state in ONLINE for state in states)
    offline = sum(state in OFFLINE for state in states)
    return UnifiDeviceCounts(
        total=len(states), online=online, offline=offline, other=len(states) - online - offline
    )


def client_counts(clients: Iterable[Client], total: int | None = None) -> UnifiClientCounts:
    shown = list(clients)
    return UnifiClientCounts(
        total=len(shown) if total is None else total,
        wired=sum(c.type == WIRED for c in shown),
        wireless=sum(c.type == WIRELESS for c in shown),
        vpn=sum(c.type in VPN_TYPES for c in shown),
        guests=sum(c.access.type == GUEST for c in shown),
    )


def add_clients(counts: Iterable[UnifiClientCounts]) -> UnifiClientCounts:
    items = list(counts)
    return UnifiClientCounts(
        total=sum(c.total for c in items),
        wired=sum(c.wired for c in items),
        wireless=sum(c.wireless for c in items),
        vpn=sum(c.vpn for c in items),
        guests=sum(c.guests for c in items),
    )


def chosen_sites(sites: list[Site], wanted: str, client: UnifiClient) -> list[Site]:
    """The configured site (matched by id, short name or name), or every site."""
    if not wanted:
        return sites[:MAX_SITES]
    needle = wanted.casefold()
    for site in sites:
        if needle in (site.id.casefold(), site.internal_reference.casefold(), site.name.casefold()):
            return [site]
    names = ", ".join(site.name for site in sites[:10]) or "none"
    raise IntegrationError(
        ErrorCode.NOT_FOUND,
        f"UniFi Network has no site {wanted!r} (sites: {names})",
        url=client.config.base_url,
    )


async def _site(client: UnifiClient, site: Site) -> tuple[Site, list[Device], UnifiClientCounts]:
    from integrations.unifi.models import CLIENT_PAGE, DEVICE_PAGE

    (devices, _), (clients, total) = await together(
        client.everything(f"sites/{site.id}/devices", DEVICE_PAGE),
        client.everything(f"sites/{site.id}/clients", CLIENT_PAGE),
    )
    return site, devices, client_counts(clients, total)


class Unifi(Integration["UnifiClient"]):
    """A UniFi Network application (UniFi OS console or server), official API v1."""

    id = "unifi"
    name = "UniFi Network"
    icon = "unifi"
    categories = ("network",)
    docs_url = "https://developer.ui.com/network/v9.4.17/gettingstarted"
    verification = "Built from the UniFi Network API documentation, version 9.4.17"
    default_port = 443
    credentials = (ApiKey,)
    extra = UnifiSettings
    client_class = "integrations.unifi.client:UnifiClient"

    async def test_connection(self, client: UnifiClient) -> ServiceInfo:
        from integrations.unifi.models import SITE_PAGE

        prefix = await client.api_prefix()  # detect once, not once per concurrent request
        info, (sites, total) = await together(client.info(), client.everything("sites", SITE_PAGE))
        chosen = chosen_sites(sites, client.settings.site, client)
        details = {"apiPath": f"/{prefix}", "sites": str(total)}
        if client.settings.site:
            details["site"] = chosen[0].name
        return ServiceInfo(version=info.application_version, details=details)

    @endpoint(
        "summary",
        name="Summary",
        description="Sites; adopted devices online, offline and otherwise, in all and by kind "
        "(gateways, access points, switches); connected clients wired, wireless, VPN and guest.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def summary(self, client: UnifiClient) -> UnifiSummary:
        from integrations.unifi.models import SITE_PAGE

        await client.api_prefix()
        info, (sites, _) = await together(client.info(), client.everything("sites", SITE_PAGE))
        chosen = chosen_sites(sites, client.settings.site, client)
        read = await together(*(_site(client, site) for site in chosen))
        devices = [device for _, site_devices, _ in read for device in site_devices]
        kinds = [kind_of(device) for device in devices]
        reported = [d.firmware_updatable for d in devices if d.firmware_updatable is not None]
        return UnifiSummary(
            version=info.application_version,
            sites=[
                UnifiSite(
                    id=site.id,
                    name=site.name,
                    devices=device_counts(site_devices),
                    clients=clients,
                )
                for site, site_devices, clients in read
            ],
            devices=device_counts(devices),
            gateways=device_counts(d for d, k in zip(devices, kinds, strict=True) if k == GATEWAY),
            access_points=device_counts(
                d for d, k in zip(devices, kinds, strict=True) if k == ACCESS_POINT
            ),
            switches=device_counts(
                d for d, k in zip(devices, kinds, strict=True) if k == SWITCHING
            ),
            firmware_updates=sum(reported) if reported else None,
            clients=add_clients(clients for _, _, clients in read),
        )
