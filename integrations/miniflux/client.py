"""Miniflux's REST API: an API key in ``X-Auth-Token`` (2.0.21 and later), or basic auth.

Every ``/v1`` route needs authentication; a refusal is 401 ``{"error_message": "access
unauthorized"}``. The version moved from ``GET /version`` (plain text, 2.0.22 to 2.0.48, since
deprecated) to ``GET /v1/version`` (JSON, 2.0.49): the client asks the new route and falls back
to the old one when it is missing.
"""

from __future__ import annotations

import re

import httpx

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError
from integrations.miniflux.models import Counters, Version

TOKEN_HEADER = "X-Auth-Token"
VERSION_PATH = "v1/version"
LEGACY_VERSION_PATH = "version"
COUNTERS_PATH = "v1/feeds/counters"
FIRST_COUNTERS_VERSION = "2.0.37"
_VERSION_TEXT = re.compile(r"^v?\d+\.\d+[0-9A-Za-z.+-]*$")


class MinifluxClient(ServiceClient):
    """A Miniflux API client: API key header or basic auth."""

    basic_auth = True

    api_key_header = TOKEN_HEADER

    def unauthorized_hint(self, response: httpx.Response) -> str:
        what = (
            "API key (Settings > API Keys)"
            if self.credentials_as(ApiKey)
            else "username or password"
        )
        return f"Miniflux rejected the {what}"

    async def version(self) -> str:
        """The Miniflux version, from /v1/version or, before 2.0.49, /version."""
        response = await self.request("GET", VERSION_PATH, expect=(200, 404))
        if response.status_code == 200:
            return self.parse(response, Version).version
        legacy = await self.request("GET", LEGACY_VERSION_PATH)
        text = legacy.text.strip()
        if not _VERSION_TEXT.match(text):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the version answer is not Miniflux's: is the URL right and is this Miniflux?",
                status=legacy.status_code,
                url=legacy.url,
            )
        return text

    async def counters(self) -> Counters:
        """Read and unread entries per feed; Miniflux before 2.0.37 has no such route."""
        response = await self.request("GET", COUNTERS_PATH, expect=(200, 404))
        if response.status_code == 404:
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"this Miniflux has no unread counters: Tilewire needs Miniflux "
                f"{FIRST_COUNTERS_VERSION} or later",
                status=404,
                url=response.url,
            )
        return self.parse(response, Counters)
