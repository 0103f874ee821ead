"""Tdarr's API authentication: none by default; with authentication enabled on the server
(``auth=true``), an API key from Tools > API Keys in the ``x-api-key`` header.

Tdarr answers a call without a key on such a server with 401 ``{"message": "No auth token
provided", "status": 401}`` (HaveAGitGat/Tdarr#1218, Tdarr 2.42.01); the Tdarr plugins send
their key in ``x-api-key`` (HaveAGitGat/Tdarr_Plugins, FlowHelpers/1.0.0/automationUtils.ts).
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient

API_KEY_HEADER = "x-api-key"


class TdarrClient(ServiceClient):
    """A Tdarr server API client: the API key header with every request when one is set."""

    api_key_header = API_KEY_HEADER

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if API_KEY_HEADER not in response.request.headers:
            return (
                "Tdarr asks for an API key (authentication is enabled on the server): create "
                "one in Tools > API Keys and choose the API key credentials"
            )
        return "Tdarr rejected the API key: copy it again from Tools > API Keys"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "Tdarr's API key is not allowed to read the statistics and nodes"
