"""The Homebridge UI's REST API: a login that returns a JWT, sent as a Bearer token.

``POST /api/auth/login`` answers a wrong username or password with 403 (and 412 when the user
has two-factor authentication on); ``POST /api/auth/noauth`` hands out a token only when the
UI's authentication is set to ``none`` (401 otherwise). Every other route answers 401 to a
missing or expired token (8 hours by default), which is the signal to log in again.
"""

from __future__ import annotations

from typing import TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.homebridge.models import TokenAnswer

T = TypeVar("T")

LOGIN_PATH = "api/auth/login"
NOAUTH_PATH = "api/auth/noauth"
LOGIN_OK = (200, 201)
OTP_REQUIRED = 412


class HomebridgeClient(ServiceClient):
    """A Homebridge UI client: logs in once, keeps the token, logs in again on 401."""

    uses_session = True
    token: str | None = None

    async def login(self) -> None:
        self.token = None
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            response = await self.send("POST", NOAUTH_PATH)
            if response.status_code in (401, 403):
                raise IntegrationError(
                    ErrorCode.UNAUTHORIZED,
                    "the Homebridge UI asks for a login (its authentication is not set to "
                    "'none'): use the username and password credentials",
                    status=response.status_code,
                    url=response.url,
                )
        else:
            body = {"username": creds.username, "password": creds.password.get_secret_value()}
            response = await self.send("POST", LOGIN_PATH, json=body)
            if response.status_code == OTP_REQUIRED:
                raise IntegrationError(
                    ErrorCode.UNAUTHORIZED,
                    "this Homebridge UI user has two-factor authentication on, which a dashboard "
                    "cannot answer: use a user without it",
                    status=response.status_code,
                    url=response.url,
                )
            if response.status_code in (401, 403):
                raise IntegrationError(
                    ErrorCode.UNAUTHORIZED,
                    "the Homebridge UI rejected the username or password",
                    status=response.status_code,
                    url=response.url,
                )
        if response.status_code not in LOGIN_OK:
            raise IntegrationError.for_status(response.status_code, response.url)
        self.token = self.parse(response, TokenAnswer).access_token

    def default_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def export_session(self) -> bytes:
        return (self.token or "").encode()

    def import_session(self, data: bytes) -> None:
        self.token = data.decode() or None

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401 and self.token is not None

    async def api(self, path: str, model: type[T] | TypeAdapter[T]) -> T:
        """The JSON answer of ``GET /api/<path>`` as ``model``."""
        return await self.get_json(f"api/{path}", model)
