"""What's Up Docker's API: open when no authentication is configured, else HTTP basic auth of
a user declared with ``WUD_AUTH_BASIC_<NAME>_USER`` and ``..._HASH`` (refused with 401)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import UsernamePassword


class WhatsUpDockerClient(ServiceClient):
    """A WUD API client: basic auth when a username and password are configured."""

    basic_auth = True

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.credentials_as(UsernamePassword) is None:
            return (
                "What's Up Docker asks for a login: add the username and password of a "
                "WUD_AUTH_BASIC user"
            )
        return (
            "What's Up Docker rejected the username or password (a WUD_AUTH_BASIC user; OIDC "
            "logins cannot be used by the API)"
        )
