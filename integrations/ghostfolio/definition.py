"""Ghostfolio: the portfolio's value, and its performance today, this year and in all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import BearerToken
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.ghostfolio.client import GhostfolioClient
    from integrations.ghostfolio.models import Performance

PERFORMANCE_PATH = "api/v2/portfolio/performance"


class GhostfolioPerformance(Payload):
    """In the user's base currency; percentages as ratios (0.05 is 5 %)."""

    value: float = Field(description="the portfolio's current value")
    investment: float = Field(description="the money invested")
    today: float = Field(description="net performance today")
    today_ratio: float
    year_to_date: float
    year_to_date_ratio: float
    total: float = Field(description="net performance since the first activity")
    total_ratio: float


class Ghostfolio(Integration["GhostfolioClient"]):
    id = "ghostfolio"
    name = "Ghostfolio"
    icon = "ghostfolio"
    categories = ("finance",)
    docs_url = "https://github.com/ghostfolio/ghostfolio"
    verification = "Built from the Ghostfolio API sources, version 3.58.0"
    default_port = 3333
    credentials = (BearerToken,)
    client_class = "integrations.ghostfolio.client:GhostfolioClient"

    async def _range(self, client: GhostfolioClient, period: str) -> Performance:
        from integrations.ghostfolio.models import PerformanceAnswer

        answer = await client.get_json(
            PERFORMANCE_PATH, PerformanceAnswer, params={"range": period}
        )
        return answer.performance

    async def test_connection(self, client: GhostfolioClient) -> ServiceInfo:
        total = await self._range(client, "max")
        return ServiceInfo.of(None, {"value": f"{total.current_value:.2f}"})

    @endpoint(
        "performance",
        name="Performance",
        description="The portfolio's value and investment, and its net performance today, "
        "this year and since the first activity.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def performance(self, client: GhostfolioClient) -> GhostfolioPerformance:
        today, ytd, total = await together(
            self._range(client, "1d"), self._range(client, "ytd"), self._range(client, "max")
        )
        return GhostfolioPerformance(
            value=total.current_value,
            investment=total.total_investment,
            today=today.net_performance,
            today_ratio=today.net_performance_percentage,
            year_to_date=ytd.net_performance,
            year_to_date_ratio=ytd.net_performance_percentage,
            total=total.net_performance,
            total_ratio=total.net_performance_percentage,
        )
