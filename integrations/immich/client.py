"""Immich's REST API: the API key in the ``x-api-key`` header.

A missing or wrong key is answered 401 ("Invalid API key"). An admin-only route asked with a
non-admin user's key is answered 403 "Forbidden"; since Immich 1.112 keys also carry
permissions, and a key without the needed one is answered 403 "Missing required permission".
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.immich.models import ApiError, ServerVersion

API_KEY_HEADER = "x-api-key"
LEGACY_VERSION_PATH = "api/server-info/version"
"""Where Immich before 1.107 answered its version (removed in 1.118)."""
FIRST_SERVER_ROUTES = "1.107"
READS = {"api/server/about": "the server details", "api/server/statistics": "the server statistics"}
"""What each route reads, for a person told that the key may not."""


class ImmichClient(ServiceClient):
    """An Immich API client authenticated by an API key."""

    api_key_header = API_KEY_HEADER

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "Immich rejected the API key (Account Settings > API Keys)"

    def forbidden_hint(self, response: httpx.Response) -> str:
        what = next((v for k, v in READS.items() if response.url.path.endswith(k)), "this")
        body = self.try_parse(response, ApiError)
        detail = self.detail(body.message if body is not None else None)
        return (
            f"this API key may not read {what}: it needs an admin user's key (with the "
            "permission, for keys limited to some)"
            + (f" - Immich says: {detail}" if detail else "")
        )

    async def failure(self, response: httpx.Response) -> IntegrationError:
        """A missing route is an Immich older than 1.107 (detected), or no Immich at all."""
        error = await super().failure(response)
        if error.code is not ErrorCode.NOT_FOUND:
            return error
        legacy = await self.send("GET", LEGACY_VERSION_PATH)
        version = self.try_parse(legacy, ServerVersion) if legacy.status_code == 200 else None
        if version is not None:
            return IntegrationError(
                ErrorCode.NOT_FOUND,
                f"Immich {version} is too old: Tilewire needs Immich {FIRST_SERVER_ROUTES} "
                "or later (the /api/server routes)",
                status=404,
                url=response.url,
            )
        return error
