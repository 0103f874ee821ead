"""The FRITZ!Box's TR-064 answers as Tilewire reads them, after AVM's service documents
(deviceinfoSCPD, wancommonifconfigSCPD, wanipconnSCPD/wanpppconnSCPD, layer3forwardingSCPD,
hostsSCPD) and "AVM TR-064 - First Steps".

Every answer is XML: the device description (``/tr64desc.xml``), SOAP envelopes, and the host
list a Hosts action points to. It is parsed with defusedxml (no DTD, no entities, nothing
external) as a stream of elements whose number is bounded, on top of the client's cap on the
body's size; element names are read without their namespace (the box writes ``s:``/``u:``
prefixes, its arguments none).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from pydantic import Field

from integrations.base import UpstreamModel

SOAP_ELEMENTS = 2_000
"""Most elements a SOAP answer may hold: the largest read here (DeviceInfo's GetInfo) has 14
arguments, one of which (the device log) is text."""
DESCRIPTION_ELEMENTS = 20_000
"""Most elements of the device description (a few hundred on a FRITZ!Box 7590)."""
HOST_LIST_ELEMENTS = 400_000
"""Most elements of the host list (some 25 per host: room for thousands of hosts)."""
MAX_SERVICES = 200
CONTROL_URL = re.compile(r"^/(?!/)[A-Za-z0-9._~/-]{0,200}$")
"""A control URL Tilewire posts to: a path on the box itself (not ``//elsewhere``), no dots
leaving it, no query."""
HOST_LIST_PATH = re.compile(r"^/(?!/)[A-Za-z0-9._~/-]{1,200}(\?[A-Za-z0-9._~=&%-]{0,400})?$")
"""The host list's path the box hands out (``/devicehostlist.lua?sid=…``)."""


class XmlError(Exception):
    """The answer is not the XML expected (or is more of it than Tilewire reads)."""


@dataclass(frozen=True, slots=True)
class Fault:
    """A SOAP fault with the UPnPError in its detail (``errorCode``, ``errorDescription``)."""

    code: int | None
    description: str


def local(tag: Any) -> str:
    """An element's name without its namespace (``{urn:…}GetInfoResponse``: ``GetInfoResponse``)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ends(content: bytes, limit: int) -> Iterator[Element]:
    """Each element as it ends, at most ``limit`` of them; XmlError for anything that is not
    well-formed XML without DTDs or entities."""
    try:
        for count, (_event, element) in enumerate(
            iterparse(io.BytesIO(content), events=("end",), forbid_dtd=True), start=1
        ):
            if count > limit:
                raise XmlError(f"more than {limit} XML elements")
            yield element
    except (ParseError, DefusedXmlException) as err:
        raise XmlError(type(err).__name__) from None


def _children(element: Element) -> dict[str, str]:
    """The text of each child element by name (a name given twice keeps its first value)."""
    values: dict[str, str] = {}
    for child in element:
        values.setdefault(local(child.tag), (child.text or "").strip())
    return values


def soap_answer(content: bytes, action: str) -> dict[str, str] | Fault:
    """The out-arguments of ``<u:{action}Response>``, or the Fault the body holds instead."""
    root: Element | None = None
    for element in _ends(content, SOAP_ELEMENTS):
        root = element
    if root is None or local(root.tag) != "Envelope":
        raise XmlError("not a SOAP envelope")
    body = next((child for child in root if local(child.tag) == "Body"), None)
    answer = next(iter(body), None) if body is not None else None
    if answer is None:
        raise XmlError("an empty SOAP body")
    if local(answer.tag) == "Fault":
        return _fault(answer)
    if local(answer.tag) != f"{action}Response":
        raise XmlError(f"{local(answer.tag)[:60]} where {action}Response was expected")
    return _children(answer)


def _fault(fault: Element) -> Fault:
    found = {local(e.tag): (e.text or "").strip() for e in fault.iter()}
    code = found.get("errorCode", "")
    return Fault(
        code=int(code) if code.isdigit() and len(code) < 6 else None,
        description=found.get("errorDescription") or found.get("faultstring") or "",
    )


def fault_of(content: bytes) -> Fault | None:
    """The fault a failed action's body holds (a 500 answer), None if it holds none."""
    try:
        answer = soap_answer(content, "")
    except XmlError:
        return None
    return answer if isinstance(answer, Fault) else None


def services_of(content: bytes) -> dict[str, str]:
    """Each service type the description lists, with its control URL (the first one listed
    where a type appears twice). XmlError when a control URL would leave the box."""
    services: dict[str, str] = {}
    saw_root = False
    for element in _ends(content, DESCRIPTION_ELEMENTS):
        name = local(element.tag)
        if name == "service":
            found = _children(element)
            kind, control = found.get("serviceType", ""), found.get("controlURL", "")
            if kind and control and kind not in services:
                if not CONTROL_URL.match(control) or ".." in control:
                    raise XmlError("a control URL that is not a plain path on the box")
                if len(services) >= MAX_SERVICES:
                    raise XmlError(f"more than {MAX_SERVICES} services")
                services[kind] = control
            element.clear()
        elif name == "root":
            saw_root = True
    if not saw_root:
        raise XmlError("no <root> device description")
    return services


@dataclass(frozen=True, slots=True)
class HostCounts:
    listed: int
    active: int


def host_counts(content: bytes) -> HostCounts:
    """How many hosts the host list (``<List><Item>…``) holds, and how many of them are active
    (``<Active>1</Active>``)."""
    listed = active = 0
    saw_list = False
    for element in _ends(content, HOST_LIST_ELEMENTS):
        name = local(element.tag)
        if name == "Item":
            listed += 1
            active += _children(element).get("Active") == "1"
            element.clear()
        elif name == "List":
            saw_list = True
    if not saw_list:
        raise XmlError("no <List> of hosts")
    return HostCounts(listed=listed, active=active)


# --- the out-arguments of each action read -----------------------------------------------


class DeviceInfo(UpstreamModel):
    """DeviceInfo:1 ``GetInfo`` (deviceinfoSCPD)."""

    model_name: str = Field(alias="NewModelName", max_length=1000)
    software_version: str = Field(alias="NewSoftwareVersion", max_length=1000)
    uptime: int = Field(alias="NewUpTime", ge=0)


class CommonLinkProperties(UpstreamModel):
    """WANCommonInterfaceConfig:1 ``GetCommonLinkProperties`` (wancommonifconfigSCPD): the
    Layer1 rates are the line's, in bits per second."""

    access_type: str = Field("", alias="NewWANAccessType", max_length=1000)
    upstream_max_bit_rate: int = Field(alias="NewLayer1UpstreamMaxBitRate", ge=0)
    downstream_max_bit_rate: int = Field(alias="NewLayer1DownstreamMaxBitRate", ge=0)
    physical_link_status: str = Field("", alias="NewPhysicalLinkStatus", max_length=1000)


class TotalBytesSent(UpstreamModel):
    """WANCommonInterfaceConfig:1 ``GetTotalBytesSent``: a ui4, reset when a connection is
    established."""

    total: int = Field(alias="NewTotalBytesSent", ge=0)


class TotalBytesReceived(UpstreamModel):
    """WANCommonInterfaceConfig:1 ``GetTotalBytesReceived``."""

    total: int = Field(alias="NewTotalBytesReceived", ge=0)


class OnlineMonitor(UpstreamModel):
    """WANCommonInterfaceConfig:1 ``X_AVM-DE_GetOnlineMonitor`` for sync group 0: the
    ``*_current_bps`` values are comma-separated samples in bytes per second, newest first."""

    downstream: str = Field("", alias="Newds_current_bps", max_length=100_000)
    upstream: str = Field("", alias="Newus_current_bps", max_length=100_000)

    @staticmethod
    def newest(samples: str) -> int | None:
        first = samples.split(",", 1)[0].strip()
        return int(first) if first.isdigit() and len(first) < 20 else None


class DefaultConnection(UpstreamModel):
    """Layer3Forwarding:1 ``GetDefaultConnectionService``: e.g. ``1.WANPPPConnection.1``."""

    service: str = Field("", alias="NewDefaultConnectionService", max_length=1000)


class StatusInfo(UpstreamModel):
    """WANIPConnection:1 / WANPPPConnection:1 ``GetStatusInfo``."""

    connection_status: str = Field(alias="NewConnectionStatus", max_length=1000)
    uptime: int = Field(0, alias="NewUptime", ge=0)


class ExternalAddress(UpstreamModel):
    """WANIPConnection:1 / WANPPPConnection:1 ``GetExternalIPAddress``."""

    address: str = Field("", alias="NewExternalIPAddress", max_length=1000)


class HostNumber(UpstreamModel):
    """Hosts:1 ``GetHostNumberOfEntries``: the hosts the box knows, active or not."""

    entries: int = Field(alias="NewHostNumberOfEntries", ge=0)


class HostListPath(UpstreamModel):
    """Hosts:1 ``X_AVM-DE_GetHostListPath``: where the host list is served, with a session
    id in its query (``/devicehostlist.lua?sid=…``)."""

    path: str = Field(alias="NewX_AVM-DE_HostListPath", max_length=1000)
