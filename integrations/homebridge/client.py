"""The Homebridge UI's REST API (``/api/``): a login that returns a JWT, sent as a Bearer token.

``POST /api/auth/login`` answers a wrong username or password with 403 (and 412 when the user
has two-factor authentication on); ``POST /api/auth/noauth`` hands out a token only when the
UI's authentication is set to ``none`` (401 otherwise). Every other route answers 401 to a
missing or expired token (8 hours by default), which is the signal to log in again.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.homebridge.models import TokenAnswer
from integrations.sessions import LoginRules

LOGIN_PATH = "api/auth/login"
NOAUTH_PATH = "api/auth/noauth"
LOGIN_OK = (200, 201)
REJECTED = (
    ErrorCode.UNAUTHORIZED,
    "the Homebridge UI rejected the username or password",
)
LOGIN_REFUSALS: Meanings = {
    401: REJECTED,
    403: REJECTED,
    412: (
        ErrorCode.UNAUTHORIZED,
        "this Homebridge UI user has two-factor authentication on, which a dashboard cannot "
        "answer: use a user without it",
    ),
}
LOGIN_NEEDED = (
    ErrorCode.UNAUTHORIZED,
    "the Homebridge UI asks for a login (its authentication is not set to 'none'): use the "
    "username and password credentials",
)
NOAUTH_REFUSALS: Meanings = {401: LOGIN_NEEDED, 403: LOGIN_NEEDED}


class HomebridgeClient(ServiceClient):
    """A Homebridge UI client: logs in once, keeps the token, logs in again on 401."""

    logs_in = LoginRules(keeps="token")

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            response = await self.send("POST", NOAUTH_PATH)
            refusals = NOAUTH_REFUSALS
        else:
            body = {"username": creds.username, "password": creds.password.get_secret_value()}
            response = await self.send("POST", LOGIN_PATH, json=body)
            refusals = LOGIN_REFUSALS
        if response.status_code not in LOGIN_OK:
            raise IntegrationError.for_status(response.status_code, response.url, meanings=refusals)
        return self.parse(response, TokenAnswer).access_token

    def default_headers(self) -> dict[str, str]:
        token = self.session.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401 and self.session.token is not None
