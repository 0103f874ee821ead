"""Alertmanager's API v2 client: no auth of its own; behind a reverse proxy (or with
``--web.config.file``) basic auth or a bearer token, whichever credential set is configured."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken


class AlertmanagerClient(ServiceClient):
    """Basic auth or a bearer token when configured, none otherwise."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        bearer = self.credentials_as(BearerToken)
        if bearer is None:
            return {}
        return {"Authorization": f"Bearer {bearer.token.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.config.credentials.type == "none":
            return (
                "Alertmanager (or the proxy in front of it) asks for credentials: choose basic "
                "auth or an access token"
            )
        return "Alertmanager (or the proxy in front of it) refused the credentials"
