"""wg-easy 15's API: the web login's username and password as basic auth (an account with
two-factor authentication cannot use the API)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient


class WgEasyClient(ServiceClient):
    """A wg-easy API client: basic auth with every request."""

    basic_auth = True

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "wg-easy rejected the username or password (the web login's; an account with "
            "two-factor authentication cannot use the API)"
        )
