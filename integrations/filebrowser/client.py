"""File Browser's API: a username and password exchanged at ``POST /api/login`` for a JWT
(answered as plain text), sent in the ``X-Auth`` header; a wrong login is 403, an expired token
401 (a new login then)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.sessions import LoginRules

LOGIN_PATH = "api/login"
REJECTED = "File Browser rejected the username or password"
LOGIN_REFUSALS: Meanings = {403: (ErrorCode.UNAUTHORIZED, REJECTED)}
MAX_TOKEN_CHARS = 4096


class FileBrowserClient(ServiceClient):
    """A File Browser client: logs in once, keeps the token, renews it on 401."""

    logs_in = LoginRules(keeps="token", ttl=3600.0, failure_hold=300.0)

    def default_headers(self) -> dict[str, str]:
        token = self.session.token
        return {"X-Auth": token} if token else {}

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "File Browser needs a username")
        body = {
            "username": creds.username,
            "password": creds.password.get_secret_value(),
            "recaptcha": "",
        }
        response = await self.send("POST", LOGIN_PATH, json=body)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        token = response.text.strip()
        if token.count(".") != 2 or len(token) > MAX_TOKEN_CHARS or " " in token:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the login answer is not File Browser's token: is the URL File Browser's?",
                status=response.status_code,
                url=response.url,
            )
        return token

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "File Browser rejected the session right after a fresh login"
