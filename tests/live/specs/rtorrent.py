"""rTorrent 0.9.8 (Debian) behind lighttpd 1.4.69 on 127.0.0.1:18300: XML-RPC at /RPC2 (lighttpd's
SCGI mount of rTorrent's socket) with HTTP basic auth admin / adminpass123."""

from __future__ import annotations

import xmlrpc.client
from typing import Any
from xml.parsers.expat import ExpatError

import httpx

from tests.live.services import PASSWORD, USERNAME, ServiceSpec

RPC_PATH = "/RPC2"


def rpc(client: httpx.Client, url: str, method: str, *params: object) -> Any:
    """One XML-RPC call with the basic-auth credentials; its result (a fault raises
    ``xmlrpc.client.Fault``)."""
    response = client.post(
        f"{url}{RPC_PATH}",
        content=xmlrpc.client.dumps(params, method),
        auth=(USERNAME, PASSWORD),
        headers={"Content-Type": "text/xml"},
    ).raise_for_status()
    (result,), _ = xmlrpc.client.loads(response.content)
    return result


def _rtorrent_ready(client: httpx.Client, url: str) -> bool:
    # lighttpd answers 500 while rTorrent's socket does not: only an answer of rTorrent's counts.
    try:
        rpc(client, url, "system.client_version")
    except (httpx.HTTPError, xmlrpc.client.Error, ExpatError, ValueError):
        return False
    return True


def _rtorrent_version(client: httpx.Client, url: str) -> str:
    try:
        return str(rpc(client, url, "system.client_version"))
    except xmlrpc.client.Fault as fault:
        raise RuntimeError(f"system.client_version: {fault.faultString}") from None


SPEC = ServiceSpec(
    "rtorrent",
    "http://127.0.0.1:18300",
    USERNAME,
    PASSWORD,
    _rtorrent_ready,
    _rtorrent_version,
)
