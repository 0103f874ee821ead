"""Portainer's API: an access token in ``X-API-Key``, or a JWT from a username and password.

An access token (My account > Access tokens, Portainer 2.11 and later) is sent as the
``X-API-Key`` header and needs no session. A password login (``POST /api/auth``) returns a JWT
sent as ``Authorization: Bearer``; it lasts the user session timeout (8 hours by default), after
which Portainer answers 401 and the client logs in again once. Portainer refuses a wrong password
with 422 "Invalid credentials", and bans an address that calls ``/api/auth`` too often (403
"Access denied"). Errors are ``{"message": ..., "details": ...}``.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import ApiKey, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.portainer.models import AuthAnswer, Status
from integrations.sessions import LoginRules

AUTH_PATH = "api/auth"
STATUS_PATHS = ("api/system/status", "api/status")
"""The status route, then the one Portainer served before 2.17 (deprecated since)."""
API_KEY_HEADER = "X-API-Key"


LOGIN_REFUSALS: Meanings = {
    401: (ErrorCode.UNAUTHORIZED, "Portainer rejected the username or password"),
    422: (ErrorCode.UNAUTHORIZED, "Portainer rejected the username or password"),
    403: (
        ErrorCode.FORBIDDEN,
        "Portainer refuses logins from this address for now (too many attempts): wait, or use "
        "an access token",
    ),
}


class PortainerClient(ServiceClient):
    """A Portainer API client: the access token header, or a JWT renewed once on 401."""

    logs_in = LoginRules(keeps="token", failure_hold=300.0)

    # --- auth ------------------------------------------------------------------------------

    def needs_session(self) -> bool:
        return self.credentials_as(UsernamePassword) is not None

    def default_headers(self) -> dict[str, str]:
        key = self.credentials_as(ApiKey)
        if key is not None:
            return {API_KEY_HEADER: key.api_key.get_secret_value()}
        jwt = self.session.token
        return {"Authorization": f"Bearer {jwt}"} if jwt else {}

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Portainer needs credentials")
        payload = {"username": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", AUTH_PATH, json=payload)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        return self.parse(response, AuthAnswer).jwt

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401 and self.session.token is not None

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.credentials_as(ApiKey) is not None:
            return "Portainer rejected the access token (My account > Access tokens)"
        return "Portainer rejected the session right after a fresh login"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "Portainer denies this user access to the environments list"

    # --- reading ---------------------------------------------------------------------------

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
