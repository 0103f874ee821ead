"""Portainer's API: an access token in ``X-API-Key``, or a JWT from a username and password.

An access token (My account > Access tokens, Portainer 2.11 and later) is sent as the
``X-API-Key`` header and needs no session. A password login (``POST /api/auth``) returns a JWT
sent as ``Authorization: Bearer``; it lasts the user session timeout (8 hours by default), after
which Portainer answers 401 and the client logs in again once. Portainer refuses a wrong password
with 422 "Invalid credentials", and bans an address that calls ``/api/auth`` too often (403
"Access denied"). Errors are ``{"message": ..., "details": ...}``.
"""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import ApiKey, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.portainer.models import AuthAnswer, Status

T = TypeVar("T")

AUTH_PATH = "api/auth"
STATUS_PATHS = ("api/system/status", "api/status")
"""The status route, then the one Portainer served before 2.17 (deprecated since)."""
API_KEY_HEADER = "X-API-Key"


class PortainerClient(ServiceClient):
    """A Portainer API client: the access token header, or a JWT renewed once on 401."""

    uses_session = True
    login_failure_hold = 300.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jwt: str | None = None

    # --- auth ------------------------------------------------------------------------------

    def needs_session(self) -> bool:
        return self.credentials_as(UsernamePassword) is not None

    def default_headers(self) -> dict[str, str]:
        key = self.credentials_as(ApiKey)
        if key is not None:
            return {API_KEY_HEADER: key.api_key.get_secret_value()}
        return {"Authorization": f"Bearer {self.jwt}"} if self.jwt else {}

    async def login(self) -> None:
        self.jwt = None
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Portainer needs credentials")
        payload = {"username": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", AUTH_PATH, json=payload)
        if response.status_code in (401, 422):
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Portainer rejected the username or password",
                status=response.status_code,
                url=response.url,
            )
        if response.status_code == 403:
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                "Portainer refuses logins from this address for now (too many attempts): wait, "
                "or use an access token",
                status=403,
                url=response.url,
            )
        if response.status_code != 200:
            raise IntegrationError.for_status(response.status_code, response.url)
        self.jwt = self.parse(response, AuthAnswer).jwt

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401 and self.jwt is not None

    def export_session(self) -> bytes:
        return (self.jwt or "").encode()

    def import_session(self, data: bytes) -> None:
        self.jwt = data.decode() or None

    # --- reading ---------------------------------------------------------------------------

    async def api(self, path: str, model: type[T] | TypeAdapter[T]) -> T:
        """The JSON answer of ``GET path`` as ``model``; a rejected token is UNAUTHORIZED."""
        response = await self.request("GET", path, expect=(200, 401, 403))
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Portainer rejected the access token (My account > Access tokens)"
                if self.credentials_as(ApiKey) is not None
                else "Portainer rejected the session right after a fresh login",
                status=401,
                url=response.url,
            )
        if response.status_code == 403:
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                "Portainer denies this user access to the environments list",
                status=403,
                url=response.url,
            )
        return self.parse(response, model)

    async def status(self) -> Status:
        """The server's status (its version), from whichever status route it serves."""
        for path in STATUS_PATHS:
            response = await self.request("GET", path, expect=(200, 404))
            if response.status_code == 200:
                return self.parse(response, Status)
        raise IntegrationError(
            ErrorCode.NOT_FOUND,
            "no Portainer API at this URL: is the base URL right (e.g. https://host:9443)?",
            status=404,
            url=response.url,
        )
