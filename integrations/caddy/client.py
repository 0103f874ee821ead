"""Caddy's admin API: no auth of its own; basic auth when a reverse proxy guards it.

The admin API checks the ``Host`` (and, with ``enforce_origin``, the ``Origin``) header against
its allowed origins and answers 403 ``{"error": "host not allowed: ..."}`` otherwise: a proxy in
front must pass the admin listen address as the Host, or the address must be in ``origins``.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.caddy.models import AdminError
from integrations.errors import ErrorCode, IntegrationError

T = TypeVar("T")

REFUSED_ORIGIN = (
    "host not allowed",
    "client is not allowed to access from origin",
    "missing required Origin header",
    "required Origin header is missing",
)
"""How the admin API's Host and Origin checks begin their 403 errors (2.x versions differ)."""


class CaddyClient(ServiceClient):
    """An admin API client; sends basic auth when configured (for a proxy in front)."""

    basic_auth = True

    async def admin(self, path: str, model: type[T] | TypeAdapter[T]) -> T:
        """The JSON answer of ``GET path`` as ``model``."""
        response = await self.request("GET", path, expect=(200, 403))
        if response.status_code == 403:
            try:
                error = self.parse(response, AdminError).error
            except IntegrationError:
                error = ""
            if error.startswith(REFUSED_ORIGIN):
                raise IntegrationError(
                    ErrorCode.FORBIDDEN,
                    f"Caddy's admin API refused the request ({error[:120]}): add this address to "
                    "the admin origins, or have the proxy send the admin listen address as Host",
                    status=403,
                    url=response.url,
                )
            raise IntegrationError.for_status(403, response.url)
        return self.parse(response, model)
