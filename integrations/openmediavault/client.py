"""OpenMediaVault's JSON-RPC: ``Session.login`` with an administrator's username and password
sets the session cookie the later calls carry; every answer is an envelope whose ``error`` says
what went wrong (a missing or ended session is code 5001, a wrong password an error of the
login)."""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.openmediavault.models import Envelope
from integrations.sessions import LoginRules

T = TypeVar("T")

RPC_PATH = "rpc.php"
SESSION_ERRORS = (5001, 5002)
"""Session not authenticated, session expired (OMV\\Rpc\\Exception codes)."""
REJECTED = "OpenMediaVault rejected the username or password (an administrator's)"


class OpenMediaVaultClient(ServiceClient):
    """An OpenMediaVault RPC client: logs in once, keeps the session cookie, renews it."""

    logs_in = LoginRules(keeps="cookies", ttl=3600.0, failure_hold=300.0)

    async def login(self) -> None:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "OpenMediaVault needs a username")
        params = {"username": creds.username, "password": creds.password.get_secret_value()}
        body = {"service": "Session", "method": "login", "params": params, "options": None}
        response = await self.send("POST", RPC_PATH, json=body)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code,
                response.url,
                meanings={401: (ErrorCode.UNAUTHORIZED, REJECTED)},
            )
        answer = self.parse(response, Envelope)
        authenticated = isinstance(answer.response, dict) and answer.response.get("authenticated")
        if answer.error is not None or not authenticated:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED, REJECTED, status=response.status_code, url=response.url
            )

    def session_expired(self, response: httpx.Response) -> bool:
        if response.status_code == 401:
            return True
        try:
            error = Envelope.model_validate_json(response.content).error
        except ValueError:
            return False
        return error is not None and error.code in SESSION_ERRORS

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "OpenMediaVault ended the session right after a fresh login"

    async def call(
        self, service: str, method: str, model: type[T] | TypeAdapter[T], **params: Any
    ) -> T:
        body = {"service": service, "method": method, "params": params or None, "options": None}
        response = await self.request("POST", RPC_PATH, json=body)
        answer = self.parse(response, Envelope)
        if answer.error is not None:
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"OpenMediaVault refused {service}.{method}: {self.detail(answer.error.message)}",
                status=response.status_code,
                url=response.url,
            )
        return self.validate(response, answer.response, model)
