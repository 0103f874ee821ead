"""Prowlarr's REST API v1: every call carries the API key in the ``X-Api-Key`` header.

Prowlarr's API key handler answers a missing or wrong key with 401 and no body (a 403 only for
an authenticated caller refused something). Lidarr and Readarr serve the same ``/api/v1`` layout
with the same header, so the connection test also checks that the answer names Prowlarr.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError

T = TypeVar("T")

API_KEY_HEADER = "X-Api-Key"
API_ROOT = "api/v1/"


class ProwlarrClient(ServiceClient):
    """A Prowlarr API v1 client authenticated by the API key."""

    api_key_header = API_KEY_HEADER

    async def api(
        self,
        path: str,
        model: type[T] | TypeAdapter[T],
        *,
        params: Mapping[str, str] | None = None,
    ) -> T:
        """The JSON answer of ``GET /api/v1/<path>`` as ``model``; a refused key is UNAUTHORIZED."""
        response = await self.request("GET", API_ROOT + path, params=params, expect=(200, 401))
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Prowlarr rejected the API key (Settings > General > Security > API Key)",
                status=401,
                url=response.url,
            )
        return self.parse(response, model)
