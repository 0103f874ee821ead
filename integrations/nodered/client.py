"""Node-RED's Admin API session: an OAuth2 password-grant token sent as a Bearer header.

``POST /auth/token`` (client ``node-red-admin``, scope ``*``) returns a token that lives 7 days by
default and is kept across restarts (``.sessions.json``); Node-RED answers 401 to an expired or
revoked one, and 403 ``invalid_grant`` to a wrong password. Without ``adminAuth`` there is no
``/auth/token`` (404) and ``GET /auth/login`` answers ``{}``: then no token is needed.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.nodered.models import LoginScheme, TokenAnswer
from integrations.sessions import LoginRules

TOKEN_PATH = "auth/token"
LOGIN_SCHEME_PATH = "auth/login"
CLIENT_ID = "node-red-admin"
REJECTED = (ErrorCode.UNAUTHORIZED, "Node-RED rejected the username or password")
LOGIN_REFUSALS: Meanings = {401: REJECTED, 403: REJECTED}


class NodeRedClient(ServiceClient):
    """A Node-RED Admin API client: logs in once, keeps the token, logs in again on 401."""

    logs_in = LoginRules(keeps="token")

    async def login(self) -> str | None:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            return None  # adminAuth off, or anonymous access allowed (adminAuth.default)
        form = {
            "client_id": CLIENT_ID,
            "grant_type": "password",
            "scope": "*",
            "username": creds.username,
            "password": creds.password.get_secret_value(),
        }
        response = await self.send("POST", TOKEN_PATH, data=form)
        if response.status_code == 404 and await self._admin_auth_off():
            return None
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        return self.parse(response, TokenAnswer).access_token

    async def _admin_auth_off(self) -> bool:
        """Whether this is a Node-RED without adminAuth (which has no /auth/token)."""
        response = await self.send("GET", LOGIN_SCHEME_PATH)
        if response.status_code != 200:
            return False
        try:
            return self.parse(response, LoginScheme).type is None
        except IntegrationError:
            return False

    def default_headers(self) -> dict[str, str]:
        token = self.session.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401 and self.session.token is not None

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "Node-RED asks for a login (adminAuth is on): use the username and password credentials"
        )
