"""Paperless-ngx's REST API: ``Authorization: Token <token>``, or HTTP basic auth.

Paperless-ngx (1.3.0 and later) adds ``X-Version`` (the release) and ``X-Api-Version`` to every
authenticated answer. A wrong token or password is answered 401 with Django REST Framework's
``{"detail": "Invalid token."}`` (or ``"Invalid username/password."``).
"""

from __future__ import annotations

from typing import TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError
from integrations.paperless.definition import PaperlessToken
from integrations.paperless.models import ErrorDetail

T = TypeVar("T")

VERSION_HEADER = "X-Version"
API_VERSION_HEADER = "X-Api-Version"
MAX_DETAIL_LENGTH = 120

_ERROR_DETAIL: TypeAdapter[ErrorDetail] = TypeAdapter(ErrorDetail)


def detail(response: httpx.Response) -> str:
    """DRF's error detail, if the answer has one."""
    try:
        return _ERROR_DETAIL.validate_json(response.content).detail[:MAX_DETAIL_LENGTH]
    except ValidationError:
        return ""


class PaperlessClient(ServiceClient):
    """A Paperless-ngx API client: token header or basic auth."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        creds = self.credentials_as(PaperlessToken)
        if creds is None:
            return {}
        return {"Authorization": f"Token {creds.token.get_secret_value()}"}

    async def get(
        self, path: str, model: type[T] | TypeAdapter[T], **params: str | int
    ) -> tuple[T, httpx.Response]:
        """``GET path`` as ``model``, with the response (for its version headers)."""
        response = await self.request("GET", path, params=params, expect=(200, 401, 403))
        if response.status_code == 401:
            what = "token" if self.credentials_as(PaperlessToken) else "username or password"
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                f"Paperless-ngx rejected the {what}",
                status=401,
                url=response.url,
            )
        if response.status_code == 403:
            reason = detail(response)
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                "Paperless-ngx does not allow this user to read this"
                + (f": {reason}" if reason else ""),
                status=403,
                url=response.url,
            )
        return self.parse(response, model), response
