"""autobrr's API authentication: an API key (Settings > API keys) in the ``X-API-Token``
header. A wrong key is answered 401 "Unauthorized"; no key at all 403 "Forbidden" (the web
session autobrr then looks for is missing)."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient


class AutobrrClient(ServiceClient):
    """An autobrr API client: the API key in ``X-API-Token`` with every request."""

    api_key_header = "X-API-Token"

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "autobrr rejected the API key: create one in autobrr under Settings > API keys"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "autobrr asks for a session or an API key: add one from Settings > API keys"
