"""The parts of Gluetun's control server answers Tilewire reads (Gluetun 3.41.1:
internal/server, internal/models/publicip.go and build.go)."""

from __future__ import annotations

from integrations.base import UpstreamModel


class Status(UpstreamModel):
    """``GET /v1/vpn/status`` (``/v1/openvpn/status`` before 3.35)."""

    status: str


class PublicIP(UpstreamModel):
    """``GET /v1/publicip/ip``: the address the VPN exits from, and where it is."""

    public_ip: str = ""
    region: str = ""
    country: str = ""
    city: str = ""
    hostname: str = ""
    organization: str = ""
    timezone: str = ""


class PortForwarded(UpstreamModel):
    """``GET /v1/portforward`` (``/v1/openvpn/portforwarded`` before): ``port`` for none (0) or
    one, ``ports`` for several."""

    port: int | None = None
    ports: list[int] | None = None


class BuildInformation(UpstreamModel):
    """``GET /v1/version``."""

    version: str = ""
    commit: str = ""
