"""Ombi's API authentication: the API key (Settings > Ombi) in the ``ApiKey`` header; a wrong
key is refused with 401 and the text "Invalid API Key" on every ``/api`` route, the anonymous
ones included."""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient


class OmbiClient(ServiceClient):
    """An Ombi API client: the API key header with every request."""

    api_key_header = "ApiKey"

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "Ombi rejected the API key: copy it again from Settings > Ombi (it changes when "
            "someone resets it there)"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "Ombi's API key does not allow reading the requests"
