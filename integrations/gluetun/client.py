"""Gluetun's control server: open, or behind the authentication its config file sets per route
(an API key in ``X-API-Key``, or basic auth). A route the running version does not have is
answered 400 "... not supported" or "... not found", which is ``Unsupported`` here, so that an
older route can be asked instead."""

from __future__ import annotations

from typing import TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode
from integrations.optional import Unsupported

T = TypeVar("T")

MISSING_ROUTE = ("not supported", "not found")


class GluetunClient(ServiceClient):
    """A Gluetun control server client: the API key or basic auth when configured."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        key = self.credentials_as(ApiKey)
        return {"X-API-Key": key.api_key.get_secret_value()} if key is not None else {}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "Gluetun's control server refused the credentials: check the API key or username "
            "and password of a role allowed these routes (HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH)"
        )

    async def read(self, path: str, model: type[T] | TypeAdapter[T]) -> T:
        """``GET path`` as ``model``; a route this Gluetun does not have raises Unsupported."""
        response = await self.request("GET", path, expect=(200, 400))
        if response.status_code == 400:
            text = response.text.strip()
            if any(marker in text for marker in MISSING_ROUTE):
                raise Unsupported(
                    ErrorCode.NOT_FOUND,
                    f"this Gluetun has no {path} route ({self.detail(text, limit=80)})",
                    status=400,
                    url=response.url,
                )
            raise await self.failure(response)
        return self.parse(response, model)
