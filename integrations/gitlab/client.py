"""GitLab's REST API v4: a personal (or project/group) access token in the ``PRIVATE-TOKEN``
header; a wrong, expired or revoked token is 401 ``{"message": "401 Unauthorized"}``, one
without the needed scope 403 ``insufficient_scope``. Lists are paged and say their size in
``X-Total`` (left out above 10,000 records)."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import BearerToken
from integrations.gitlab.models import Item

ITEMS = TypeAdapter(list[Item])


class GitlabClient(ServiceClient):
    """A GitLab API client: the access token header with every call."""

    def default_headers(self) -> dict[str, str]:
        token = self.credentials_as(BearerToken)
        return {"PRIVATE-TOKEN": token.token.get_secret_value()} if token is not None else {}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "GitLab rejected the access token: create a personal access token with the "
            "read_api scope (User settings, Access tokens); tokens expire"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "GitLab's access token lacks a scope: it needs read_api"

    async def total(self, path: str, params: dict[str, Any]) -> int | None:
        """How many records the list at ``path`` has (``X-Total``), None above 10,000."""
        response = await self.request("GET", path, params={**params, "per_page": 1})
        self.parse(response, ITEMS)  # a GitLab list, not some other page
        total = response.headers.get("x-total")
        return int(total) if total is not None and total.isdigit() else None
