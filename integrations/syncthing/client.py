"""Syncthing's REST API: every call carries the GUI's API key in the ``X-API-Key`` header.

Syncthing answers a missing or wrong key with 403 ("CSRF Error"), not 401, and with 401 when a
GUI user and password are set; both mean the key is wrong, so both are UNAUTHORIZED. A 403
without Syncthing's ``X-Syncthing-Id`` header comes from something else (a proxy) and stays
FORBIDDEN.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError

T = TypeVar("T")

API_KEY_HEADER = "X-API-Key"
SYNCTHING_ID_HEADER = "X-Syncthing-Id"


class SyncthingClient(ServiceClient):
    """A Syncthing REST client authenticated by the API key."""

    api_key_header = API_KEY_HEADER

    async def rest(
        self,
        path: str,
        model: type[T] | TypeAdapter[T],
        *,
        params: Mapping[str, str] | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> T:
        """The JSON answer of ``GET path`` as ``model``; a rejected key is UNAUTHORIZED."""
        response = await self.request("GET", path, params=params, expect=(*expect, 401, 403))
        rejected = response.status_code == 401 or (
            response.status_code == 403 and SYNCTHING_ID_HEADER in response.headers
        )
        if rejected:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Syncthing rejected the API key (Actions > Settings > GUI > API Key)",
                status=response.status_code,
                url=response.url,
            )
        if response.status_code not in expect:
            raise IntegrationError.for_status(response.status_code, response.url)
        return self.parse(response, model)
