"""AdGuard Home's ``/control`` API with HTTP basic auth.

AdGuard Home answers a request to ``/control/...`` without valid credentials with HTTP 403 and
the plain-text body ``Forbidden`` (``optionalAuthThird`` in internal/home/authhttp.go), never
401: that answer is UNAUTHORIZED, since every AdGuard Home user may do everything. A 403 with
another body comes from something in front of it (a proxy) and stays FORBIDDEN. Before its
setup wizard has run, AdGuard Home redirects every path to ``/install.html``.
"""

from __future__ import annotations

from typing import TypeVar

from integrations.base import ServiceClient
from integrations.errors import ErrorCode, IntegrationError

T = TypeVar("T")

REFUSAL = "Forbidden"
INSTALL_PAGE = "/install.html"


class AdguardClient(ServiceClient):
    """An AdGuard Home client: basic auth on every request when credentials are set."""

    basic_auth = True

    async def control(self, path: str, model: type[T]) -> T:
        """``GET /control/<path>`` as ``model``."""
        response = await self.request("GET", f"control/{path}", expect=(200, 403))
        if response.status_code == 403:
            if response.text.strip() != REFUSAL:
                raise IntegrationError.for_status(403, response.url)
            raise IntegrationError(
                ErrorCode.UNAUTHORIZED,
                "AdGuard Home rejected the username or password (HTTP 403)"
                if self.auth() is not None
                else "AdGuard Home asks for a username and password (HTTP 403)",
                status=403,
                url=response.url,
            )
        if response.url.path.endswith(INSTALL_PAGE):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "AdGuard Home is not set up yet: finish its setup wizard first",
                status=response.status_code,
                url=response.url,
            )
        return self.parse(response, model)
