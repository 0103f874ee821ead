"""changedetection.io's REST API v1: the API key in the ``x-api-key`` header.

A missing or wrong key gets 403 with the JSON string ``"Invalid access - API key invalid."``
(never 401), so 403 means the key was refused. The API can also be opened without a key
(Settings > API > "Restrict API access" off): then no key is sent.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.errors import ErrorCode

API_KEY_HEADER = "x-api-key"
KEY_REFUSED = (
    "changedetection.io refused the API key: copy it from Settings > API, or choose no "
    "credentials if API access is not restricted"
)


class ChangeDetectionClient(ServiceClient):
    """A changedetection.io API client: the key header, and 403 reported as a refused key."""

    api_key_header = API_KEY_HEADER

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        if response.status_code != 403:
            return None  # a 401 comes from something in front of it
        return ErrorCode.UNAUTHORIZED

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return f"{KEY_REFUSED} (HTTP {response.status_code})"
