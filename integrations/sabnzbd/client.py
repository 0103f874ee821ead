"""SABnzbd's API: one ``/api`` URL, the call named by ``mode``, the API key in the query string.

The key travels as ``apikey=`` in the URL: errors carry URLs without their query string and
httpx's request logging is kept quiet (see ``integrations.base``), so it is never shown or
logged. SABnzbd 3.x answers a wrong or missing key with HTTP 403 and a plain-text reason;
older versions answered HTTP 200 with ``{"status": false, "error": "API Key Incorrect"}``.
Both are UNAUTHORIZED.
"""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError
from integrations.sabnzbd.models import ApiError

T = TypeVar("T")

API_PATH = "api"
MAX_REASON_LENGTH = 200
"""Longer plain-text answers are a web page, not one of SABnzbd's refusals."""

KEY_REFUSALS: dict[str, str] = {
    "API Key Incorrect": "SABnzbd rejected the API key: use the API key of Config > General "
    "(the NZB key is not enough to read the queue)",
    "API Key Required": "SABnzbd asks for an API key",
}
ACCESS_REFUSALS: dict[str, str] = {
    "External internet access denied": "SABnzbd refuses API calls from this address: allow "
    "them in Config > General > External internet access",
    "Access denied - Hostname verification failed": "SABnzbd does not accept the host name "
    "of this URL: add it to host_whitelist in Config > Special, or use its IP address",
    "Access denied - Configuration locked": "SABnzbd's configuration is locked",
}

_ANY_JSON: TypeAdapter[Any] = TypeAdapter(Any)
_API_ERROR: TypeAdapter[ApiError] = TypeAdapter(ApiError)


def refusal_of(text: str) -> tuple[ErrorCode, str] | None:
    """The error for one of SABnzbd's refusal texts, None for any other text."""
    for known, message in KEY_REFUSALS.items():
        if text.startswith(known):
            return ErrorCode.UNAUTHORIZED, message
    for known, message in ACCESS_REFUSALS.items():
        if text.startswith(known):
            return ErrorCode.FORBIDDEN, message
    return None


def answered_refusal(text: str) -> tuple[ErrorCode, str] | None:
    """``refusal_of`` a whole answer: a longer one is a web page, not one of SABnzbd's."""
    return refusal_of(text) if len(text) <= MAX_REASON_LENGTH else None


class SabnzbdClient(ServiceClient):
    """A SABnzbd API client: every call carries ``output=json`` and the API key."""

    def _key(self) -> str:
        creds = self.credentials_as(ApiKey)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "SABnzbd needs its API key")
        return creds.api_key.get_secret_value()

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        code = super().refusal(response)
        if code is None:
            return None
        text = response.text.strip()
        known = answered_refusal(text)
        if known is not None:
            return known[0]
        if code is ErrorCode.FORBIDDEN and not text:
            # SABnzbd with api_warnings off refuses without a reason; the key is the usual cause.
            return ErrorCode.UNAUTHORIZED
        return code

    def unauthorized_hint(self, response: httpx.Response) -> str | None:
        text = response.text.strip()
        known = answered_refusal(text)
        if known is None and not text and response.status_code == 403:
            return "SABnzbd refused the call without a reason (HTTP 403): check the API key"
        return known[1] if known is not None else None

    def forbidden_hint(self, response: httpx.Response) -> str | None:
        known = answered_refusal(response.text.strip())
        return known[1] if known is not None else None

    async def api(self, mode: str, model: type[T] | TypeAdapter[T], **params: str | int) -> T:
        """``mode``'s answer as ``model``; a refusal raises the matching ``IntegrationError``."""
        query = {"mode": mode, "output": "json", **params, "apikey": self._key()}
        response = await self.request("GET", API_PATH, params=query)
        text = response.text.strip()
        known = answered_refusal(text)
        if known is not None:  # SABnzbd before 3.x refuses with HTTP 200
            code, message = known
            raise IntegrationError(code, message, status=response.status_code, url=response.url)
        data = self.parse(response, _ANY_JSON)
        if isinstance(data, dict) and data.get("status") is False and "error" in data:
            error = self.validate(response, data, _API_ERROR).error
            code, message = refusal_of(error) or (
                ErrorCode.UPSTREAM_ERROR,
                f"SABnzbd refused mode={mode}: {self.detail(error)}",
            )
            raise IntegrationError(code, message, status=response.status_code, url=response.url)
        # A change that applied to nothing (``mode=queue&name=pause`` of an unknown job) is
        # ``{"status": false}`` without an error: the model says what that means.
        return self.validate(response, data, model)
