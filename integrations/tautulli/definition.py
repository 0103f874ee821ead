"""Tautulli: the Plex activity it watches, and its library counts, as the shared payloads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integrations.base import together
from integrations.capabilities import (
    MediaKind,
    MediaLibraryCounts,
    MediaServerActivity,
    MediaSession,
    PlaybackState,
    episode_label,
)
from integrations.config import ApiKey
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.tautulli.client import TautulliClient
    from integrations.tautulli.models import ActivitySession, Library

KINDS: dict[str, MediaKind] = {
    "movie": MediaKind.MOVIE,
    "episode": MediaKind.EPISODE,
    "track": MediaKind.TRACK,
}
STATES: dict[str, PlaybackState] = {
    "paused": PlaybackState.PAUSED,
    "buffering": PlaybackState.BUFFERING,
}
"""Stream states other than playing; any other state reads as playing."""


def session_of(stream: ActivitySession) -> MediaSession:
    kind = MediaKind.LIVE_TV if stream.live else KINDS.get(stream.media_type, MediaKind.OTHER)
    name = stream.title or stream.full_title or ""
    title, subtitle = stream.full_title or name, None
    if kind in (MediaKind.EPISODE, MediaKind.TRACK) and stream.grandparent_title:
        title = stream.grandparent_title
        subtitle = (
            episode_label(stream.parent_media_index, stream.media_index, name)
            if kind is MediaKind.EPISODE
            else name or None
        )
    percent = stream.progress_percent
    return MediaSession(
        id=stream.session_id or stream.session_key or f"{stream.player or ''}/{name}",
        user=stream.friendly_name or stream.user,
        title=title,
        subtitle=subtitle,
        kind=kind,
        state=STATES.get(stream.state, PlaybackState.PLAYING),
        progress=min(max(percent / 100, 0.0), 1.0) if percent is not None else None,
        device=stream.player,
        client=stream.product,
        transcoding=stream.transcode_decision == "transcode",
    )


def counts_of(libraries: list[Library]) -> MediaLibraryCounts:
    """Totals per section type over the active sections; None for a type with no section."""
    totals: dict[str, int] = {}

    def add(name: str, value: int | None) -> None:
        totals[name] = totals.get(name, 0) + (value or 0)

    for library in libraries:
        if not library.is_active:
            continue
        if library.section_type == "movie":
            add("movies", library.count)
        elif library.section_type == "show":
            add("series", library.count)
            add("episodes", library.child_count)
        elif library.section_type == "artist":
            add("artists", library.count)
            add("albums", library.parent_count)
            add("tracks", library.child_count)
    return MediaLibraryCounts.model_validate(totals)


class Tautulli(Integration["TautulliClient"]):
    """A Tautulli (API v2), with its API key."""

    id = "tautulli"
    name = "Tautulli"
    icon = "tautulli"
    categories = ("media", "monitoring")
    docs_url = "https://github.com/Tautulli/Tautulli/wiki/Tautulli-API-Reference"
    verification = "Built from the Tautulli API documentation, version 2 (Tautulli v2.x)"
    default_port = 8181
    credentials = (ApiKey,)
    client_class = "integrations.tautulli.client:TautulliClient"

    async def test_connection(self, client: TautulliClient) -> ServiceInfo:
        from integrations.tautulli.models import ServerInfo, TautulliInfo

        # Every command but get_apikey/docs needs the key: this one also says the version.
        info, server = await together(
            client.api("get_tautulli_info", TautulliInfo),
            client.api("get_server_info", ServerInfo),
        )
        details = {
            "installType": info.tautulli_install_type,
            "branch": info.tautulli_branch,
            "plexServer": server.pms_name,
            "plexVersion": server.pms_version,
        }
        return ServiceInfo.of(info.tautulli_version, details)

    @endpoint(
        "activity",
        name="Now playing",
        description="The Plex streams Tautulli sees: who plays what, progress, player and "
        "whether Plex transcodes.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def activity(self, client: TautulliClient) -> MediaServerActivity:
        from integrations.tautulli.models import Activity

        answer = await client.api("get_activity", Activity)
        return MediaServerActivity.of(session_of(stream) for stream in answer.sessions)

    @endpoint(
        "libraries",
        name="Libraries",
        description="How many movies, shows, episodes, artists, albums and tracks the Plex "
        "libraries hold, as Tautulli last counted them.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def libraries(self, client: TautulliClient) -> MediaLibraryCounts:
        from integrations.tautulli.models import LIBRARIES

        return counts_of(await client.api("get_libraries", LIBRARIES))
