"""Tailscale's API: an API access token (``tskey-api-...``) as a bearer token."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken


class TailscaleClient(ServiceClient):
    """A Tailscale API client: the access token as a bearer token with every call."""

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        if token is None:
            return {}
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "Tailscale rejected the access token: create one under Settings, Keys in the admin "
            "console (they expire after 1 to 90 days)"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "the access token may not list this tailnet's devices (check the tailnet setting)"
