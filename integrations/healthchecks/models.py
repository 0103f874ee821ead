"""The parts of Healthchecks' Management API v3 answers Tilewire reads (templates/docs/api.md of
Healthchecks v4.3; the check's fields are ``Check.to_dict`` in hc/api/models.py)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from integrations.base import UpstreamModel


class Check(UpstreamModel):
    """One check of ``GET /api/v3/checks/`` (with a read-write or a read-only key)."""

    name: str = ""
    slug: str = ""
    tags: str = Field("", description="space separated")
    status: str
    """new, up, grace, down or paused."""
    started: bool = False
    grace: int = 0
    last_ping: datetime | None = None
    next_ping: datetime | None = None
    last_duration: int | None = None


class Checks(UpstreamModel):
    """``GET /api/v3/checks/``."""

    checks: list[Check]
