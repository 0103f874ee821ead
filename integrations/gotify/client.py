"""Gotify's REST API authentication: a client token, or a user's basic auth.

Gotify has two kinds of token: application tokens (``A...``) only send messages; client tokens
(``C...``, Clients in the web UI) read them and everything else. Tilewire sends a client token
in the ``X-Gotify-Key`` header. An application token, or any wrong token, is answered 401.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.gotify.definition import GotifyClientToken

T = TypeVar("T")

KEY_HEADER = "X-Gotify-Key"
APP_TOKEN_PREFIX = "A"


class GotifyClient(ServiceClient):
    """A Gotify REST client: the client token header, or basic auth."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        creds = self.credentials_as(GotifyClientToken)
        return {KEY_HEADER: creds.token.get_secret_value()} if creds else {}

    async def api(
        self,
        path: str,
        model: type[T] | TypeAdapter[T],
        *,
        params: Mapping[str, int] | None = None,
    ) -> T:
        """The JSON answer of ``GET path`` as ``model``; a refused token explained."""
        response = await self.request("GET", path, params=params, expect=(200, 401, 403))
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED, self._rejection(), status=401, url=response.url
            )
        if response.status_code == 403:
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                "Gotify does not allow this user to do this",
                status=403,
                url=response.url,
            )
        return self.parse(response, model)

    def _rejection(self) -> str:
        creds = self.credentials_as(GotifyClientToken)
        if creds is None:
            return "Gotify rejected the username or password"
        if creds.token.get_secret_value().startswith(APP_TOKEN_PREFIX):
            return (
                "Gotify rejected the token: it looks like an application token (they start "
                "with A and can only send messages); create a client token under Clients"
            )
        return "Gotify rejected the client token"
