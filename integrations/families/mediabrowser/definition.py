"""The MediaBrowser servers' endpoints: who is playing what, and how much the libraries hold,
as the shared payloads."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from integrations.actions import ActionResult, NoInput, action
from integrations.capabilities import (
    MediaKind,
    MediaLibraryCounts,
    MediaServerActivity,
    MediaSession,
    PlaybackState,
    episode_label,
    fraction,
)
from integrations.config import ApiKey, UsernamePassword
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.families.mediabrowser.client import MediaBrowserClient
    from integrations.families.mediabrowser.models import NowPlayingItem, SessionInfo

KINDS: dict[str, MediaKind] = {
    "Movie": MediaKind.MOVIE,
    "Episode": MediaKind.EPISODE,
    "Audio": MediaKind.TRACK,
    "AudioBook": MediaKind.AUDIOBOOK,
    "TvChannel": MediaKind.LIVE_TV,
    "LiveTvChannel": MediaKind.LIVE_TV,
    "LiveTvProgram": MediaKind.LIVE_TV,
    "Program": MediaKind.LIVE_TV,
    "TvProgram": MediaKind.LIVE_TV,
}
"""``BaseItemKind`` values of playable items; any other is OTHER."""


def titles(item: NowPlayingItem, kind: MediaKind) -> tuple[str, str | None]:
    """What plays (a movie, a series, an artist, a book) and which part of it."""
    if kind is MediaKind.EPISODE and item.series_name:
        return item.series_name, episode_label(
            item.parent_index_number, item.index_number, item.name
        )
    if kind is MediaKind.TRACK:
        artist = item.album_artist or next(iter(item.artists), None)
        if artist:
            return artist, item.name or None
    if kind is MediaKind.AUDIOBOOK and item.album:
        return item.album, item.name or None
    return item.name, None


def session_of(info: SessionInfo) -> MediaSession | None:
    """A playback session; None for a connected client that plays nothing."""
    item = info.now_playing_item
    if item is None:
        return None
    kind = KINDS.get(item.type, MediaKind.OTHER)
    title, subtitle = titles(item, kind)
    state = info.play_state
    paused = state is not None and state.is_paused
    method = state.play_method if state is not None else None
    return MediaSession(
        id=info.id or f"{info.device_name or ''}/{item.name}",
        user=info.user_name,
        title=title,
        subtitle=subtitle,
        kind=kind,
        state=PlaybackState.PAUSED if paused else PlaybackState.PLAYING,
        progress=fraction(state.position_ticks if state else None, item.run_time_ticks),
        device=info.device_name,
        client=info.client,
        transcoding=method == "Transcode" if method else info.transcoding_info is not None,
    )


class MediaBrowserIntegration(Integration["MediaBrowserClient"]):
    """A MediaBrowser server, with an API key or a user's login."""

    categories: ClassVar[tuple[str, ...]] = ("media", "streaming")
    credentials = (ApiKey, UsernamePassword)

    async def test_connection(self, client: MediaBrowserClient) -> ServiceInfo:
        from integrations.families.mediabrowser.models import SystemInfo

        # /System/Info/Public answers anyone: /System/Info proves the credentials.
        info = await client.get_json(client.path("System/Info"), SystemInfo)
        details = {
            "serverName": info.server_name,
            "serverId": info.id,
            "operatingSystem": info.operating_system,
        }
        return ServiceInfo.of(info.version, details)

    @endpoint(
        "sessions",
        name="Now playing",
        description="Who is playing what: title, progress, device and whether the server "
        "transcodes, for every connected client that plays something.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def sessions(self, client: MediaBrowserClient) -> MediaServerActivity:
        from integrations.families.mediabrowser.models import SESSIONS

        answer = await client.get_json(
            client.path("Sessions"), SESSIONS, params=client.session_query
        )
        playing = (session_of(info) for info in answer)
        return MediaServerActivity.of(session for session in playing if session is not None)

    @endpoint(
        "libraries",
        name="Libraries",
        description="How many movies, series, episodes, albums, tracks and books the server holds.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def libraries(self, client: MediaBrowserClient) -> MediaLibraryCounts:
        from integrations.families.mediabrowser.models import ItemCounts

        counts = await client.get_json(client.path("Items/Counts"), ItemCounts)
        return MediaLibraryCounts(
            movies=counts.movie_count,
            series=counts.series_count,
            episodes=counts.episode_count,
            artists=counts.artist_count if client.counts_artists else None,
            albums=counts.album_count,
            tracks=counts.song_count,
            books=counts.book_count,
        )

    @action(
        "scanLibraries",
        label="Scan libraries",
        description="Starts a scan of every library for new, changed and removed files (the "
        "server scans in the background).",
        affects=("libraries",),
    )
    async def scan_libraries(self, client: MediaBrowserClient, input: NoInput) -> ActionResult:
        try:
            await client.request("POST", client.path("Library/Refresh"), expect=(200, 204))
        except IntegrationError as err:
            if err.code is not ErrorCode.FORBIDDEN:
                raise
            raise IntegrationError(
                ErrorCode.FORBIDDEN,
                f"{client.service_name} lets only administrators scan the libraries: sign in as "
                "an administrator or use an API key",
                status=err.status,
                url=err.url,
            ) from None
        return ActionResult(message=f"{client.service_name} started a scan of every library")
