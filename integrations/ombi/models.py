"""The parts of Ombi's API answers Tilewire reads (Ombi 4.59.3: RequestController
``GET /api/v1/Request/count``, Ombi.Core/Models/Requests/RequestCountModel.cs; StatusController
``GET /api/v1/Status/info``)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class RequestCount(UpstreamModel):
    """``GET /api/v1/Request/count``: movie requests and TV season requests together."""

    pending: int = Field(ge=0)
    """Neither approved, available nor denied."""
    approved: int = Field(ge=0)
    """Approved, not available yet."""
    available: int = Field(ge=0)
    denied: int = Field(ge=0)
