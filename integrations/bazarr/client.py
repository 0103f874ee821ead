"""Bazarr's API: every call carries the API key in the ``X-API-KEY`` header.

Every route is wrapped in Bazarr's ``authenticate`` check, which compares the key (header,
``apikey`` query or form field) with Settings > General > Security and answers 401 otherwise.
The web UI's own login (forms or basic) does not open the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError

T = TypeVar("T")

API_KEY_HEADER = "X-API-KEY"
API_ROOT = "api/"


class BazarrClient(ServiceClient):
    """A Bazarr API client authenticated by the API key."""

    api_key_header = API_KEY_HEADER

    async def api(
        self,
        path: str,
        model: type[T] | TypeAdapter[T],
        *,
        params: Mapping[str, str | int] | None = None,
    ) -> T:
        """The JSON answer of ``GET /api/<path>`` as ``model``; a refused key is UNAUTHORIZED."""
        response = await self.request("GET", API_ROOT + path, params=params, expect=(200, 401))
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Bazarr rejected the API key (Settings > General > Security > API Key)",
                status=401,
                url=response.url,
            )
        return self.parse(response, model)
