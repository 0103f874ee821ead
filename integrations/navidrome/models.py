"""The parts of Subsonic API answers (``f=json``) Tilewire reads.

Every answer, success or failure, is ``{"subsonic-response": {...}}`` with HTTP 200; the
payload of a call is a key inside that envelope (``nowPlaying``, ``scanStatus``, ...).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from integrations.base import UpstreamModel


class SubsonicError(UpstreamModel):
    code: int
    message: str = ""


class NowPlayingEntry(UpstreamModel):
    """A ``Child`` (a song, podcast episode or video) plus who plays it where."""

    id: str
    title: str = ""
    artist: str | None = None
    album: str | None = None
    type: str | None = None
    """``music``, ``podcast``, ``audiobook`` or ``video``."""
    is_video: bool = Field(False, alias="isVideo")
    duration: int | None = None
    """Seconds."""
    username: str
    minutes_ago: int = Field(0, alias="minutesAgo")
    """Minutes since the entry started playing."""
    player_id: int | str | None = Field(None, alias="playerId")
    player_name: str | None = Field(None, alias="playerName")


class NowPlaying(UpstreamModel):
    entry: list[NowPlayingEntry] = []
    """Required by the documentation, but servers omit an empty list."""


class ScanStatus(UpstreamModel):
    scanning: bool
    count: int | None = None
    """Navidrome: the tracks in the library when idle, the items scanned so far while scanning."""


class ArtistID3(UpstreamModel):
    id: str
    name: str
    album_count: int = Field(0, alias="albumCount")


class IndexID3(UpstreamModel):
    name: str
    artist: list[ArtistID3] = []


class ArtistsID3(UpstreamModel):
    index: list[IndexID3] = []


class SubsonicResponse(UpstreamModel):
    """The ``subsonic-response`` envelope and the payloads Tilewire asks for."""

    status: Literal["ok", "failed"]
    version: str
    """The Subsonic API version the server implements."""
    type: str | None = None
    """OpenSubsonic: the server's name (``navidrome``, ``gonic``, ...)."""
    server_version: str | None = Field(None, alias="serverVersion")
    """OpenSubsonic: the server's own version."""
    open_subsonic: bool = Field(False, alias="openSubsonic")
    error: SubsonicError | None = None
    now_playing: NowPlaying | None = Field(None, alias="nowPlaying")
    scan_status: ScanStatus | None = Field(None, alias="scanStatus")
    artists: ArtistsID3 | None = None


class SubsonicAnswer(UpstreamModel):
    response: SubsonicResponse = Field(alias="subsonic-response")
