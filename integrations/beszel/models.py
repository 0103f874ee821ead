"""The parts of Beszel's hub answers Tilewire reads (PocketBase 0.39 records and auth;
Beszel 0.18.8 system records, whose ``info`` keys are abbreviated)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class AuthAnswer(UpstreamModel):
    """``POST /api/collections/users/auth-with-password``."""

    token: str


class Info(UpstreamModel):
    uptime: int | None = Field(None, alias="u")
    cpu: float | None = None
    memory_percent: float | None = Field(None, alias="mp")
    disk_percent: float | None = Field(None, alias="dp")
    agent_version: str | None = Field(None, alias="v")
    load_average: list[float] | None = Field(None, alias="la")
    temperature: float | None = Field(None, alias="dt")
    bandwidth_bytes: int | None = Field(None, alias="bb")
    """Bytes per second sent and received."""


class System(UpstreamModel):
    id: str
    name: str
    host: str = ""
    status: str = "pending"
    info: Info = Field(default_factory=Info)


class Systems(UpstreamModel):
    """``GET /api/collections/systems/records``: a page of records."""

    total_items: int = Field(alias="totalItems")
    items: list[System]
