"""Flood's API session: a ``jwt`` cookie from ``POST /api/auth/authenticate``.

Every route but the auth ones needs the cookie (a week long); Flood answers 401 without a
valid one, and the client logs in again once. A Flood started with ``--auth none`` has no
users: ``GET /api/auth/verify`` hands out the cookie to anyone. Flood limits the auth routes
to 200 requests in 5 minutes per address, so a rejected login is not retried for a while.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode, IntegrationError, Meanings
from integrations.flood.models import Authenticated, ConnectionTest, FloodError, Verification
from integrations.sessions import LoginRules

AUTHENTICATE_PATH = "api/auth/authenticate"
VERIFY_PATH = "api/auth/verify"
CONNECTION_TEST_PATH = "api/client/connection-test"
SESSION_COOKIE = "jwt"
REJECTED = (ErrorCode.UNAUTHORIZED, "Flood rejected the username or password")
LOGIN_REFUSALS: Meanings = {401: REJECTED, 422: REJECTED}
OPEN_REFUSALS: Meanings = {
    401: (
        ErrorCode.UNAUTHORIZED,
        "Flood asks for a username and password (it does not run with --auth none)",
    )
}


class FloodClient(ServiceClient):
    """A Flood API client: logs in once (or takes the open cookie), renews it on 401."""

    logs_in = LoginRules(failure_hold=300.0)

    async def login(self) -> None:
        creds = self.credentials_as(UsernamePassword)
        if creds is None:
            await self._open_session()
            return
        body = {"username": creds.username, "password": creds.password.get_secret_value()}
        response = await self.send("POST", AUTHENTICATE_PATH, json=body)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=LOGIN_REFUSALS
            )
        self.parse(response, Authenticated)
        self._expect_cookie(response)

    async def _open_session(self) -> None:
        """Without credentials: the cookie a Flood with ``--auth none`` gives anyone."""
        response = await self.send("GET", VERIFY_PATH)
        if response.status_code != 200:
            raise IntegrationError.for_status(
                response.status_code, response.url, meanings=OPEN_REFUSALS
            )
        if self.parse(response, Verification).initial_user:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "Flood has no user yet: create one in its web UI, then use its username and "
                "password",
                status=200,
                url=response.url,
            )
        self._expect_cookie(response)

    def _expect_cookie(self, response: httpx.Response) -> None:
        if not any(cookie.name == SESSION_COOKIE for cookie in self.http.cookies.jar):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "Flood answered the login without a session cookie: is this Flood?",
                status=response.status_code,
                url=response.url,
            )

    def session_expired(self, response: httpx.Response) -> bool:
        return response.status_code == 401

    async def failure(self, response: httpx.Response) -> IntegrationError:
        """A 500 with Flood's own failure body: its torrent client failed."""
        body = self.try_parse(response, FloodError) if response.status_code == 500 else None
        if body is None or body.message is None:
            return await super().failure(response)
        return IntegrationError(
            ErrorCode.UPSTREAM_ERROR,
            f"Flood failed (is its torrent client reachable?): {self.detail(body.message)}",
            status=500,
            url=response.url,
        )

    async def torrent_client_connected(self) -> bool:
        """Whether Flood reaches its torrent client (``connection-test`` answers 500 if not)."""
        response = await self.request("GET", CONNECTION_TEST_PATH, expect=(200, 500))
        return self.parse(response, ConnectionTest).is_connected
