"""Technitium DNS Server's HTTP API: an API token as a bearer token (version 15.0 and later),
and answers in an envelope whose ``status`` says whether the call worked, with HTTP 200 either
way (``invalid-token`` for a wrong or expired token)."""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import BearerToken
from integrations.errors import ErrorCode, IntegrationError
from integrations.technitium.models import Envelope

T = TypeVar("T")

ACCESS_DENIED = "Access was denied."
"""The error message of a call the token's user has no permission for."""
TOKEN_REFUSED = (
    "Technitium DNS rejected the API token: create one under Administration, Sessions, Create "
    "Token (Technitium DNS 15.0 or later)"
)


class TechnitiumClient(ServiceClient):
    """A Technitium DNS API client: the token header with every call, envelopes unwrapped."""

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        if token is None:
            return {}
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return TOKEN_REFUSED

    async def api(
        self, path: str, model: type[T] | TypeAdapter[T], params: dict[str, Any] | None = None
    ) -> T:
        """The ``response`` of a successful call as ``model``; any other status raises."""
        return self._unwrap(path, await self.request("GET", path, params=params), model)

    async def change(self, path: str, model: type[T] | TypeAdapter[T], form: dict[str, str]) -> T:
        """A call that changes something, its parameters as form data (POST)."""
        return self._unwrap(path, await self.request("POST", path, data=form), model)

    def _unwrap(self, path: str, response: httpx.Response, model: type[T] | TypeAdapter[T]) -> T:
        envelope = self.parse(response, Envelope)
        if envelope.status == "ok":
            return self.validate(response, envelope.response, model)
        if envelope.status in ("invalid-token", "2fa-required"):
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED, TOKEN_REFUSED, status=response.status_code, url=response.url
            )
        message = self.detail(envelope.error_message or "") or "no reason given"
        if envelope.error_message == ACCESS_DENIED:
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                f"Technitium DNS denied {path}: the token's user needs the Dashboard and Settings "
                "permissions (View to read, Modify for the actions)",
                status=response.status_code,
                url=response.url,
            )
        raise IntegrationError(
            ErrorCode.UPSTREAM_ERROR,
            f"Technitium DNS refused {path}: {message}",
            status=response.status_code,
            url=response.url,
        )
