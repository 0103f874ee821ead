"""Immich's REST API: the API key in the ``x-api-key`` header.

A missing or wrong key is answered 401 ("Invalid API key"). An admin-only route asked with a
non-admin user's key is answered 403 "Forbidden"; since Immich 1.112 keys also carry
permissions, and a key without the needed one is answered 403 "Missing required permission".
"""

from __future__ import annotations

from typing import TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.immich.models import ApiError, ServerVersion

T = TypeVar("T")

API_KEY_HEADER = "x-api-key"
LEGACY_VERSION_PATH = "api/server-info/version"
"""Where Immich before 1.107 answered its version (removed in 1.118)."""
FIRST_SERVER_ROUTES = "1.107"
MAX_MESSAGE_LENGTH = 120

_API_ERROR: TypeAdapter[ApiError] = TypeAdapter(ApiError)
_SERVER_VERSION: TypeAdapter[ServerVersion] = TypeAdapter(ServerVersion)


def upstream_message(response: httpx.Response) -> str:
    """Immich's own error message, if it sent one (never contains the key)."""
    try:
        message = _API_ERROR.validate_json(response.content).message
    except ValidationError:
        return ""
    text = "; ".join(message) if isinstance(message, list) else message
    return text[:MAX_MESSAGE_LENGTH]


class ImmichClient(ServiceClient):
    """An Immich API client authenticated by an API key."""

    api_key_header = API_KEY_HEADER

    async def get(self, path: str, model: type[T] | TypeAdapter[T], *, what: str = "") -> T:
        """``GET path`` as ``model``; refusals name the key, ``what`` names what was asked."""
        response = await self.request("GET", path, expect=(200, 401, 403, 404))
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Immich rejected the API key (Account Settings > API Keys)",
                status=401,
                url=response.url,
            )
        if response.status_code == 403:
            detail = upstream_message(response)
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                f"this API key may not read {what or 'this'}: it needs an admin user's key"
                " (with the permission, for keys limited to some)"
                + (f" - Immich says: {detail}" if detail else ""),
                status=403,
                url=response.url,
            )
        if response.status_code == 404:
            raise await self._not_found(response)
        return self.parse(response, model)

    async def _not_found(self, response: httpx.Response) -> IntegrationError:
        """A missing route: an Immich older than 1.107 (detected), or no Immich at all."""
        legacy = await self.send("GET", LEGACY_VERSION_PATH)
        if legacy.status_code == 200:
            try:
                version = _SERVER_VERSION.validate_json(legacy.content)
            except ValidationError:
                pass
            else:
                return IntegrationError(
                    ErrorCode.NOT_FOUND,
                    f"Immich {version} is too old: Tilewire needs Immich {FIRST_SERVER_ROUTES} "
                    "or later (the /api/server routes)",
                    status=404,
                    url=response.url,
                )
        return IntegrationError.for_status(404, response.url)
