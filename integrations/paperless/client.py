"""Paperless-ngx's REST API: ``Authorization: Token <token>``, or HTTP basic auth.

Paperless-ngx (1.3.0 and later) adds ``X-Version`` (the release) and ``X-Api-Version`` to every
authenticated answer. A wrong token or password is answered 401 with Django REST Framework's
``{"detail": "Invalid token."}`` (or ``"Invalid username/password."``).
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.paperless.definition import PaperlessToken
from integrations.paperless.models import ErrorDetail

VERSION_HEADER = "X-Version"
API_VERSION_HEADER = "X-Api-Version"


class PaperlessClient(ServiceClient):
    """A Paperless-ngx API client: token header or basic auth."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        creds = self.credentials_as(PaperlessToken)
        if creds is None:
            return {}
        return {"Authorization": f"Token {creds.token.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        what = "token" if self.credentials_as(PaperlessToken) else "username or password"
        return f"Paperless-ngx rejected the {what}"

    def forbidden_hint(self, response: httpx.Response) -> str:
        body = self.try_parse(response, ErrorDetail)
        reason = self.detail(body.detail if body is not None else None)
        return "Paperless-ngx does not allow this user to read this" + (
            f": {reason}" if reason else ""
        )
