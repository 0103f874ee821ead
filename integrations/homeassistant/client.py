"""Home Assistant's REST API: a long-lived access token as a Bearer token.

Every API call needs the token; a wrong, expired or revoked one gets 401 with a plain-text body
(Home Assistant logs it as a failed login, and bans the address only when ``ip_ban_enabled``
is set in its ``http`` configuration). Admin-only APIs (``/api/template``) answer a valid
token of a non-admin user with the same 401.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken

TOKEN_REFUSED = (
    "Home Assistant rejected the access token: create a long-lived access token on your user "
    "profile page (Security tab) and paste all of it"
)


class HomeAssistantClient(ServiceClient):
    """A Home Assistant REST client: the Bearer token on every request, 401 explained."""

    large_response_bytes = 16 * 1024 * 1024
    """``/api/states`` lists every entity with its attributes: a few MB in a big installation
    (thousands of entities, forecasts and media attributes among them)."""

    def default_headers(self) -> dict[str, str]:
        creds = self.credentials_as(BearerToken)
        return {"Authorization": f"Bearer {creds.token.get_secret_value()}"} if creds else {}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return f"{TOKEN_REFUSED} (HTTP {response.status_code})"
