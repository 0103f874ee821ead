"""Transmission's RPC: optional basic auth plus the ``X-Transmission-Session-Id`` handshake.

Transmission answers 409 with a session id to a request that lacks the current one (its CSRF
guard); the client stores the id and resends the request once. The id changes when the daemon
restarts, which the same path handles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.transmission.definition import DEFAULT_RPC_PATH, TransmissionSettings
from integrations.transmission.models import RpcEnvelope

ModelT = TypeVar("ModelT", bound=BaseModel)

SESSION_HEADER = "X-Transmission-Session-Id"
SUCCESS = "success"


class TransmissionClient(ServiceClient):
    """A Transmission RPC client: basic auth when configured, session id kept and renewed."""

    basic_auth = True

    session_id: str | None = None
    """The last ``X-Transmission-Session-Id`` Transmission issued."""

    @property
    def rpc_path(self) -> str:
        extra = self.config.extra
        return extra.rpc_path if isinstance(extra, TransmissionSettings) else DEFAULT_RPC_PATH

    def default_headers(self) -> dict[str, str]:
        return {SESSION_HEADER: self.session_id} if self.session_id else {}

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | None = None,
    ) -> httpx.Response:
        """One exchange, resent once with the new session id if Transmission asks for one."""
        kwargs: dict[str, Any] = {
            "params": params,
            "json": json,
            "data": data,
            "content": content,
            "headers": headers,
            "auth": auth,
        }
        response = await super().send(method, path, **kwargs)
        if response.status_code != 409:
            return response
        self._take_session_id(response)
        response = await super().send(method, path, **kwargs)
        if response.status_code == 409:
            raise IntegrationError(
                ErrorCode.UNEXPECTED_STATUS,
                "Transmission refused the session id it had just issued (HTTP 409 twice)",
                status=409,
                url=response.url,
            )
        return response

    def _take_session_id(self, response: httpx.Response) -> None:
        session_id = response.headers.get(SESSION_HEADER)
        if not session_id:
            raise IntegrationError.for_status(
                409, response.url, f"no {SESSION_HEADER} header: is this Transmission's RPC URL?"
            )
        self.session_id = session_id

    def unauthorized_hint(self, response: httpx.Response) -> str | None:
        if self.auth() is not None:
            return None
        return f"Transmission asks for a username and password (HTTP {response.status_code})"

    async def rpc(
        self, method: str, model: type[ModelT], arguments: Mapping[str, Any] | None = None
    ) -> ModelT:
        """Call an RPC method; its ``arguments`` as ``model``. A refusal is UPSTREAM_ERROR."""
        body: dict[str, Any] = {"method": method}
        if arguments is not None:
            body["arguments"] = dict(arguments)
        response = await self.request("POST", self.rpc_path, json=body)
        envelope = self.parse(response, RpcEnvelope)
        if envelope.result != SUCCESS:
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"Transmission could not run {method}: {envelope.result}",
                status=response.status_code,
                url=response.url,
            )
        return self.validate(response, envelope.arguments, model)
