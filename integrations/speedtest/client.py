"""Speedtest Tracker's API: v1 with a Bearer API token, or the legacy latest-result endpoint.

API v1 (``/api/v1/...``, Speedtest Tracker 0.20 and later) takes a token made under
``/admin/api-tokens`` with the "read results" ability; a missing or wrong token is 401
``{"message": "Unauthenticated."}`` (as JSON only because the request asks for JSON; otherwise
Laravel redirects to the login page), a token without the ability 403. The legacy
``/api/speedtest/latest`` needs no credentials. Both answer 404 ``{"message": ...}`` while no
test has run, which is not an error.
"""

from __future__ import annotations

from typing import Literal

import httpx

from integrations.base import ServiceClient
from integrations.config import BearerToken
from integrations.errors import ErrorCode, IntegrationError
from integrations.speedtest.models import LegacyAnswer, LegacyResult, Message, Result, ResultAnswer

ApiVersion = Literal["v1", "legacy"]
LATEST_PATHS: dict[ApiVersion, str] = {
    "v1": "api/v1/results/latest",
    "legacy": "api/speedtest/latest",
}
NO_ROUTE_HINT: dict[ApiVersion, str] = {
    "v1": "no API v1 at this URL: is the URL right? Speedtest Tracker before 0.20 has only the "
    "legacy endpoint (choose no credentials)",
    "legacy": "no /api/speedtest/latest at this URL: is the URL right and is this Speedtest "
    "Tracker?",
}


class SpeedtestClient(ServiceClient):
    """A Speedtest Tracker client: API v1 with a token, else the legacy endpoint."""

    @property
    def api(self) -> ApiVersion:
        return "v1" if self.credentials_as(BearerToken) is not None else "legacy"

    def default_headers(self) -> dict[str, str]:
        creds = self.credentials_as(BearerToken)
        return {"Authorization": f"Bearer {creds.token.get_secret_value()}"} if creds else {}

    def unauthorized_hint(self, response: httpx.Response) -> str:
        return "Speedtest Tracker rejected the API token (make one under /admin/api-tokens)"

    def forbidden_hint(self, response: httpx.Response) -> str:
        return "the API token may not read results: give it the 'Read results' ability"

    def no_result_yet(self, response: httpx.Response) -> bool:
        """Whether a 404 is Speedtest Tracker saying no test has run (not a missing route)."""
        body = self.try_parse(response, Message)
        text = body.message.lower() if body is not None else ""
        return "result" in text and "route" not in text

    async def latest(self) -> Result | LegacyResult | None:
        """The latest result, or None when no test has run yet."""
        api = self.api
        response = await self.request("GET", LATEST_PATHS[api], expect=(200, 404))
        if response.status_code == 404:
            if self.no_result_yet(response):
                return None
            raise IntegrationError(
                ErrorCode.NOT_FOUND, NO_ROUTE_HINT[api], status=404, url=response.url
            )
        if api == "v1":
            return self.parse(response, ResultAnswer).data
        return self.parse(response, LegacyAnswer).data
