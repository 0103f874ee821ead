"""Ghostfolio's API: the user's security token (access token) exchanged at
``POST /api/v1/auth/anonymous`` for a session token, sent as a bearer token; a wrong access
token is 403, an expired session 401 (a new exchange then)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.ghostfolio.models import AuthAnswer
from integrations.sessions import LoginRules

AUTH_PATH = "api/v1/auth/anonymous"
REJECTED = "Ghostfolio rejected the security token (the access token of Settings, Security)"
LOGIN_REFUSALS: Meanings = {403: (ErrorCode.UNAUTHORIZED, REJECTED)}


class GhostfolioClient(ServiceClient):
    """A Ghostfolio client: one exchange of the access token, then the session token."""

    logs_in = LoginRules(keeps="token", ttl=24 * 3600.0, failure_hold=300.0)

    def default_headers(self) -> dict[str, str]:
        token = self.session.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    async def login(self) -> str:
        creds = self.credentials_as(BearerToken)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Ghostfolio needs a security token")
        body = {"accessToken": creds.token.get_secret_value()}
        response = await self.send("POST", AUTH_PATH, json=body)
        if response.status_code not in (200, 201):
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        return self.parse(response, AuthAnswer).auth_token

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "Ghostfolio rejected the session right after a fresh exchange"
