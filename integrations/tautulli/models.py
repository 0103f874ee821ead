"""The parts of Tautulli's API v2 answers Tilewire reads.

Every answer is ``{"response": {"result": "success" | "error", "message": ..., "data": ...}}``.
Tautulli writes most numbers as strings ("62", "0"), and an empty string where there is none.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, TypeAdapter

from integrations.base import UpstreamModel


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value


def _as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) else value


Count = Annotated[int | None, BeforeValidator(_blank_is_none)]
"""A number Tautulli may write as a string, or as "" (or null) when it has none."""


class Envelope(UpstreamModel):
    result: Literal["success", "error"]
    message: str | None = None
    data: Any = None


class Answer(UpstreamModel):
    """The envelope of every API v2 answer; ``data`` is read per command."""

    response: Envelope


class TautulliInfo(UpstreamModel):
    """``cmd=get_tautulli_info``."""

    tautulli_version: str = Field(min_length=1)
    tautulli_install_type: str | None = None
    tautulli_branch: str | None = None
    tautulli_platform: str | None = None


class ServerInfo(UpstreamModel):
    """``cmd=get_server_info``: the Plex Media Server Tautulli watches."""

    pms_name: str | None = None
    pms_version: str | None = None
    pms_identifier: str | None = None


class ActivitySession(UpstreamModel):
    """One stream of ``cmd=get_activity``."""

    session_id: str | None = None
    session_key: Annotated[str | None, BeforeValidator(_as_text)] = None
    user: str | None = None
    friendly_name: str | None = None
    media_type: str = ""
    """movie, episode, track, photo or clip."""
    full_title: str | None = None
    title: str | None = None
    grandparent_title: str | None = None
    parent_media_index: Count = None
    media_index: Count = None
    state: str = ""
    """playing, paused or buffering."""
    progress_percent: Count = None
    player: str | None = None
    product: str | None = None
    transcode_decision: str | None = None
    """direct play, copy or transcode."""
    live: Count = None


class Activity(UpstreamModel):
    stream_count: Count = None
    sessions: list[ActivitySession] = Field(default_factory=list)


class Library(UpstreamModel):
    """One section of ``cmd=get_libraries``: count, parent_count and child_count are shows,
    seasons and episodes (or artists, albums and tracks)."""

    section_id: Annotated[str, BeforeValidator(_as_text)]
    section_type: str
    """movie, show, artist or photo."""
    section_name: str | None = None
    count: Count = None
    parent_count: Count = None
    child_count: Count = None
    is_active: Count = 1


LIBRARIES: TypeAdapter[list[Library]] = TypeAdapter(list[Library])
