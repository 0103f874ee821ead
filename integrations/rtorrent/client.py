"""rTorrent's XML-RPC: POSTed to the URL's RPC path (``RPC2`` behind nginx or lighttpd's
SCGI mount, or ruTorrent's), with the web server's basic auth when it asks for one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
from pydantic import ValidationError

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.rtorrent.models import (
    MULTICALL,
    UNKNOWN_HASH,
    MulticallFault,
    XmlRpcError,
    parse,
    request_body,
)


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
                raise self.refused(
                    method, params, err.fault.faultString, response.status_code, response.url
                ) from None
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the answer is not rTorrent's XML-RPC: is the URL and RPC path right?",
                status=response.status_code,
                url=response.url,
            ) from None

    def refused(
        self,
        method: str,
        params: Sequence[Any],
        fault: str,
        status: int | None = None,
        url: object = None,
    ) -> IntegrationError:
        """rTorrent's fault for ``method(*params)``: NOT_FOUND when a d.* call names a hash
        rTorrent has no torrent of, else UPSTREAM_ERROR quoting rTorrent."""
        target = params[0] if params and isinstance(params[0], str) else ""
        if fault == UNKNOWN_HASH and target:
            return IntegrationError(
                ErrorCode.NOT_FOUND,
                f"rTorrent has no torrent with hash {self.detail(target)}",
                status=status,
                url=url,
            )
        return IntegrationError(
            ErrorCode.UPSTREAM_ERROR,
            f"rTorrent refused {method}: {self.detail(fault)}",
            status=status,
            url=url,
        )

    async def multicall(
        self, path: str, calls: Sequence[tuple[str, Sequence[Any]]]
    ) -> list[Any | IntegrationError]:
        """``system.multicall``: the calls in one request, run by rTorrent one after the other.
        Per call, its result or the IntegrationError of its fault (see ``refused``)."""
        answer = await self.call(
            path,
            "system.multicall",
            [{"methodName": method, "params": list(params)} for method, params in calls],
        )
        try:
            results = MULTICALL.validate_python(answer)
        except ValidationError:
            results = []
        if len(results) != len(calls):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "rTorrent's system.multicall answer has an unexpected shape",
            )
        return [
            self.refused(method, params, result.fault_string)
            if isinstance(result, MulticallFault)
            else result[0]
            for (method, params), result in zip(calls, results, strict=True)
        ]
