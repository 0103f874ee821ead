"""Gotify's REST API authentication: a client token, or a user's basic auth.

Gotify has two kinds of token: application tokens (``A...``) only send messages; client tokens
(``C...``, Clients in the web UI) read them and everything else. Tilewire sends a client token
in the ``X-Gotify-Key`` header. An application token, or any wrong token, is answered 401.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.gotify.definition import GotifyClientToken

KEY_HEADER = "X-Gotify-Key"
APP_TOKEN_PREFIX = "A"


class GotifyClient(ServiceClient):
    """A Gotify REST client: the client token header, or basic auth."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        creds = self.credentials_as(GotifyClientToken)
        return {KEY_HEADER: creds.token.get_secret_value()} if creds else {}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        creds = self.credentials_as(GotifyClientToken)
        if creds is None:
            return "Gotify rejected the username or password"
        if creds.token.get_secret_value().startswith(APP_TOKEN_PREFIX):
            return (
                "Gotify rejected the token: it looks like an application token (they start "
                "with A and can only send messages); create a client token under Clients"
            )
        return "Gotify rejected the client token"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "Gotify does not allow this user to do this"
