"""Plex Media Server's HTTP API: JSON on request, the token in the ``X-Plex-Token`` header.

Plex answers XML unless asked for ``application/json`` (the shared client always asks). Every
request also names the client (``X-Plex-Client-Identifier``, ``X-Plex-Product``). A missing or
wrong token is 401 with a small HTML page; ``/identity`` alone answers without one. Lists are
paged with the ``X-Plex-Container-Start`` / ``X-Plex-Container-Size`` request headers: a size
of 0 returns only the total.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import USER_AGENT, ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.plex.definition import PlexToken
from integrations.plex.models import Items, LibrarySection, Sections

T = TypeVar("T")

PRODUCT, _, PRODUCT_VERSION = USER_AGENT.partition("/")
SECTIONS_PATH = "library/sections/all"
LEGACY_SECTIONS_PATH = "library/sections"
"""Where servers older than the published API (1.0, September 2025) list the libraries."""
TOTAL_SIZE_HEADER = "X-Plex-Container-Total-Size"
COUNT_ONLY = {"X-Plex-Container-Start": "0", "X-Plex-Container-Size": "0"}


class PlexClient(ServiceClient):
    """A Plex Media Server client authenticated by the token."""

    def _token(self) -> str:
        creds = self.credentials_as(PlexToken)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Plex needs a token")
        return creds.token.get_secret_value()

    @property
    def client_identifier(self) -> str:
        """Stable per server, so that Plex lists one Tilewire device."""
        return hashlib.sha256(f"tilewire|{self.config.base_url}".encode()).hexdigest()[:24]

    def default_headers(self) -> dict[str, str]:
        return {
            "X-Plex-Token": self._token(),
            "X-Plex-Client-Identifier": self.client_identifier,
            "X-Plex-Product": PRODUCT,
            "X-Plex-Version": PRODUCT_VERSION,
        }

    async def call(
        self,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """``GET path``; a refused token is UNAUTHORIZED, a shared user's FORBIDDEN."""
        response = await self.request(
            "GET", path, params=params, headers=headers, expect=(200, 401, 403)
        )
        if response.status_code == 401:
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "Plex rejected the token (X-Plex-Token): it is wrong or was signed out",
                status=401,
                url=response.url,
            )
        if response.status_code == 403:
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                "Plex refused the token: use the server owner's token, a shared user's "
                "cannot read this",
                status=403,
                url=response.url,
            )
        return response

    async def get(self, path: str, model: type[T] | TypeAdapter[T]) -> T:
        return self.parse(await self.call(path), model)

    async def sections(self) -> list[LibrarySection]:
        """The library sections, from the published path or, on an older server, the old one."""
        try:
            answer = await self.get(SECTIONS_PATH, Sections)
        except IntegrationError as err:
            if err.code is not ErrorCode.NOT_FOUND:
                raise
            answer = await self.get(LEGACY_SECTIONS_PATH, Sections)
        return answer.media_container.directory

    async def count(self, section_key: str, metadata_type: int) -> int:
        """How many items of ``metadata_type`` a section holds, without listing them."""
        response = await self.call(
            f"library/sections/{section_key}/all",
            params={"type": metadata_type},
            headers=COUNT_ONLY,
        )
        container = self.parse(response, Items).media_container
        if container.total_size is not None:
            return container.total_size
        header = response.headers.get(TOTAL_SIZE_HEADER, "")
        return int(header) if header.isdigit() else container.size
