"""TP-Link Omada Controller (software controller or OC hardware controller, 5.x): a site's
devices and clients, its alerts, and the sites the account sees."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ConfigModel, UsernamePassword, field
from integrations.errors import IntegrationError
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.omada.client import OmadaClient
    from integrations.omada.models import OverviewDiagram

MAX_SITES = 50
"""Sites the site list shows at most."""


class OmadaSettings(ConfigModel):
    """Which site the overview shows."""

    site: str = field(
        "Site",
        default="",
        max_length=200,
        help="The site's name as the controller lists it (e.g. Default); empty shows the "
        "first site the account sees.",
    )


class OmadaDeviceCounts(Payload):
    """Adopted devices of one kind."""

    total: int
    connected: int
    disconnected: int
    isolated: int | None = Field(
        None,
        description="access points only: connected to power but with no uplink (None for "
        "gateways and switches, and when the controller does not say)",
    )


class OmadaClientCounts(Payload):
    """Clients connected to the site now."""

    total: int
    wired: int
    wireless: int
    guests: int | None = Field(
        None, description="guest clients (part of the total); None when the controller does not say"
    )


class OmadaOverview(Payload):
    """One site: its gateways, switches and access points connected and disconnected, its
    clients, and its alerts."""

    site: str = Field(description="the site's name")
    site_id: str
    gateways: OmadaDeviceCounts
    switches: OmadaDeviceCounts
    access_points: OmadaDeviceCounts
    clients: OmadaClientCounts
    alerts: int | None = Field(
        None,
        description="the site's alert count; None when the controller has no alert count call",
    )


class OmadaSite(Payload):
    id: str
    name: str


class OmadaSites(Payload):
    """The sites the account sees, in the controller's order."""

    sites: list[OmadaSite] = Field(description=f"the first {MAX_SITES}")
    total: int = Field(description="all the sites the account sees")


def overview_of(
    site_name: str, site_id: str, diagram: OverviewDiagram, alerts: int | None
) -> OmadaOverview:
    return OmadaOverview(
        site=site_name,
        site_id=site_id,
        gateways=OmadaDeviceCounts(
            total=diagram.total_gateway_num,
            connected=diagram.connected_gateway_num,
            disconnected=diagram.disconnected_gateway_num,
        ),
        switches=OmadaDeviceCounts(
            total=diagram.total_switch_num,
            connected=diagram.connected_switch_num,
            disconnected=diagram.disconnected_switch_num,
        ),
        access_points=OmadaDeviceCounts(
            total=diagram.total_ap_num,
            connected=diagram.connected_ap_num,
            disconnected=diagram.disconnected_ap_num,
            isolated=diagram.isolated_ap_num,
        ),
        clients=OmadaClientCounts(
            total=diagram.total_client_num,
            wired=diagram.wired_client_num,
            wireless=diagram.wireless_client_num,
            guests=diagram.guest_num,
        ),
        alerts=alerts,
    )


class Omada(Integration["OmadaClient"]):
    """TP-Link Omada Controller through its web API v2 (login session)."""

    id = "omada"
    name = "Omada"
    icon = "omada"
    categories = ("network",)
    docs_url = "https://community.tp-link.com/en/business/forum/topic/253944"
    verification = (
        "Built from the Omada API documentation, version 5.x (TP-Link's Omada Controller "
        "5.0.15+ web API conventions and Open API reference, with answers recorded from "
        "controller 5.12.9)"
    )
    default_port = 8043
    credentials = (UsernamePassword,)
    extra = OmadaSettings
    client_class = "integrations.omada.client:OmadaClient"

    async def test_connection(self, client: OmadaClient) -> ServiceInfo:
        controller = await client.controller()
        site, total = await client.find_site()  # logs in: proves the username and password
        details = {"apiVersion": controller.api_ver, "sites": str(total), "site": site.name}
        return ServiceInfo.of(controller.controller_ver, details)

    @endpoint(
        "overview",
        name="Site overview",
        description="The chosen site's gateways, switches and access points connected and "
        "disconnected, its clients (wired, wireless, guests) and its alert count.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def overview(self, client: OmadaClient) -> OmadaOverview:
        from integrations.omada.models import AlertCount, OverviewDiagram

        site = await client.site()
        try:
            diagram, alerts = await together(
                client.api(f"sites/{site.id}/dashboard/overviewDiagram", OverviewDiagram),
                optional(client.api(f"sites/{site.id}/alerts/num", AlertCount)),
            )
        except IntegrationError:
            client.chosen_site = None  # renamed or deleted: look it up again next time
            raise
        count = alerts.alert_num if alerts is not None else None
        return overview_of(site.name, site.id, diagram, count)

    @endpoint(
        "sites",
        name="Sites",
        description=f"The first {MAX_SITES} sites the account sees, and how many there are.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def sites(self, client: OmadaClient) -> OmadaSites:
        sites, total = await client.list_sites(MAX_SITES)
        return OmadaSites(
            sites=[OmadaSite(id=site.id, name=site.name) for site in sites], total=total
        )
