"""authentik's API v3: an API token (Directory, Tokens and App passwords: intent API) as a
bearer token. A missing, wrong or expired token is refused with 403 (some versions 401) and a
``detail`` naming the token; a user without the permission gets 403 too."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken
from integrations.errors import ErrorCode


class AuthentikClient(ServiceClient):
    """An authentik API client: the token as a bearer token with every call."""

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"} if token else {}

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        if response.status_code == 403 and "token" in response.text[:500].lower():
            return ErrorCode.UNAUTHORIZED
        return super().refusal(response)

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "authentik rejected the API token: create one under Directory, Tokens and App "
            "passwords, with the API intent (tokens may expire)"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        return (
            "the token's user may not read this (authentik needs an admin or the view permissions)"
        )
