"""OPNsense's API: an API key and secret (System, Access, Users: a user's API keys) as the
username and password of basic auth; a wrong pair is 401, a user without the page's privilege
403."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.opnsense.definition import OPNsenseApiKey


class OPNsenseClient(ServiceClient):
    """An OPNsense API client: the key and secret as basic auth with every request."""

    def auth(self) -> httpx.Auth | None:
        creds = self.credentials_as(OPNsenseApiKey)
        if creds is None:
            return None
        return httpx.BasicAuth(creds.key.get_secret_value(), creds.secret.get_secret_value())

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "OPNsense rejected the API key and secret (System, Access, Users: API keys)"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return (
            "the API key's user lacks a privilege: give it 'Diagnostics' pages or "
            "'Dashboard (all)' (System, Access, Users, Effective privileges)"
        )
