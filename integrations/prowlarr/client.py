"""Prowlarr's REST API v1 (``/api/v1/``): every call carries the API key in the ``X-Api-Key``
header.

Prowlarr's API key handler answers a missing or wrong key with 401 and no body (a 403 only for
an authenticated caller refused something). Lidarr and Readarr serve the same ``/api/v1`` layout
with the same header, so the connection test also checks that the answer names Prowlarr.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient

API_KEY_HEADER = "X-Api-Key"


class ProwlarrClient(ServiceClient):
    """A Prowlarr API v1 client authenticated by the API key."""

    api_key_header = API_KEY_HEADER

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "Prowlarr rejected the API key (Settings > General > Security > API Key)"
