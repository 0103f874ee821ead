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

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.credentials_as(NoCredentials) is not None:
            return (
                "Traefik's API is behind authentication here: add its username and password "
                "(basic auth) or token"
            )
        return "the authentication in front of Traefik's API rejected the credentials"

    async def pages(self, path: str, model: type[list[T]] | TypeAdapter[list[T]]) -> list[T]:
        """Every item of a paged list route."""
        items: list[T] = []
        page = 1
        for _ in range(MAX_PAGES):
            response = await self.request("GET", path, params={"page": page, "per_page": PER_PAGE})
            chunk: list[T] = self.parse(response, model)
            items.extend(chunk)
            following = response.headers.get(NEXT_PAGE, "1")
            if not following.isdigit() or int(following) <= page:
                break
            page = int(following)
        return items
