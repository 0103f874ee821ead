"""The parts of RomM's API answers Tilewire reads (RomM sources of August 2026:
backend/endpoints/responses/stats.py StatsReturn, responses/heartbeat.py HeartbeatResponse,
responses/identity.py UserSchema)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class User(UpstreamModel):
    """``GET /api/users/me``."""

    id: int
    username: str
    role: str = ""


class System(UpstreamModel):
    version: str = Field("", alias="VERSION")


class Heartbeat(UpstreamModel):
    """``GET /api/heartbeat`` (no login needed)."""

    system: System = Field(alias="SYSTEM")


class Stats(UpstreamModel):
    """``GET /api/stats``: counts over the platforms and ROMs the user may see."""

    platforms: int = Field(alias="PLATFORMS", ge=0)
    roms: int = Field(alias="ROMS", ge=0)
    saves: int = Field(alias="SAVES", ge=0)
    states: int = Field(alias="STATES", ge=0)
    screenshots: int = Field(alias="SCREENSHOTS", ge=0)
    total_filesize_bytes: int = Field(alias="TOTAL_FILESIZE_BYTES", ge=0)
