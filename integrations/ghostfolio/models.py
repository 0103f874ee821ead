"""The parts of Ghostfolio's answers Tilewire reads (3.58.0: OAuthResponse,
PortfolioPerformanceResponse)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class AuthAnswer(UpstreamModel):
    """``POST /api/v1/auth/anonymous``."""

    auth_token: str = Field(alias="authToken")


class Performance(UpstreamModel):
    current_value: float = Field(alias="currentValueInBaseCurrency")
    net_performance: float = Field(alias="netPerformance")
    net_performance_percentage: float = Field(alias="netPerformancePercentage")
    total_investment: float = Field(alias="totalInvestment")


class PerformanceAnswer(UpstreamModel):
    """``GET /api/v2/portfolio/performance?range=...``."""

    performance: Performance
