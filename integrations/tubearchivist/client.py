"""Tube Archivist's API authentication: the API token (Settings > Application > Integrations >
API token) as ``Authorization: Token <token>``. Its API answers a wrong or missing token with 403
and a JSON ``detail`` ("Invalid token.", "Authentication credentials were not provided."), not
401, because session authentication comes first and sends no challenge."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode

CREDENTIAL_WORDS = ("token", "credentials", "user inactive")
"""What the ``detail`` of a refused credential speaks of (Django REST framework's wording)."""


class TubeArchivistClient(ServiceClient):
    """A Tube Archivist API client: the token header with every request."""

    def default_headers(self) -> dict[str, str]:
        key = self.credentials_as(ApiKey)
        return {"Authorization": f"Token {key.api_key.get_secret_value()}"} if key else {}

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        if response.status_code != 403:
            return super().refusal(response)
        try:
            detail = response.json().get("detail")
        except (ValueError, AttributeError):
            return None
        if isinstance(detail, str) and any(w in detail.casefold() for w in CREDENTIAL_WORDS):
            return ErrorCode.UNAUTHORIZED
        return ErrorCode.FORBIDDEN

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "Tube Archivist rejected the API token: copy it again from Settings > Application > "
            "Integrations > API token (it changes when someone revokes it there)"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "Tube Archivist's user may not read this"
