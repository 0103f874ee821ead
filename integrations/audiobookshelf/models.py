"""The parts of Audiobookshelf API answers Tilewire reads."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class LoginUser(UpstreamModel):
    id: str
    username: str
    type: str = "user"
    """``root``, ``admin``, ``user`` or ``guest``."""
    token: str | None = None
    """The user's API token (the documented field)."""
    access_token: str | None = Field(None, alias="accessToken")
    """The short-lived token newer servers return next to (or instead of) ``token``."""


class ServerSettings(UpstreamModel):
    version: str


class Authorized(UpstreamModel):
    """``POST /login`` and ``POST /api/authorize``: the user and the server's settings."""

    user: LoginUser
    server_settings: ServerSettings = Field(alias="serverSettings")
    source: str | None = Field(None, alias="Source")
    """The installation source (``docker``, ``debian``, ...)."""


class OnlineUser(UpstreamModel):
    id: str
    username: str


class MediaMetadata(UpstreamModel):
    title: str | None = None
    author: str | None = None


class DeviceInfo(UpstreamModel):
    browser_name: str | None = Field(None, alias="browserName")
    os_name: str | None = Field(None, alias="osName")
    manufacturer: str | None = None
    model: str | None = None


class PlaybackSession(UpstreamModel):
    """An open listening session (``openSessions`` of ``GET /api/users/online``)."""

    id: str
    user_id: str = Field(alias="userId")
    media_type: str = Field(alias="mediaType")
    """``book`` or ``podcast``."""
    media_metadata: MediaMetadata = Field(default_factory=MediaMetadata, alias="mediaMetadata")
    display_title: str | None = Field(None, alias="displayTitle")
    display_author: str | None = Field(None, alias="displayAuthor")
    duration: float = 0.0
    """Seconds."""
    current_time: float = Field(0.0, alias="currentTime")
    """Seconds: the playback position."""
    play_method: int = Field(0, alias="playMethod")
    media_player: str | None = Field(None, alias="mediaPlayer")
    device_info: DeviceInfo | None = Field(None, alias="deviceInfo")


class OnlineUsers(UpstreamModel):
    """``GET /api/users/online`` (admin only)."""

    users_online: list[OnlineUser] = Field(alias="usersOnline")
    open_sessions: list[PlaybackSession] = Field(alias="openSessions")


class Library(UpstreamModel):
    id: str
    name: str
    media_type: str = Field(alias="mediaType")
    """``book`` or ``podcast``."""


class Libraries(UpstreamModel):
    libraries: list[Library]


class LibraryStats(UpstreamModel):
    """``GET /api/libraries/<id>/stats``."""

    total_items: int = Field(alias="totalItems")
