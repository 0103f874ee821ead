"""Stash's GraphQL API: open, or the API key (Settings, Security) in the ``ApiKey`` header when
Stash has credentials; a refused request is 401. A GraphQL error comes with HTTP 200 and an
``errors`` list."""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError
from integrations.stash.models import Answer

T = TypeVar("T")

GRAPHQL_PATH = "graphql"


class StashClient(ServiceClient):
    """A Stash GraphQL client: the API key header when configured."""

    def default_headers(self) -> dict[str, str]:
        key = self.credentials_as(ApiKey)
        return {"ApiKey": key.api_key.get_secret_value()} if key is not None else {}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "Stash asks for credentials: copy its API key from Settings, Security, "
            "Authentication (generate one if there is none)"
        )

    async def query(self, document: str, field: str, model: type[T] | TypeAdapter[T]) -> T:
        """``document``'s ``data.<field>`` as ``model``; GraphQL errors raise."""
        # gqlgen answers a query it cannot validate with 422 and the errors list.
        response = await self.request(
            "POST", GRAPHQL_PATH, json={"query": document}, expect=(200, 422)
        )
        answer = self.parse(response, Answer)
        if answer.errors:
            raise IntegrationError(
                ErrorCode.UPSTREAM_ERROR,
                f"Stash refused the query: {self.detail(answer.errors[0].message)}",
                status=response.status_code,
                url=response.url,
            )
        data: Any = (answer.data or {}).get(field)
        if data is None:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the answer has no data: is the URL Stash's?",
                status=response.status_code,
                url=response.url,
            )
        return self.validate(response, data, model)
