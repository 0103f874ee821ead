"""UrBackup's answers Tilewire reads (name the API document and its version here)."""

from __future__ import annotations

from integrations.base import UpstreamModel


class Status(UpstreamModel):
    """``GET /api/status``."""

    version: str
    healthy: bool
