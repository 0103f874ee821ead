"""rTorrent's XML-RPC: POSTed to the URL's RPC path (``RPC2`` behind nginx or lighttpd's
SCGI mount, or ruTorrent's), with the web server's basic auth when it asks for one."""

from __future__ import annotations

from typing import Any

import httpx

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.rtorrent.models import XmlRpcError, parse, request_body


class RTorrentClient(ServiceClient):
    """An rTorrent XML-RPC client."""

    basic_auth = True

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "the web server in front of rTorrent rejected the username or password"

    async def call(self, path: str, method: str, *params: Any) -> Any:
        response = await self.request(
            "POST",
            path,
            content=request_body(method, *params),
            headers={"Content-Type": "text/xml"},
        )
        try:
            return parse(response.content)
        except XmlRpcError as err:
            if err.fault is not None:
                raise IntegrationError(
                    ErrorCode.UPSTREAM_ERROR,
                    f"rTorrent refused {method}: {self.detail(err.fault.faultString)}",
                    status=response.status_code,
                    url=response.url,
                ) from None
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the answer is not rTorrent's XML-RPC: is the URL and RPC path right?",
                status=response.status_code,
                url=response.url,
            ) from None
