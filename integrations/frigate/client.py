"""Frigate's API: open on its internal port (5000), or behind a login on the authenticated one
(8971): ``POST /api/login`` sets a JWT cookie that every later call carries, and a call whose
cookie has expired is answered 401."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.sessions import LoginRules

LOGIN_PATH = "api/login"
LOGIN_REFUSALS: Meanings = {
    401: (ErrorCode.UNAUTHORIZED, "Frigate rejected the username or password"),
    429: (
        ErrorCode.RATE_LIMITED,
        "Frigate refuses logins for a while after too many attempts (auth.failed_login_rate_limit)",
    ),
}


class FrigateClient(ServiceClient):
    """A Frigate API client: logs in when credentials are configured, keeps the JWT cookie."""

    logs_in = LoginRules(keeps="cookies", ttl=3600.0, failure_hold=300.0)

    def needs_session(self) -> bool:
        return self.credentials_as(UsernamePassword) is not None

    async def login(self) -> None:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, "Frigate needs a username and password"
            )
        body = {"user": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", LOGIN_PATH, json=body)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        if not response.cookies:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "Frigate's login set no session cookie: is the URL Frigate's authenticated port "
                "(8971)?",
                status=response.status_code,
                url=response.url,
            )

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401 and self.needs_session()

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.needs_session():
            return "Frigate rejected the session: check the username and password"
        return (
            "Frigate asks for a login: add the username and password of a Frigate user, or use "
            "its internal port (5000), which needs none"
        )
