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


class NZBGetClient(ServiceClient):
    """An NZBGet JSON-RPC client: basic auth when configured, no session."""

    basic_auth = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ids = itertools.count(1)

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.auth() is None:
            return f"NZBGet asks for a username and password (HTTP {response.status_code})"
        return f"NZBGet rejected the username or password (HTTP {response.status_code})"

    async def _answer(
        self, method: str, path: str, name: str, **kwargs: Any
    ) -> tuple[httpx.Response, Any]:
        response = await self.request(method, path, **kwargs)
        answer = self.parse(response, NZBGetRpcAnswer)
        if answer.error is not None:
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"NZBGet could not run {name}: {self.detail(answer.error.message)}",
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
