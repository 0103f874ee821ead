"""Kavita's API authentication: the user's API key (User Settings > API Key / OPDS) is
exchanged for a JWT at ``POST /api/Plugin/authenticate?apiKey=..&pluginName=..``; the JWT goes
as a bearer token with every call, and Kavita answers 401 once it has expired. A key that
belongs to no user is refused with 401 and ``{"status": 401, "message": "Unauthorized"}``."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.kavita.models import Authenticated
from integrations.sessions import LoginRules

LOGIN_PATH = "api/Plugin/authenticate"
PLUGIN_NAME = "Tilewire"
LOGIN_REFUSALS: Meanings = {
    401: (
        ErrorCode.UNAUTHORIZED,
        "Kavita rejected the API key: copy it again from User Settings > API Key / OPDS (it "
        "changes when someone resets it)",
    ),
}


class KavitaClient(ServiceClient):
    """A Kavita API client: logs in with the API key, keeps the JWT and renews it on 401."""

    logs_in = LoginRules(keeps="token", failure_hold=300.0)

    def default_headers(self) -> dict[str, str]:
        token = self.session.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    async def login(self) -> str:
        creds = self.credentials_as(ApiKey)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Kavita needs a user's API key")
        params = {"apiKey": creds.api_key.get_secret_value(), "pluginName": PLUGIN_NAME}
        response = await self.send("POST", LOGIN_PATH, params=params)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        token = self.parse(response, Authenticated).token
        if not token:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "Kavita's authentication answer carries no token",
                status=response.status_code,
                url=response.url,
            )
        return token

    def session_expired(self, response: httpx.Response) -> bool:
        # 403 means "not an admin", which a new login does not change.
        return response.status_code == 401

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "Kavita rejected the session: check the API key"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "Kavita lets only admins read the server statistics and scan: use an admin's API key"
