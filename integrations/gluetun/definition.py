"""Gluetun: whether the VPN runs, the public address it exits from, and the forwarded port."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey, NoCredentials, UsernamePassword
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.gluetun.client import GluetunClient
    from integrations.gluetun.models import PortForwarded, PublicIP, Status

STATUS_PATHS = ("v1/vpn/status", "v1/openvpn/status")
PORT_PATHS = ("v1/portforward", "v1/openvpn/portforwarded")
PUBLIC_IP_PATH = "v1/publicip/ip"
VERSION_PATH = "v1/version"

T = TypeVar("T")


class GluetunStatus(Payload):
    """The VPN's state and where it comes out."""

    vpn_status: str = Field(
        description="running, starting, stopping, stopped, crashed or completed"
    )
    running: bool
    public_ip: str | None = Field(None, description="null until Gluetun has looked it up")
    country: str | None = None
    region: str | None = None
    city: str | None = None
    organization: str | None = Field(None, description="the network the address belongs to")
    forwarded_ports: list[int] = Field(
        description="ports the VPN provider forwards (empty: none, or not supported)"
    )


async def _first(client: GluetunClient, paths: tuple[str, ...], model: type[T]) -> T | None:
    for path in paths:
        found = await optional(client.read(path, model))
        if found is not None:
            return found
    return None


def _ports(answer: PortForwarded | None) -> list[int]:
    if answer is None:
        return []
    if answer.ports:
        return answer.ports[:16]
    return [answer.port] if answer.port else []


class Gluetun(Integration["GluetunClient"]):
    id = "gluetun"
    name = "Gluetun"
    icon = "gluetun"
    categories = ("network",)
    docs_url = "https://github.com/qdm12/gluetun-wiki/blob/main/setup/advanced/control-server.md"
    verification = "Built from the Gluetun control server documentation and sources, version 3.41.1"
    default_port = 8000
    credentials = (NoCredentials, ApiKey, UsernamePassword)
    client_class = "integrations.gluetun.client:GluetunClient"

    async def _status(self, client: GluetunClient) -> Status:
        from integrations.errors import ErrorCode, IntegrationError
        from integrations.gluetun.models import Status

        status = await _first(client, STATUS_PATHS, Status)
        if status is None:
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                "no VPN status route answered: is this Gluetun's control server (port 8000)?",
            )
        return status

    async def test_connection(self, client: GluetunClient) -> ServiceInfo:
        from integrations.gluetun.models import BuildInformation

        status, build = await together(
            self._status(client), optional(client.read(VERSION_PATH, BuildInformation))
        )
        return ServiceInfo.of(build.version if build else None, {"vpn": status.status})

    @endpoint(
        "status",
        name="Status",
        description="Whether the VPN runs, the public address it exits from with its country, "
        "region, city and network, and the ports the provider forwards.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def status(self, client: GluetunClient) -> GluetunStatus:
        from integrations.gluetun.models import PortForwarded, PublicIP

        status, ip, ports = await together(
            self._status(client),
            client.read(PUBLIC_IP_PATH, PublicIP),
            _first(client, PORT_PATHS, PortForwarded),
        )
        return _payload(status, ip, ports)


def _payload(status: Status, ip: PublicIP, ports: PortForwarded | None) -> GluetunStatus:
    return GluetunStatus(
        vpn_status=status.status,
        running=status.status == "running",
        public_ip=ip.public_ip or None,
        country=ip.country or None,
        region=ip.region or None,
        city=ip.city or None,
        organization=ip.organization or None,
        forwarded_ports=_ports(ports),
    )
