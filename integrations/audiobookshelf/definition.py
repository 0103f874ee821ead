"""Audiobookshelf: who is listening to what, and how many books and podcasts it holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from integrations.base import together
from integrations.capabilities import (
    MediaKind,
    MediaLibraryCounts,
    MediaServerActivity,
    MediaSession,
    PlaybackState,
)
from integrations.config import BearerToken, UsernamePassword
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.audiobookshelf.client import AudiobookshelfClient
    from integrations.audiobookshelf.models import DeviceInfo, PlaybackSession

PLAY_METHOD_TRANSCODE = 2
"""Play methods: 0 direct play, 1 direct stream, 2 transcode, 3 local."""


def device_of(info: DeviceInfo | None) -> str | None:
    """A phone's make and model, or the browser and OS a web player runs on."""
    if info is None:
        return None
    parts = [info.manufacturer, info.model] if info.model else [info.browser_name, info.os_name]
    named = [part for part in parts if part]
    if not named:
        return None
    return " ".join(named) if info.model else " on ".join(named)


def session_of(session: PlaybackSession, users: dict[str, str]) -> MediaSession:
    """A book as its title and author; a podcast as the show and the episode."""
    if session.media_type == "podcast":
        kind = MediaKind.PODCAST
        title = session.media_metadata.title or session.display_author or session.id
        subtitle = session.display_title
    else:
        kind = MediaKind.AUDIOBOOK if session.media_type == "book" else MediaKind.OTHER
        title = session.display_title or session.media_metadata.title or session.id
        subtitle = session.display_author or session.media_metadata.author
    progress = None
    if session.duration > 0:
        progress = min(max(session.current_time / session.duration, 0.0), 1.0)
    return MediaSession(
        id=session.id,
        user=users.get(session.user_id, session.user_id),
        title=title,
        subtitle=subtitle or None,
        kind=kind,
        state=PlaybackState.PLAYING,
        progress=progress,
        device=device_of(session.device_info),
        client=session.media_player or None,
        transcoding=session.play_method == PLAY_METHOD_TRANSCODE,
    )


class Audiobookshelf(Integration["AudiobookshelfClient"]):
    id = "audiobookshelf"
    name = "Audiobookshelf"
    icon = "audiobookshelf"
    categories = ("media", "audiobooks", "podcasts")
    docs_url = "https://api.audiobookshelf.org/"
    verification = "Built from the Audiobookshelf API documentation, version 2.x"
    default_port = 13378
    credentials = (BearerToken, UsernamePassword)
    client_class = "integrations.audiobookshelf.client:AudiobookshelfClient"

    async def test_connection(self, client: AudiobookshelfClient) -> ServiceInfo:
        from integrations.audiobookshelf.models import Authorized

        # /api/authorize needs the token and names the server's version.
        answer = client.parse(await client.request("POST", "api/authorize"), Authorized)
        details = {"user": answer.user.username, "userType": answer.user.type}
        if answer.source:
            details["source"] = answer.source
        return ServiceInfo(version=answer.server_settings.version, details=details)

    @endpoint(
        "sessions",
        name="Listening",
        description="Open listening sessions: who listens to which book or episode, and where "
        "(needs an admin user).",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def sessions(self, client: AudiobookshelfClient) -> MediaServerActivity:
        from integrations.audiobookshelf.models import OnlineUsers

        online = await client.get_json("api/users/online", OnlineUsers)
        users = {user.id: user.username for user in online.users_online}
        sessions = [session_of(session, users) for session in online.open_sessions]
        return MediaServerActivity.of(sessions)

    @endpoint(
        "libraries",
        name="Libraries",
        description="Books and podcasts across the libraries the user can see.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def libraries(self, client: AudiobookshelfClient) -> MediaLibraryCounts:
        from integrations.audiobookshelf.models import Libraries, LibraryStats

        libraries = (await client.get_json("api/libraries", Libraries)).libraries
        stats = await together(
            *(client.get_json(f"api/libraries/{lib.id}/stats", LibraryStats) for lib in libraries)
        )
        totals: dict[str, int] = {}
        for library, stat in zip(libraries, stats, strict=True):
            totals[library.media_type] = totals.get(library.media_type, 0) + stat.total_items
        return MediaLibraryCounts(books=totals.get("book"), podcasts=totals.get("podcast"))
