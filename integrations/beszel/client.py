"""Beszel's hub is PocketBase: a user's email and password exchanged for a token
(``auth-with-password``), sent in the ``Authorization`` header; a refused login is 400
"Failed to authenticate.", a request without a valid token 401 or 403."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.beszel.models import AuthAnswer
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.sessions import LoginRules

AUTH_PATH = "api/collections/users/auth-with-password"
REJECTED = "Beszel rejected the email or password"
LOGIN_REFUSALS: Meanings = {400: (ErrorCode.UNAUTHORIZED, REJECTED)}


class BeszelClient(ServiceClient):
    """A Beszel hub client: logs in once, keeps the token, renews it on 401."""

    logs_in = LoginRules(keeps="token", ttl=24 * 3600.0, failure_hold=300.0)

    def default_headers(self) -> dict[str, str]:
        token = self.session.token
        return {"Authorization": token} if token else {}

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Beszel needs an email and password")
        body = {"identity": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", AUTH_PATH, json=body)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        return self.parse(response, AuthAnswer).token

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "Beszel rejected the session right after a fresh login"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "this Beszel user may not list systems"
