"""Karakeep's API authentication: an API key (Settings > API Keys) as a bearer token; a
missing, wrong or revoked key is answered 401 "Unauthorized"."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken


class KarakeepClient(ServiceClient):
    """A Karakeep API client: the API key as a bearer token with every call."""

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        if token is None:
            return {}
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "Karakeep rejected the API key: create one in Karakeep under Settings > API Keys"
