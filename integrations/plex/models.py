"""The parts of Plex Media Server's JSON answers (``Accept: application/json``) Tilewire reads.

Every answer is a ``MediaContainer``; lists are named after their elements (``Metadata``,
``Directory``) and left out when empty.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from integrations.base import UpstreamModel


def _as_text(value: object) -> object:
    return str(value) if isinstance(value, int) else value


Text = Annotated[str, BeforeValidator(_as_text)]
"""A string Plex sometimes writes as a number (keys, ids)."""


class IdentityContainer(UpstreamModel):
    machine_identifier: str | None = Field(None, alias="machineIdentifier")
    version: str = Field(min_length=1)
    claimed: bool | None = None


class Identity(UpstreamModel):
    """``GET /identity``: answered without a token."""

    media_container: IdentityContainer = Field(alias="MediaContainer")


class ServerContainer(UpstreamModel):
    friendly_name: str | None = Field(None, alias="friendlyName")
    version: str | None = None
    platform: str | None = None
    platform_version: str | None = Field(None, alias="platformVersion")


class ServerInfo(UpstreamModel):
    """``GET /``: the server's configuration (needs the token)."""

    media_container: ServerContainer = Field(alias="MediaContainer")


class User(UpstreamModel):
    title: str | None = None
    """The username."""


class Player(UpstreamModel):
    title: str | None = None
    """The client's name, e.g. a host name."""
    product: str | None = None
    platform: str | None = None
    state: str = ""
    """playing, paused or buffering."""


class PlaybackSession(UpstreamModel):
    id: str | None = None


class TranscodeSession(UpstreamModel):
    video_decision: str | None = Field(None, alias="videoDecision")
    audio_decision: str | None = Field(None, alias="audioDecision")
    """transcode, copy or directplay."""


class Part(UpstreamModel):
    decision: str | None = None
    """directplay, copy or transcode."""


class Media(UpstreamModel):
    parts: list[Part] = Field(default_factory=list, alias="Part")


class SessionMetadata(UpstreamModel):
    """One playback of ``GET /status/sessions``: the item, who plays it, where and how."""

    type: str = ""
    """movie, episode, track, clip, photo, ..."""
    title: str = ""
    parent_title: str | None = Field(None, alias="parentTitle")
    grandparent_title: str | None = Field(None, alias="grandparentTitle")
    index: int | None = None
    parent_index: int | None = Field(None, alias="parentIndex")
    duration: int | None = None
    """Milliseconds."""
    view_offset: int | None = Field(None, alias="viewOffset")
    """Milliseconds played."""
    session_key: Text | None = Field(None, alias="sessionKey")
    user: User | None = Field(None, alias="User")
    player: Player | None = Field(None, alias="Player")
    session: PlaybackSession | None = Field(None, alias="Session")
    transcode_session: TranscodeSession | None = Field(None, alias="TranscodeSession")
    media: list[Media] = Field(default_factory=list, alias="Media")


class SessionsContainer(UpstreamModel):
    size: int
    metadata: list[SessionMetadata] = Field(default_factory=list, alias="Metadata")


class Sessions(UpstreamModel):
    media_container: SessionsContainer = Field(alias="MediaContainer")


class LibrarySection(UpstreamModel):
    key: Text
    type: str
    """movie, show, artist or photo."""
    title: str = ""


class SectionsContainer(UpstreamModel):
    size: int
    directory: list[LibrarySection] = Field(default_factory=list, alias="Directory")


class Sections(UpstreamModel):
    """``GET /library/sections/all`` (``/library/sections`` before API 1.0)."""

    media_container: SectionsContainer = Field(alias="MediaContainer")


class ItemsContainer(UpstreamModel):
    size: int
    total_size: int | None = Field(None, alias="totalSize")


class Items(UpstreamModel):
    """``GET /library/sections/{key}/all`` asked for 0 items: only the sizes."""

    media_container: ItemsContainer = Field(alias="MediaContainer")
