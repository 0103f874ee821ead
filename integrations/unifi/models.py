"""The parts of the UniFi Network API (``/integration/v1``) answers Tilewire reads."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel

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


SITE_PAGE: TypeAdapter[Page[Site]] = TypeAdapter(Page[Site])
DEVICE_PAGE: TypeAdapter[Page[Device]] = TypeAdapter(Page[Device])
CLIENT_PAGE: TypeAdapter[Page[Client]] = TypeAdapter(Page[Client])
