"""AdGuard Home's ``/control`` API with HTTP basic auth.

AdGuard Home answers a request to ``/control/...`` without valid credentials with HTTP 403 and
the plain-text body ``Forbidden`` (``optionalAuthThird`` in internal/home/authhttp.go), never
401: that answer is UNAUTHORIZED, since every AdGuard Home user may do everything. A 403 with
another body comes from something in front of it (a proxy) and stays FORBIDDEN. Before its
setup wizard has run, AdGuard Home redirects every path to ``/install.html``.
"""

from __future__ import annotations

from typing import Any

import httpx

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError

REFUSAL = "Forbidden"
INSTALL_PAGE = "/install.html"


class AdguardClient(ServiceClient):
    """An AdGuard Home client: basic auth on every request when credentials are set."""

    basic_auth = True

    def refusal(self, response: httpx.Response) -> ErrorCode | None:
        if response.status_code != 403:
            return None  # a 401 comes from something in front of it
        if response.text.strip() == REFUSAL:
            return ErrorCode.UNAUTHORIZED
        return ErrorCode.FORBIDDEN

    def unauthorized_hint(self, response: httpx.Response) -> str:
        if self.auth() is None:
            return f"AdGuard Home asks for a username and password (HTTP {response.status_code})"
        return f"AdGuard Home rejected the username or password (HTTP {response.status_code})"

    async def request(
        self, method: str, path: str, *, expect: tuple[int, ...] = (200,), **kwargs: Any
    ) -> httpx.Response:
        """An authenticated request; before setup, every answer is the setup wizard's page."""
        response = await super().request(method, path, expect=expect, **kwargs)
        if response.url.path.endswith(INSTALL_PAGE):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "AdGuard Home is not set up yet: finish its setup wizard first",
                status=response.status_code,
                url=response.url,
            )
        return response
