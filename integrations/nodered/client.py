"""Node-RED's Admin API session: an OAuth2 password-grant token sent as a Bearer header.

``POST /auth/token`` (client ``node-red-admin``, scope ``*``) returns a token that lives 7 days by
default and is kept across restarts (``.sessions.json``); Node-RED answers 401 to an expired or
revoked one, and 403 ``invalid_grant`` to a wrong password. Without ``adminAuth`` there is no
``/auth/token`` (404) and ``GET /auth/login`` answers ``{}``: then no token is needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.nodered.models import LoginScheme, TokenAnswer

T = TypeVar("T")

TOKEN_PATH = "auth/token"
LOGIN_SCHEME_PATH = "auth/login"
CLIENT_ID = "node-red-admin"


class NodeRedClient(ServiceClient):
    """A Node-RED Admin API client: logs in once, keeps the token, logs in again on 401."""

    uses_session = True
    token: str | None = None

    async def login(self) -> None:
        self.token = None
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            return  # adminAuth off, or anonymous access allowed (adminAuth.default)
        form = {
            "client_id": CLIENT_ID,
            "grant_type": "password",
            "scope": "*",
            "username": creds.username,
            "password": creds.password.get_secret_value(),
        }
        response = await self.send("POST", TOKEN_PATH, data=form)
        if response.status_code in (401, 403):
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Node-RED rejected the username or password",
                status=response.status_code,
                url=response.url,
            )
        if response.status_code == 404 and await self._admin_auth_off():
            return
        if response.status_code != 200:
            raise IntegrationError.for_status(response.status_code, response.url)
        self.token = self.parse(response, TokenAnswer).access_token

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
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def export_session(self) -> bytes:
        return (self.token or "").encode()

    def import_session(self, data: bytes) -> None:
        self.token = data.decode() or None

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401 and self.token is not None

    async def get(
        self,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> httpx.Response:
        """``GET path``; a 401 without a login is UNAUTHORIZED, with the reason."""
        response = await self.request("GET", path, headers=headers, expect=(*expect, 401))
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Node-RED asks for a login (adminAuth is on): use the username and password "
                "credentials",
                status=401,
                url=response.url,
            )
        return response

    async def api(
        self,
        path: str,
        model: type[T] | TypeAdapter[T],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> T:
        """The JSON answer of ``GET path`` as ``model``."""
        return self.parse(await self.get(path, headers=headers), model)
