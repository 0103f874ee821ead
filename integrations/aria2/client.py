"""aria2's JSON-RPC over HTTP: the secret token travels as the first parameter.

aria2 answers every refused call with HTTP 400 and a JSON-RPC error; a wrong or missing secret
is ``{"code": 1, "message": "Unauthorized"}``, an unknown GID ``"GID ... is not found"``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.aria2.definition import DEFAULT_RPC_PATH, Aria2Secret, Aria2Settings
from integrations.aria2.models import RpcEnvelope
from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError

T = TypeVar("T")

UNAUTHORIZED = "Unauthorized"
NOT_FOUND_SUFFIX = "is not found"


class Aria2Client(ServiceClient):
    """An aria2 JSON-RPC client: ``token:<secret>`` first in every call's params."""

    _ids = itertools.count(1)

    @property
    def rpc_path(self) -> str:
        extra = self.config.extra
        return extra.rpc_path if isinstance(extra, Aria2Settings) else DEFAULT_RPC_PATH

    def _token(self) -> list[str]:
        creds = self.credentials_as(Aria2Secret)
        return [f"token:{creds.secret.get_secret_value()}"] if creds else []

    def _error(self, response: httpx.Response) -> str | None:
        envelope = self.try_parse(response, RpcEnvelope)
        return envelope.error.message if envelope and envelope.error else None

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        if response.status_code == 400 and self._error(response) == UNAUTHORIZED:
            return ErrorCode.UNAUTHORIZED
        return super().refusal(response)

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.credentials_as(Aria2Secret) is None:
            return "aria2 asks for its RPC secret (--rpc-secret): choose 'RPC secret'"
        return "aria2 refused the RPC secret: use the value of its --rpc-secret option"

    async def failure(self, response: httpx.Response) -> IntegrationError:
        message = self._error(response)
        if response.status_code != 400 or message is None or message == UNAUTHORIZED:
            return await super().failure(response)
        code = (
            ErrorCode.NOT_FOUND if message.endswith(NOT_FOUND_SUFFIX) else ErrorCode.UPSTREAM_ERROR
        )
        return IntegrationError(
            code,
            f"aria2 refused the call: {self.detail(message)}",
            status=response.status_code,
            url=response.url,
        )

    async def call(
        self, method: str, model: type[T] | TypeAdapter[T], params: Sequence[Any] = ()
    ) -> T:
        """Call ``aria2.<method>`` (or ``system.*``); its ``result`` as ``model``."""
        name = method if "." in method else f"aria2.{method}"
        body = {
            "jsonrpc": "2.0",
            "id": str(next(self._ids)),
            "method": name,
            "params": [*self._token(), *params],
        }
        response = await self.request("POST", self.rpc_path, json=body)
        envelope = self.parse(response, RpcEnvelope)
        if envelope.error is not None:  # aria2 answers errors with 400; a proxy might not
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"aria2 could not run {name}: {self.detail(envelope.error.message)}",
                status=response.status_code,
                url=response.url,
            )
        return self.validate(response, envelope.result, model)
