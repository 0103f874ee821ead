"""HTTP client for Netdata's REST API v1.

The agent has no authentication of its own; one behind a reverse proxy usually asks for basic
auth or a bearer token, so the client sends whichever credential set is configured.
"""

from __future__ import annotations

from integrations.base import ServiceClient
from integrations.config import BearerToken
from integrations.errors import ErrorCode, IntegrationError
from integrations.netdata.models import Alarms, ChartData, Info

NO_CHART = ("No metrics where matched to query", "Chart is not found")
"""How Netdata answers (404, text) a chart it does not have: 1.37, and older agents."""
LATEST = {"after": "-1", "points": "1", "format": "json"}
"""The newest collected point of a chart."""


class NetdataClient(ServiceClient):
    """Basic auth or a bearer token when configured (for a reverse proxy), none otherwise."""

    basic_auth = True

    def default_headers(self) -> dict[str, str]:
        bearer = self.credentials_as(BearerToken)
        if bearer is None:
            return {}
        return {"Authorization": f"Bearer {bearer.token.get_secret_value()}"}

    async def info(self) -> Info:
        return await self.get_json("api/v1/info", Info)

    async def alarms(self) -> Alarms:
        """The raised (WARNING and CRITICAL) alarms."""
        return await self.get_json("api/v1/alarms", Alarms)

    async def latest(self, chart: str) -> dict[str, float | None] | None:
        """The newest value of each dimension of ``chart``; None when Netdata has no such
        chart (its collector is disabled)."""
        response = await self.request(
            "GET", "api/v1/data", params={"chart": chart, **LATEST}, expect=(200, 404)
        )
        if response.status_code == 404:
            if response.text.startswith(NO_CHART):
                return None
            raise IntegrationError.for_status(404, response.url)
        data = self.parse(response, ChartData)
        if data.labels[0] != "time" or any(len(row) != len(data.labels) for row in data.data):
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                f"the data of chart {chart} is not Netdata's: is this Netdata?",
                status=response.status_code,
                url=response.url,
            )
        row = data.data[0] if data.data else [None] * len(data.labels)
        return dict(zip(data.labels[1:], row[1:], strict=True))
