"""The parts of the Seerr API v1 answers Tilewire reads (``overseerr-api.yml``): Overseerr and
Jellyseerr answer with the same schemas.
"""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class Status(UpstreamModel):
    """``GET /api/v1/status``: public, no credentials needed."""

    version: str
    commit_tag: str | None = Field(None, alias="commitTag")
    update_available: bool | None = Field(None, alias="updateAvailable")


class User(UpstreamModel):
    """``GET /api/v1/auth/me`` and the sign-in answers (``User``; ``id``, ``email``,
    ``createdAt`` and ``updatedAt`` are required by the schema)."""

    id: int
    email: str | None = None
    username: str | None = None
    plex_username: str | None = Field(None, alias="plexUsername")
    jellyfin_username: str | None = Field(None, alias="jellyfinUsername")
    display_name: str | None = Field(None, alias="displayName")
    created_at: str = Field(alias="createdAt")

    @property
    def shown_name(self) -> str:
        for name in (
            self.display_name,
            self.username,
            self.plex_username,
            self.jellyfin_username,
            self.email,
        ):
            if name:
                return name
        return f"user {self.id}"


class RequestCount(UpstreamModel):
    """``GET /api/v1/request/count``."""

    total: int
    movie: int | None = None
    tv: int | None = None
    pending: int
    approved: int
    declined: int
    processing: int
    available: int


class IssueCount(UpstreamModel):
    """``GET /api/v1/issue/count``."""

    total: int
    video: int
    audio: int
    subtitles: int
    others: int
    open: int
    closed: int


class ErrorBody(UpstreamModel):
    """How the API words a refusal: ``{"message": ...}`` from its error handler, or
    ``{"error": ...}`` (``{"status": 403, "error": ...}`` from the authentication check)."""

    message: str | None = None
    error: str | None = None

    @property
    def text(self) -> str | None:
        return self.message or self.error


class MediaRequest(UpstreamModel):
    """``POST /api/v1/request/{requestId}/{status}``'s answer (``MediaRequest``; ``id`` and
    ``status`` are required by the schema)."""

    id: int
    status: int
    """1 pending approval, 2 approved, 3 declined."""
    type: str | None = None
    """movie or tv."""
