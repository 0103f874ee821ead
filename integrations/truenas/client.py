"""TrueNAS REST API v2.0 (``/api/v2.0/``): an API key as a Bearer token, or HTTP basic auth.

Every route answers 401 without valid credentials. TrueNAS 25.04 and later revoke an API key
that is presented over plain HTTP, so the client refuses to send one to an ``http://`` URL unless
told otherwise (``allowApiKeyOverHttp``, for older systems reached without TLS).
"""

from __future__ import annotations

import httpx

from integrations.base import ServiceClient
from integrations.config import ApiKey
from integrations.errors import ErrorCode, IntegrationError
from integrations.truenas.definition import TrueNASSettings


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
        if self.config.url.scheme == "http" and not self.settings.allow_api_key_over_http:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "refusing to send the TrueNAS API key over plain HTTP, which makes TrueNAS "
                "25.04 and later revoke it: use an https:// URL",
                url=self.config.base_url,
            )
        return {"Authorization": f"Bearer {key.api_key.get_secret_value()}"}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.credentials_as(ApiKey) is not None:
            return (
                "TrueNAS rejected the API key: it may be wrong, expired, or revoked (a key sent "
                "over plain HTTP is revoked; reset it in My API Keys)"
            )
        return "TrueNAS rejected the username or password"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "TrueNAS does not let this user read it: give it a read-only administrator role"
