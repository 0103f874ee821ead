"""The parts of Gatus' endpoint statuses Tilewire reads (Gatus v5.36.0: config/endpoint/status.go
and result.go)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from integrations.base import UpstreamModel


class Result(UpstreamModel):
    """One evaluation of an endpoint's conditions."""

    success: bool
    status: int | None = Field(None, description="the HTTP status (absent for other checks)")
    duration: int = Field(0, description="nanoseconds (a Go time.Duration)")
    errors: list[str] = []
    timestamp: datetime | None = None


class EndpointStatus(UpstreamModel):
    """One endpoint of ``GET /api/v1/endpoints/statuses``: its results oldest first."""

    name: str = ""
    group: str = ""
    key: str
    results: list[Result] = []
