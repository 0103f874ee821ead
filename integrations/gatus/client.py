"""Gatus' API authentication: none, or the HTTP basic auth of its ``security.basic`` setting
(an OIDC-protected Gatus answers API clients 401 and is not supported)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient


class GatusClient(ServiceClient):
    """A Gatus API client: basic auth when configured."""

    basic_auth = True

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "Gatus asks for credentials: use the username and password of its security.basic "
            "setting (a Gatus behind OIDC cannot be read by API clients)"
        )
