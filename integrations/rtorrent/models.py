"""rTorrent's XML-RPC answers as Tilewire reads them: the XML parsed without DTDs or entities
(defusedxml's expat parser under the standard library's unmarshaller)."""

from __future__ import annotations

import xmlrpc.client
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.xmlrpc import DefusedExpatParser
from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel

FIELDS = (
    "d.hash=",
    "d.name=",
    "d.state=",
    "d.complete=",
    "d.is_active=",
    "d.hashing=",
    "d.size_bytes=",
    "d.completed_bytes=",
    "d.down.rate=",
    "d.up.rate=",
    "d.message=",
    "d.custom1=",
    "d.timestamp.started=",
)
"""The d.multicall2 columns, in this order (custom1 is ruTorrent's label)."""

LOOKUP = ("d.name", "d.state", "d.is_active", "d.hashing")
"""What an action reads of one torrent, by its hash, in one system.multicall."""

UNKNOWN_HASH = "Could not find info-hash."
"""rTorrent's fault string (code -501) for a d.* call whose target hash it has no torrent of."""


class MulticallFault(UpstreamModel):
    """An entry of ``system.multicall``'s answer whose call failed: the fault, as a struct."""

    fault_code: int = Field(alias="faultCode")
    fault_string: str = Field(alias="faultString")


MULTICALL = TypeAdapter(list[tuple[Any] | MulticallFault])
"""``system.multicall``'s answer: per call, a one-value array (its result) or a fault struct."""

TORRENT = TypeAdapter(tuple[str, int, int, int])
"""The LOOKUP values of one torrent: name, d.state, d.is_active, d.hashing."""


class XmlRpcError(Exception):
    """The answer is no XML-RPC response, or a fault (``fault`` then holds it)."""

    def __init__(self, fault: xmlrpc.client.Fault | None = None) -> None:
        super().__init__(fault.faultString if fault else "not an XML-RPC response")
        self.fault = fault


def request_body(method: str, *params: Any) -> bytes:
    return xmlrpc.client.dumps(params, method).encode()


def parse(content: bytes) -> Any:
    unmarshaller = xmlrpc.client.Unmarshaller()
    parser = DefusedExpatParser(unmarshaller)
    try:
        parser.feed(content)
        parser.close()
        values = unmarshaller.close()
    except xmlrpc.client.Fault as fault:
        raise XmlRpcError(fault) from None
    except (DefusedXmlException, xmlrpc.client.ResponseError, ValueError, TypeError):
        raise XmlRpcError() from None
    except Exception as err:  # expat's ExpatError and friends
        raise XmlRpcError() from err
    return values[0] if values else None
