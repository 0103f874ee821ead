"""AVM FRITZ!Box: the internet connection, the line and its traffic, and the box itself, over
TR-064 (SOAP with HTTP digest authentication, port 49000; 49443 with TLS)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from integrations.base import task_group
from integrations.capabilities import Payload
from integrations.config import Credentials, Secret, field
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.fritzbox.client import FritzboxClient
    from integrations.fritzbox.models import StatusInfo

DEFAULT_USER = "dslf-config"
"""TR-064's default user name (Broadband Forum TR-064): what a box that logs in with its
password only took as the user before FRITZ!OS 7.24 gave every box named users."""
DEVICE_INFO = "urn:dslforum-org:service:DeviceInfo:1"
WAN_COMMON = "urn:dslforum-org:service:WANCommonInterfaceConfig:1"
WAN_IP = "urn:dslforum-org:service:WANIPConnection:1"
WAN_PPP = "urn:dslforum-org:service:WANPPPConnection:1"
LAYER3 = "urn:dslforum-org:service:Layer3Forwarding:1"
HOSTS = "urn:dslforum-org:service:Hosts:1"
CONNECTIONS = {WAN_PPP: "PPP", WAN_IP: "IP"}
"""The WAN connection services, and what the payload calls each."""
MAX_TEXT = 100
NO_ADDRESS = frozenset({"", "0.0.0.0"})  # noqa: S104 - what the box says while it has none


class FritzboxLogin(Credentials):
    """A FRITZ!Box user's name and password, checked by HTTP digest authentication (the password
    itself is never sent). The user needs the "FRITZ!Box Settings" permission, and the box
    "Allow access for applications" (Home Network > Network > Network Settings)."""

    label = "FRITZ!Box user"
    type: Literal["fritzboxLogin"] = "fritzboxLogin"
    username: str = field(
        "Username",
        default="",
        max_length=200,
        help="As listed under System > FRITZ!Box Users (FRITZ!OS 7.24 and later name every "
        "user, e.g. fritz1234). Leave it empty only for an older box that logs in with its "
        f"password alone: TR-064's default user {DEFAULT_USER} is used then.",
    )
    password: Secret = field("Password", min_length=1, max_length=200)


class FritzboxStatus(Payload):
    """The FRITZ!Box's internet connection, line and traffic, and the box itself."""

    connected: bool = Field(description="True when the internet connection's status is Connected")
    connection_status: str | None = Field(
        None,
        description="the WAN connection's status as the box says it: Connected, Connecting, "
        "Disconnected, Unconfigured, ...",
    )
    connection_type: str | None = Field(
        None,
        description="PPP (a PPPoE login, as DSL lines have) or IP (cable, fibre, mobile, or the "
        "box as an IP client); null when the box names no WAN connection",
    )
    external_ip: str | None = Field(
        None, description="the connection's public IPv4 address; null while there is none"
    )
    connection_uptime_seconds: int | None = Field(
        None, description="seconds since the connection was established (0 while it is down)"
    )
    access_type: str | None = Field(
        None,
        description="the WAN access: DSL, Ethernet, X_AVM-DE_Fiber, X_AVM-DE_Cable, "
        "X_AVM-DE_UMTS, X_AVM-DE_LTE or unknown",
    )
    link_status: str | None = Field(
        None, description="the physical link: Up, Down, Initializing or Unavailable"
    )
    max_download_bits_per_second: int = Field(
        description="the line's downstream rate (synchronised), bits per second"
    )
    max_upload_bits_per_second: int = Field(
        description="the line's upstream rate (synchronised), bits per second"
    )
    download_bytes_per_second: int | None = Field(
        None,
        description="current download rate, bytes per second: the Online Monitor's newest "
        "sample (null where the box has no Online Monitor)",
    )
    upload_bytes_per_second: int | None = Field(
        None,
        description="current upload rate, bytes per second: the Online Monitor's newest "
        "sample (null where the box has no Online Monitor)",
    )
    total_bytes_sent: int = Field(
        description="bytes sent since the connection was established: TR-064's counter is 32 "
        "bits, so it starts again at 0 after 4 GiB"
    )
    total_bytes_received: int = Field(
        description="bytes received since the connection was established (32 bits: starts "
        "again at 0 after 4 GiB)"
    )
    known_devices: int | None = Field(
        None, description="devices the box knows in its home network, connected or not"
    )
    active_devices: int | None = Field(
        None,
        description="of those, the devices connected now (null where the box does not hand "
        "out its host list)",
    )
    model: str | None = Field(None, description="e.g. FRITZ!Box 7590")
    firmware: str | None = Field(None, description="FRITZ!OS version, e.g. 154.07.57")
    uptime_seconds: int = Field(description="seconds since the box started")


def _text(value: str) -> str | None:
    return value.strip()[:MAX_TEXT] or None


def _address(value: str) -> str | None:
    """The external address, None while there is none (the box says 0.0.0.0 or nothing)."""
    value = value.strip()
    return None if value in NO_ADDRESS else value[:MAX_TEXT]


