"""NZBGet's JSON-RPC: HTTP basic auth (ControlUsername / ControlPassword) on every call.

``POST /jsonrpc`` with ``{"method", "params", "id"}``; ``GET /jsonrpc/version`` needs no body.
A wrong password is HTTP 401; a refused call is HTTP 200 with an ``error`` object.
"""

from __future__ import annotations

import itertools
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.nzbget.models import NZBGetRpcAnswer

T = TypeVar("T")

RPC_PATH = "jsonrpc"
MAX_ERROR_LENGTH = 200


class NZBGetClient(ServiceClient):
    """An NZBGet JSON-RPC client: basic auth when configured, no session."""

    basic_auth = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ids = itertools.count(1)

    async def _answer(
        self, method: str, path: str, name: str, **kwargs: Any
    ) -> tuple[httpx.Response, Any]:
        try:
            response = await self.request(method, path, **kwargs)
        except IntegrationError as err:
            if err.code is not ErrorCode.UNAUTHORIZED:
                raise
            text = (
                "NZBGet rejected the username or password"
                if self.auth() is not None
                else "NZBGet asks for a username and password"
            )
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED, f"{text} (HTTP 401)", status=err.status, url=err.url
            ) from None
        answer = self.parse(response, NZBGetRpcAnswer)
        if answer.error is not None:
            message = answer.error.message[:MAX_ERROR_LENGTH]
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"NZBGet could not run {name}: {message}",
                status=response.status_code,
                url=response.url,
            )
        return response, answer.result

    async def rpc(self, method: str, params: list[Any], model: type[T] | TypeAdapter[T]) -> T:
        """Call a JSON-RPC method; its ``result`` as ``model``."""
        body = {"method": method, "params": params, "id": next(self._ids)}
        response, result = await self._answer("POST", RPC_PATH, method, json=body)
        return self.validate(response, result, model)

    async def version(self) -> str:
        """The version NZBGet reports, e.g. "21.0"."""
        response, result = await self._answer("GET", f"{RPC_PATH}/version", "version")
        return self.validate(response, result, str)
