"""Caddy's admin API: no auth of its own; basic auth when a reverse proxy guards it.

The admin API checks the ``Host`` (and, with ``enforce_origin``, the ``Origin``) header against
its allowed origins and answers 403 ``{"error": "host not allowed: ..."}`` otherwise: a proxy in
front must pass the admin listen address as the Host, or the address must be in ``origins``.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.caddy.models import AdminError

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

    def forbidden_hint(self, response: httpx.Response) -> str | None:
        body = self.try_parse(response, AdminError)
        if body is None or not body.error.startswith(REFUSED_ORIGIN):
            return None
        return (
            f"Caddy's admin API refused the request ({self.detail(body.error)}): add this "
            "address to the admin origins, or have the proxy send the admin listen address as "
            "Host"
        )
