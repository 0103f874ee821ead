"""Audiobookshelf's API authentication: a Bearer token, given or obtained by logging in.

The API token of a user (Settings > Users > the user, or an API key in 2.26 and later) is sent
as ``Authorization: Bearer``. A username and password log in with ``POST /login``, whose answer
carries the user's token (``user.token``; newer servers also return ``user.accessToken``, which
is preferred); a 401 later means the token is gone, and the client logs in again once.
Audiobookshelf limits logins (10 per 10 minutes by default): a rejected one is not retried for
ten minutes.
"""

from __future__ import annotations

import httpx

from integrations.audiobookshelf.models import Authorized
from integrations.base import ServiceClient
from integrations.config import BearerToken, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.sessions import LoginRules

LOGIN_PATH = "login"
LOGIN_REFUSALS: Meanings = {
    401: (ErrorCode.UNAUTHORIZED, "Audiobookshelf rejected the username or password"),
    429: (
        ErrorCode.RATE_LIMITED,
        "Audiobookshelf refuses more logins for now (its login rate limit): wait, or use an API "
        "token",
    ),
}
ADMIN_ONLY = ("api/users/online",)
"""Routes only an admin user may read."""


class AudiobookshelfClient(ServiceClient):
    """An Audiobookshelf API client: the API token, or a login session kept and renewed."""

    logs_in = LoginRules(keeps="token", failure_hold=600.0)

    def needs_session(self) -> bool:
        return self.credentials_as(UsernamePassword) is not None

    def default_headers(self) -> dict[str, str]:
        given = self.credentials_as(BearerToken)
        token = given.token.get_secret_value() if given is not None else self.session.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    async def login(self) -> str:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, "Audiobookshelf login needs a username"
            )
        body = {"username": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", LOGIN_PATH, json=body)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        user = self.parse(response, Authorized).user
        token = user.access_token or user.token
        if not token:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the Audiobookshelf login answer carries no token",
                status=response.status_code,
                url=response.url,
            )
        return token

    def session_expired(self, response: httpx.Response) -> bool:
        # 403 means "not an admin", which a new login does not change.
        return response.status_code == 401

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.credentials_as(BearerToken) is not None:
            return "Audiobookshelf rejected the API token"
        return "Audiobookshelf asks for credentials"

    def forbidden_hint(self, response: httpx.Response) -> str:
        if response.url.path.endswith(ADMIN_ONLY):
            return "this needs an Audiobookshelf admin user"
        return "this Audiobookshelf user is not allowed to do this"
