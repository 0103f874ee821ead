"""Bazarr's API: every call carries the API key in the ``X-API-KEY`` header.

Every route (under ``/api/``) is wrapped in Bazarr's ``authenticate`` check, which compares the
key (header, ``apikey`` query or form field) with Settings > General > Security and answers 401
otherwise. The web UI's own login (forms or basic) does not open the API.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient

API_KEY_HEADER = "X-API-KEY"


class BazarrClient(ServiceClient):
    """A Bazarr API client authenticated by the API key."""

    api_key_header = API_KEY_HEADER

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "Bazarr rejected the API key (Settings > General > Security > API Key)"
