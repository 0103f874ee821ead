"""The pfSense REST API v2: an API key (System, REST API, Keys) in ``X-API-Key``, or a pfSense
user's username and password as basic auth; answers in an envelope whose ``data`` holds the
result; a refusal is 401 ``AUTH_AUTHENTICATION_FAILED``, a missing privilege 403."""

from __future__ import annotations

from typing import TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.pfsense.models import Envelope

T = TypeVar("T")


class PfSenseClient(ServiceClient):
    """A pfSense REST API client: the key header, or basic auth."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        key = self.credentials_as(ApiKey)
        return {"X-API-Key": key.api_key.get_secret_value()} if key is not None else {}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return (
            "pfSense rejected the credentials: create an API key under System, REST API, Keys "
            "(the REST API package must be installed), or use a pfSense user's login"
        )

    def forbidden_hint(self, response: httpx.Response) -> str:
        return (
            "the pfSense user lacks the REST API's privilege for this status (System, User Manager)"
        )

    async def data(self, path: str, model: type[T] | TypeAdapter[T]) -> T:
        response = await self.request("GET", path)
        return self.validate(response, self.parse(response, Envelope).data, model)
