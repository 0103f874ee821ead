"""The parts of Immich's API answers Tilewire reads."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class ServerAbout(UpstreamModel):
    """``GET /api/server/about`` (ServerAboutResponseDto; needs authentication). The three
    fields its schema requires are required here too."""

    version: str
    """e.g. ``v1.112.1``."""
    version_url: str = Field(alias="versionUrl")
    licensed: bool


class ServerVersion(UpstreamModel):
    """``GET /api/server/version``, and ``/api/server-info/version`` before 1.107
    (ServerVersionResponseDto; no authentication)."""

    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"v{self.major}.{self.minor}.{self.patch}"


class UsageByUser(UpstreamModel):
    """One entry of ``usageByUser`` (UsageByUserDto)."""

    user_id: str = Field(alias="userId")
    user_name: str = Field(alias="userName")
    photos: int
    videos: int
    usage: int
    """Bytes."""
    quota_size_in_bytes: int | None = Field(None, alias="quotaSizeInBytes")


class ServerStats(UpstreamModel):
    """``GET /api/server/statistics`` (ServerStatsResponseDto; admin only)."""

    photos: int
    videos: int
    usage: int
    """Bytes, all users together."""
    usage_by_user: list[UsageByUser] = Field(alias="usageByUser")


class ApiError(UpstreamModel):
    """Immich's error body: ``{"message", "error", "statusCode", "correlationId"}``."""

    message: str | list[str] = ""
