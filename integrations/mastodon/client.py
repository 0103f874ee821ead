"""Mastodon's server information is public; a server in limited federation (whitelist) mode
answers 401 ``{"error": "This API requires an authenticated user"}`` without a user's access
token, sent as a bearer token."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken


class MastodonClient(ServiceClient):
    """A Mastodon API client: the access token as a bearer token when one is configured."""

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        if token is None:
            return {}
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.credentials_as(BearerToken) is not None:
            return (
                "Mastodon rejected the access token: create one under Preferences > "
                "Development > New application (scope read) and copy its access token"
            )
        return (
            "This Mastodon server shows its information to signed-in users only (limited "
            "federation mode): add an access token from Preferences > Development"
        )
