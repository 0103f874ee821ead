"""Linkwarden's API: an access token (Settings, Access Tokens) as a bearer token; a missing,
wrong or expired one is 401 ``{"response": "..."}``."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken


class LinkwardenClient(ServiceClient):
    """A Linkwarden API client: the access token with every call."""

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        if token is None:
            return {}
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "Linkwarden rejected the access token: create one under Settings, Access Tokens "
            "(tokens can expire)"
        )
