"""TrueNAS REST API v2.0: an API key as a Bearer token, or HTTP basic auth.

Every route answers 401 without valid credentials. TrueNAS 25.04 and later revoke an API key
that is presented over plain HTTP, so the client refuses to send one to an ``http://`` URL unless
told otherwise (``allowApiKeyOverHttp``, for older systems reached without TLS).
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import TypeAdapter

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError
from integrations.truenas.definition import TrueNASSettings

T = TypeVar("T")

API = "api/v2.0/"


class TrueNASClient(ServiceClient):
    """A TrueNAS REST client: Bearer API key or basic auth on every call."""

    basic_auth = True

    @property
    def settings(self) -> TrueNASSettings:
        extra = self.config.extra
        return extra if isinstance(extra, TrueNASSettings) else TrueNASSettings()

    def default_headers(self) -> dict[str, str]:
        key = self.credentials_as(ApiKey)
        if key is None:
            return {}
        return {"Authorization": f"Bearer {key.api_key.get_secret_value()}"}

    def _check_transport(self) -> None:
        insecure = self.config.url.scheme == "http"
        if insecure and self.credentials_as(ApiKey) and not self.settings.allow_api_key_over_http:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "refusing to send the TrueNAS API key over plain HTTP, which makes TrueNAS "
                "25.04 and later revoke it: use an https:// URL",
                url=self.config.base_url,
            )

    async def api(self, path: str, model: type[T] | TypeAdapter[T]) -> T:
        """``GET /api/v2.0/<path>`` as ``model``; refused credentials say which."""
        self._check_transport()
        response = await self.request("GET", API + path, expect=(200, 401, 403))
        if response.status_code == 401:
            if self.credentials_as(ApiKey) is not None:
                message = (
                    "TrueNAS rejected the API key: it may be wrong, expired, or revoked (a key "
                    "sent over plain HTTP is revoked; reset it in My API Keys)"
                )
            else:
                message = "TrueNAS rejected the username or password"
            raise IntegrationError(ErrorCode.UNAUTHORIZED, message, status=401, url=response.url)
        if response.status_code == 403:
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                "TrueNAS does not let this user read it: give it a read-only administrator role",
                status=403,
                url=response.url,
            )
        return self.parse(response, model)
