"""The Omada Controller web API (v2) answers Tilewire reads, as controllers 5.x send them.

Every answer, errors included, is an envelope ``{"errorCode": 0, "msg": "...", "result": ...}``
with HTTP 200; ``errorCode`` 0 means success. Lists are pages: ``result`` holds ``totalRows``,
``currentPage``, ``currentSize`` (the page size asked for) and ``data``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from integrations.base import UpstreamModel


class Answer(UpstreamModel):
    """The envelope of every answer; ``result`` is read by the caller once ``error_code`` is
    0 (an error's ``result`` is null or absent)."""

    error_code: int = Field(alias="errorCode")
    msg: str | None = None
    result: Any = None


class ControllerInfo(UpstreamModel):
    """``GET /api/info`` (no login): the controller's id, which every other path starts with,
    and its version."""

    omadac_id: str = Field(alias="omadacId", min_length=1, max_length=64, pattern=r"^[\w-]+$")
    controller_ver: str = Field(alias="controllerVer", max_length=64)
    api_ver: str | None = Field(None, alias="apiVer", max_length=32)


class LoginResult(UpstreamModel):
    """``POST /{omadacId}/api/v2/login``: the CSRF token sent as ``Csrf-Token`` afterwards
    (the session itself is the ``TPOMADA_SESSIONID`` cookie of the same answer)."""

    token: str = Field(min_length=1, max_length=512)


class Site(UpstreamModel):
    """One entry of ``GET /{omadacId}/api/v2/sites``."""

    id: str = Field(min_length=1, max_length=64)
    name: str = Field(max_length=256)


class SitePage(UpstreamModel):
    total_rows: int = Field(alias="totalRows", ge=0)
    data: list[Site]


class OverviewDiagram(UpstreamModel):
    """``GET /{omadacId}/api/v2/sites/{siteId}/dashboard/overviewDiagram``: the site's device
    and client totals (the same fields as the Open API's ``GetDashboardOverview``)."""

    total_gateway_num: int = Field(alias="totalGatewayNum", ge=0)
    connected_gateway_num: int = Field(alias="connectedGatewayNum", ge=0)
    disconnected_gateway_num: int = Field(alias="disconnectedGatewayNum", ge=0)
    total_switch_num: int = Field(alias="totalSwitchNum", ge=0)
    connected_switch_num: int = Field(alias="connectedSwitchNum", ge=0)
    disconnected_switch_num: int = Field(alias="disconnectedSwitchNum", ge=0)
    total_ap_num: int = Field(alias="totalApNum", ge=0)
    connected_ap_num: int = Field(alias="connectedApNum", ge=0)
    isolated_ap_num: int | None = Field(None, alias="isolatedApNum", ge=0)
    disconnected_ap_num: int = Field(alias="disconnectedApNum", ge=0)
    total_client_num: int = Field(alias="totalClientNum", ge=0)
    wired_client_num: int = Field(alias="wiredClientNum", ge=0)
    wireless_client_num: int = Field(alias="wirelessClientNum", ge=0)
    guest_num: int | None = Field(None, alias="guestNum", ge=0)


class AlertCount(UpstreamModel):
    """``GET /{omadacId}/api/v2/sites/{siteId}/alerts/num``: how many alerts the site has."""

    alert_num: int = Field(alias="alertNum", ge=0)
