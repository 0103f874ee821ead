"""Headscale's API authentication: an API key (``headscale apikeys create``) as a bearer token;
any refusal is a 401 with the text "Unauthorized"."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken


class HeadscaleClient(ServiceClient):
    """A Headscale API client: the API key as a bearer token with every call."""

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        if token is None:
            return {}
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "Headscale rejected the API key: create one with `headscale apikeys create` (keys "
            "expire after 90 days unless created with --expiration)"
        )
