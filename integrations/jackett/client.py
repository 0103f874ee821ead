"""Jackett's Torznab API: the API key in the ``apikey`` query parameter (Jackett reads it only
there; errors and logs show URLs without their query string). A wrong key is 401 with the
Torznab error ``<error code="100" description="Invalid API Key"/>``."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import httpx

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError
from integrations.jackett.models import error_of, parse

TORZNAB_PATH = "api/v2.0/indexers/all/results/torznab/api"


class JackettClient(ServiceClient):
    """A Jackett Torznab client: every call carries the API key."""

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "Jackett rejected the API key: copy it from the top of Jackett's dashboard"

    async def torznab(self, **params: str) -> Element:
        """The Torznab answer to ``params`` (``t=...``), its root element."""
        key = self.credentials_as(ApiKey)
        if key is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Jackett needs its API key")
        query = {**params, "apikey": key.api_key.get_secret_value()}
        response = await self.request("GET", TORZNAB_PATH, params=query, expect=(200, 400))
        root = parse(response.content)
        if root is None:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the answer is not Jackett's Torznab XML: is the URL Jackett's?",
                status=response.status_code,
                url=response.url,
            )
        error = error_of(root)
        if error is not None:
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"Jackett refused: {self.detail(error.description)} (Torznab error {error.code})",
                status=response.status_code,
                url=response.url,
            )
        return root
