"""ntfy's authentication: none, an access token (``tk_...``) as a bearer token, or a user's
username and password as basic auth. It refuses with 401 (no or wrong credentials) or 403 (no
access to the topic), each a JSON error ``{"code": 40101, "http": 401, "error": ...}``."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken


class NtfyClient(ServiceClient):
    """An ntfy client: the access token or basic auth when configured."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        if token is None:
            return {}
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "ntfy rejected the credentials: use an access token (Account, Access tokens) or the "
            "username and password of a user with read access to the topic"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "this ntfy user may not read the topic (ntfy access control: grant read access)"
