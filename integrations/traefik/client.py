"""Traefik's API: open on the ``traefik`` entry point (``api.insecure``), or routed through
``api@internal`` behind whatever middleware protects it (basic auth, a bearer-token check).

The API itself has no authentication: a 401 comes from that middleware. List routes are paged
(100 per page by default); ``X-Next-Page`` names the next page, or 1 after the last one.
"""

from __future__ import annotations

from typing import TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import BearerToken, NoCredentials
from integrations.errors import ErrorCode, IntegrationError

T = TypeVar("T")

PER_PAGE = 100
MAX_PAGES = 50
NEXT_PAGE = "X-Next-Page"


class TraefikClient(ServiceClient):
    """A Traefik API client: basic auth or a bearer token when the API sits behind them."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        return {"Authorization": f"Bearer {token.token.get_secret_value()}"} if token else {}

    async def get(
        self, path: str, model: type[T] | TypeAdapter[T], params: dict[str, int] | None = None
    ) -> tuple[T, httpx.Response]:
        """``GET path`` as ``model``, with the response (for its headers)."""
        response = await self.request("GET", path, params=params, expect=(200, 401, 403))
        if response.status_code == 401:
            if self.credentials_as(NoCredentials) is not None:
                message = (
                    "Traefik's API is behind authentication here: add its username and password "
                    "(basic auth) or token"
                )
            else:
                message = "the authentication in front of Traefik's API rejected the credentials"
            raise IntegrationError(ErrorCode.UNAUTHORIZED, message, status=401, url=response.url)
        if response.status_code == 403:
            raise IntegrationError.for_status(403, response.url)
        return self.parse(response, model), response

    async def pages(self, path: str, model: type[list[T]] | TypeAdapter[list[T]]) -> list[T]:
        """Every item of a paged list route."""
        items: list[T] = []
        page = 1
        for _ in range(MAX_PAGES):
            chunk, response = await self.get(path, model, {"page": page, "per_page": PER_PAGE})
            items.extend(chunk)
            following = response.headers.get(NEXT_PAGE, "1")
            if not following.isdigit() or int(following) <= page:
                break
            page = int(following)
        return items
