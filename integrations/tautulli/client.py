"""Tautulli's API v2: one URL, ``/api/v2?apikey=KEY&cmd=COMMAND``, answers in an envelope.

The key travels in the query string: errors carry URLs without it and httpx's request logging is
kept quiet (see ``integrations.base``), so it is never shown or logged. Tautulli answers a wrong
or missing key with ``{"response": {"result": "error", "message": "Invalid apikey"}}``, with HTTP
401 (older versions used 200), and 404 with "API not enabled" while the API is switched off.
"""

from __future__ import annotations

from typing import TypeVar

import httpx
from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError
from integrations.tautulli.models import Answer, Envelope

T = TypeVar("T")

API_PATH = "api/v2"
KEY_REFUSALS = frozenset(
    {
        "Invalid apikey",
        "Parameter apikey is required",
        "API key not generated",
        "API key not generated correctly",
    }
)
API_DISABLED = "API not enabled"
KEY_REFUSED = "Tautulli rejected the API key (Settings > Web Interface > API key)"


class TautulliClient(ServiceClient):
    """A Tautulli API v2 client: every call carries the API key and names its command."""

    def _key(self) -> str:
        creds = self.credentials_as(ApiKey)
        if creds is None:
            raise IntegrationError(ErrorCode.INVALID_CONFIG, "Tautulli needs its API key")
        return creds.api_key.get_secret_value()

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return KEY_REFUSED

    async def api(self, cmd: str, model: type[T] | TypeAdapter[T], **params: str | int) -> T:
        """``cmd``'s data as ``model``; an error envelope raises the matching error."""
        query = {"cmd": cmd, **params, "apikey": self._key()}
        response = await self.request("GET", API_PATH, params=query, expect=(200, 400, 403, 404))
        try:
            envelope = self.parse(response, Answer).response
        except IntegrationError:
            if response.status_code != 200:  # not Tautulli's API at this URL
                raise IntegrationError.for_status(response.status_code, response.url) from None
            raise
        if envelope.result == "error" or response.status_code != 200:
            raise self._refused(cmd, response, envelope)
        return self.validate(response, envelope.data, model)

    def _refused(self, cmd: str, response: httpx.Response, envelope: Envelope) -> IntegrationError:
        message = (envelope.message or "").strip()
        if message in KEY_REFUSALS:
            code, text = ErrorCode.UNAUTHORIZED, KEY_REFUSED
        elif message == API_DISABLED:
            code = ErrorCode.FORBIDDEN
            text = "Tautulli's API is off: enable it in Settings > Web Interface > Enable API"
        else:
            code = ErrorCode.UPSTREAM_ERROR
            text = f"Tautulli refused cmd={cmd}: {self.detail(message) or 'no reason'}"
        return IntegrationError(code, text, status=response.status_code, url=response.url)
