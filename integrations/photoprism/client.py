"""PhotoPrism's API: an app password (access token) as a bearer token, or a username and
password exchanged at ``POST /api/v1/session`` for an access token; a refusal is 401
``{"error": "Invalid credentials"}`` (a new session then, once, for a password login)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.photoprism.models import Session
from integrations.sessions import LoginRules

SESSION_PATH = "api/v1/session"
REJECTED = "PhotoPrism rejected the username or password"
LOGIN_REFUSALS: Meanings = {
    400: (ErrorCode.UNAUTHORIZED, REJECTED),
    401: (ErrorCode.UNAUTHORIZED, REJECTED),
}


class PhotoPrismClient(ServiceClient):
    """A PhotoPrism client: the app password, or a session from a password login."""

    logs_in = LoginRules(keeps="token", ttl=24 * 3600.0, failure_hold=300.0)

    def needs_session(self) -> bool:
        return self.credentials_as(UsernamePassword) is not None

    def default_headers(self) -> dict[str, str]:
        app = self.credentials_as(BearerToken)
        token = app.token.get_secret_value() if app is not None else self.session.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "PhotoPrism needs a username")
        body = {"username": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", SESSION_PATH, json=body)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        return self.parse(response, Session).access_token

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401 and self.needs_session()

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.needs_session():
            return "PhotoPrism rejected the session right after a fresh login"
        return (
            "PhotoPrism rejected the app password: create one under Settings, Account, Apps "
            "and Devices (with the read scope at least)"
        )
