"""The parts of the UniFi Network API (``/integration/v1``) answers Tilewire reads, and the
UniFi summary payload."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel
from integrations.capabilities import Payload

ItemT = TypeVar("ItemT")

# --- upstream --------------------------------------------------------------------------------


class AppInfo(UpstreamModel):
    """``GET /v1/info``."""

    application_version: str = Field(alias="applicationVersion", min_length=1)


class Page(UpstreamModel, Generic[ItemT]):
    """Every list answer: one page of ``data`` and the size of the whole list."""

    offset: int
    limit: int
    count: int
    total_count: int = Field(alias="totalCount")
    data: list[ItemT]


class Site(UpstreamModel):
    """One entry of ``GET /v1/sites``."""

    id: str
    internal_reference: str = Field("", alias="internalReference")
    """The site's short name in the older (controller) API, e.g. ``default``."""
    name: str


class Device(UpstreamModel):
    """One entry of ``GET /v1/sites/{siteId}/devices``."""

    id: str
    name: str = ""
    model: str = ""
    state: str
    """ONLINE, OFFLINE, PENDING_ADOPTION, UPDATING, GETTING_READY, ADOPTING, DELETING,
    CONNECTION_INTERRUPTED or ISOLATED."""
    features: list[str] = []
    """Any of switching, accessPoint, gateway."""
    firmware_updatable: bool | None = Field(None, alias="firmwareUpdatable")
    """In the overview from Network 10.x on; 9.x has it only in the device details."""


class ClientAccess(UpstreamModel):
    type: str = "DEFAULT"
    """DEFAULT or GUEST."""


class Client(UpstreamModel):
    """One entry of ``GET /v1/sites/{siteId}/clients``."""

    id: str
    name: str = ""
    type: str
    """WIRED, WIRELESS, VPN or TELEPORT."""
    access: ClientAccess = ClientAccess()


class ErrorMessage(UpstreamModel):
    """The error body every endpoint shares."""

    status_code: int | None = Field(None, alias="statusCode")
    status_name: str | None = Field(None, alias="statusName")
    code: str = ""
    message: str = ""


# --- payloads --------------------------------------------------------------------------------


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


SITE_PAGE: TypeAdapter[Page[Site]] = TypeAdapter(Page[Site])
DEVICE_PAGE: TypeAdapter[Page[Device]] = TypeAdapter(Page[Device])
CLIENT_PAGE: TypeAdapter[Page[Client]] = TypeAdapter(Page[Client])
