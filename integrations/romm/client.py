"""RomM's API authentication: a client API token (``rmm_...``, RomM 4.8 and later, Settings >
Client API Tokens) or an OAuth access token as a bearer token, or a user's name and password as
HTTP basic auth. RomM since August 2026 answers missing or wrong credentials with 401
"Not authenticated" and a missing scope with 403; earlier releases answer both with 403
"Forbidden"."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword
from integrations.errors import ErrorCode
from integrations.romm.definition import ME_PATH, RommClientToken


class RommClient(ServiceClient):
    """A RomM API client: the bearer token or basic auth with every request."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(RommClientToken)
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"} if token else {}

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        # Before August 2026 RomM refused unknown credentials with 403; every user may read
        # their own account, so a 403 there is a refused credential (or a token without me.read).
        if response.status_code == 403 and response.url.path.endswith(f"/{ME_PATH}"):
            return ErrorCode.UNAUTHORIZED
        return super().refusal(response)

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.credentials_as(UsernamePassword) is not None:
            return "RomM rejected the username or password (or basic auth is turned off)"
        return (
            "RomM rejected the token: create a client API token under Settings > Client API "
            "Tokens with the me.read and roms.read scopes, and check it has not expired"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "RomM's user or token lacks the scope to read this (me.read, roms.read)"
