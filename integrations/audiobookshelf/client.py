"""Audiobookshelf's API authentication: a Bearer token, given or obtained by logging in.

The API token of a user (Settings > Users > the user, or an API key in 2.26 and later) is sent
as ``Authorization: Bearer``. A username and password log in with ``POST /login``, whose answer
carries the user's token (``user.token``; newer servers also return ``user.accessToken``, which
is preferred); a 401 later means the token is gone, and the client logs in again once.
Audiobookshelf limits logins (10 per 10 minutes by default): a rejected one is not retried for
ten minutes.
"""

from __future__ import annotations

from typing import TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.audiobookshelf.models import Authorized
from integrations.base import ServiceClient
from integrations.config import BearerToken, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError

T = TypeVar("T")

LOGIN_PATH = "login"


class AudiobookshelfClient(ServiceClient):
    """An Audiobookshelf API client: the API token, or a login session kept and renewed."""

    uses_session = True
    login_failure_hold = 600.0
    token: str | None = None
    """The token a login returned."""

    def needs_session(self) -> bool:
        return self.credentials_as(UsernamePassword) is not None

    def default_headers(self) -> dict[str, str]:
        given = self.credentials_as(BearerToken)
        token = given.token.get_secret_value() if given is not None else self.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    async def login(self) -> None:
        self.token = None
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, "Audiobookshelf login needs a username"
            )
        body = {"username": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", LOGIN_PATH, json=body)
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Audiobookshelf rejected the username or password",
                status=401,
                url=response.url,
            )
        if response.status_code == 429:
            raise IntegrationError(
                ErrorCode.RATE_LIMITED,
                "Audiobookshelf refuses more logins for now (its login rate limit): wait, or use "
                "an API token",
                status=429,
                url=response.url,
            )
        if response.status_code != 200:
            raise IntegrationError.for_status(response.status_code, response.url)
        user = self.parse(response, Authorized).user
        self.token = user.access_token or user.token
        if not self.token:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the Audiobookshelf login answer carries no token",
                status=response.status_code,
                url=response.url,
            )

    def session_expired(self, response: httpx.Response) -> bool:
        # 403 means "not an admin", which a new login does not change.
        return response.status_code == 401

    def export_session(self) -> bytes:
        return (self.token or "").encode()

    def import_session(self, data: bytes) -> None:
        self.token = data.decode() or None

    async def api(
        self, method: str, path: str, model: type[T] | TypeAdapter[T], *, admin: bool = False
    ) -> T:
        """The JSON answer of ``method path`` as ``model``; refusals named by their reason."""
        response = await self.request(method, path, expect=(200, 401, 403))
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Audiobookshelf rejected the API token"
                if self.credentials_as(BearerToken)
                else "Audiobookshelf asks for credentials",
                status=401,
                url=response.url,
            )
        if response.status_code == 403:
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                "this needs an Audiobookshelf admin user"
                if admin
                else "this Audiobookshelf user is not allowed to do this",
                status=403,
                url=response.url,
            )
        return self.parse(response, model)