class Fritzbox(Integration["FritzboxClient"]):
    id = "fritzbox"
    name = "FRITZ!Box"
    icon = "fritzbox"
    categories = ("network",)
    docs_url = "https://avm.de/service/schnittstellen/"
    verification = (
        "Built from the FRITZ!Box TR-064 API documentation, version AVM TR-064 First Steps 54 "
        "(2022-11-18) and its service documents"
    )
    default_port = 49000
    credentials = (FritzboxLogin,)
    client_class = "integrations.fritzbox.client:FritzboxClient"

    async def test_connection(self, client: FritzboxClient) -> ServiceInfo:
        from integrations.fritzbox.models import DeviceInfo

        info = await client.call(DEVICE_INFO, "GetInfo", DeviceInfo)
        return ServiceInfo.of(
            _text(info.software_version),
            {"model": _text(info.model_name), "firmware": _text(info.software_version)},
        )

    async def _connection(self, client: FritzboxClient) -> tuple[str, StatusInfo, str] | None:
        """Which WAN connection carries the internet (Layer3Forwarding's default connection
        service where the box lists both kinds, else the one it lists), its status and its
        external address; None where the box lists no WAN connection."""
        from integrations.fritzbox.models import DefaultConnection, ExternalAddress, StatusInfo

        listed = [kind for kind in CONNECTIONS if await client.has(kind)]
        if not listed:
            return None
        service = listed[0]
        if len(listed) > 1 and await client.has(LAYER3):
            default = await client.call(LAYER3, "GetDefaultConnectionService", DefaultConnection)
            named = [kind for kind in listed if short_name(kind) in default.service]
            service = named[0] if named else service
        async with task_group() as group:
            status = group.create_task(client.call(service, "GetStatusInfo", StatusInfo))
            address = group.create_task(
                client.call(service, "GetExternalIPAddress", ExternalAddress)
            )
        return CONNECTIONS[service], status.result(), address.result().address

    async def _active_devices(self, client: FritzboxClient) -> int | None:
        from integrations.fritzbox.models import HostListPath

        path = await optional(client.call(HOSTS, "X_AVM-DE_GetHostListPath", HostListPath))
        if path is None:
            return None
        counts = await optional(client.host_counts(path.path))
        return counts.active if counts is not None else None

    @endpoint(
        "status",
        name="Status",
        description="Whether the FRITZ!Box is online, its external IP and connection uptime, "
        "the line's maximum and current rates, the bytes sent and received, the devices in "
        "the home network, and the model and FRITZ!OS version.",
        ttl=15.0,
        min_refresh=5.0,
    )
    async def status(self, client: FritzboxClient) -> FritzboxStatus:
        from integrations.fritzbox.models import (
            CommonLinkProperties,
            DeviceInfo,
            HostNumber,
            OnlineMonitor,
            TotalBytesReceived,
            TotalBytesSent,
        )

        # One action first, so that the digest challenge is met once rather than by each of
        # the concurrent ones below.
        info = await client.call(DEVICE_INFO, "GetInfo", DeviceInfo)
        async with task_group() as group:
            link = group.create_task(
                client.call(WAN_COMMON, "GetCommonLinkProperties", CommonLinkProperties)
            )
            sent = group.create_task(client.call(WAN_COMMON, "GetTotalBytesSent", TotalBytesSent))
            received = group.create_task(
                client.call(WAN_COMMON, "GetTotalBytesReceived", TotalBytesReceived)
            )
            monitor = group.create_task(
                optional(
                    client.call(
                        WAN_COMMON,
                        "X_AVM-DE_GetOnlineMonitor",
                        OnlineMonitor,
                        {"NewSyncGroupIndex": 0},
                    )
                )
            )
            connection = group.create_task(self._connection(client))
            hosts = group.create_task(
                optional(client.call(HOSTS, "GetHostNumberOfEntries", HostNumber))
            )
            active = group.create_task(self._active_devices(client))
        wan = connection.result()
        rates = monitor.result()
        known = hosts.result()
        return FritzboxStatus(
            connected=wan is not None and wan[1].connection_status == "Connected",
            connection_status=_text(wan[1].connection_status) if wan else None,
            connection_type=wan[0] if wan else None,
            external_ip=_address(wan[2]) if wan else None,
            connection_uptime_seconds=wan[1].uptime if wan else None,
            access_type=_text(link.result().access_type),
            link_status=_text(link.result().physical_link_status),
            max_download_bits_per_second=link.result().downstream_max_bit_rate,
            max_upload_bits_per_second=link.result().upstream_max_bit_rate,
            download_bytes_per_second=OnlineMonitor.newest(rates.downstream) if rates else None,
            upload_bytes_per_second=OnlineMonitor.newest(rates.upstream) if rates else None,
            total_bytes_sent=sent.result().total,
            total_bytes_received=received.result().total,
            known_devices=known.entries if known is not None else None,
            active_devices=active.result(),
            model=_text(info.model_name),
            firmware=_text(info.software_version),
            uptime_seconds=info.uptime,
        )


def short_name(service_type: str) -> str:
    """``urn:dslforum-org:service:WANPPPConnection:1`` → ``WANPPPConnection``."""
    parts = service_type.split(":")
    return parts[-2] if len(parts) >= 2 else service_type
