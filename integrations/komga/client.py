"""Komga's API authentication: an API key (Account Settings > API Keys, Komga 1.12 and later) in
the ``X-API-Key`` header, or the user's email and password as HTTP basic auth; a wrong one is
refused with 401."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import ApiKey


class KomgaClient(ServiceClient):
    """A Komga API client: the API key header or basic auth with every request."""

    api_key_header = "X-API-Key"
    basic_auth = True

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.credentials_as(ApiKey) is not None:
            return (
                "Komga rejected the API key: create one under Account Settings > API Keys "
                "(Komga 1.12 or later) and paste it whole"
            )
        return "Komga rejected the email and password: sign in to Komga's web page with them"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "Komga's user may not read this: it needs access to the libraries"
