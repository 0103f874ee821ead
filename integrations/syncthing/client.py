"""Syncthing's REST API: every call carries the GUI's API key in the ``X-API-Key`` header.

Syncthing answers a missing or wrong key with 403 ("CSRF Error"), not 401, and with 401 when a
GUI user and password are set; both mean the key is wrong, so both are UNAUTHORIZED. A 403
without Syncthing's ``X-Syncthing-Id`` header comes from something else (a proxy) and stays
FORBIDDEN.
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.errors import ErrorCode

API_KEY_HEADER = "X-API-Key"
SYNCTHING_ID_HEADER = "X-Syncthing-Id"


class SyncthingClient(ServiceClient):
    """A Syncthing REST client authenticated by the API key."""

    api_key_header = API_KEY_HEADER

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        if response.status_code == 403 and SYNCTHING_ID_HEADER in response.headers:
            return ErrorCode.UNAUTHORIZED
        return super().refusal(response)

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "Syncthing rejected the API key (Actions > Settings > GUI > API Key)"
