"""Navidrome (or any Subsonic server): who is listening, and how big the library is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from integrations.base import together
from integrations.capabilities import (
    MediaKind,
    MediaLibraryCounts,
    MediaServerActivity,
    MediaSession,
    PlaybackState,
)
from integrations.config import Credentials, Secret, field
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.navidrome.client import NavidromeClient
    from integrations.navidrome.models import NowPlayingEntry

KINDS: dict[str, MediaKind] = {
    "music": MediaKind.TRACK,
    "podcast": MediaKind.PODCAST,
    "audiobook": MediaKind.AUDIOBOOK,
}


class SubsonicToken(Credentials):
    """Token authentication: the password is sent only as a salted MD5 hash."""

    label = "Token authentication"
    type: Literal["subsonicToken"] = "subsonicToken"
    username: str = field("Username", min_length=1)
    password: Secret = field("Password", min_length=1)


class SubsonicPassword(Credentials):
    """Plain authentication (``p=enc:<hex>``), for servers that refuse tokens (error 41)."""

    label = "Plain password"
    type: Literal["subsonicPassword"] = "subsonicPassword"
    username: str = field("Username", min_length=1)
    password: Secret = field(
        "Password",
        min_length=1,
        help="Sent hex-encoded, not hashed: use it only where token authentication is refused.",
    )


def session_of(entry: NowPlayingEntry) -> MediaSession:
    """A now-playing entry: the artist as the title, the track (and album) as the subtitle."""
    kind = MediaKind.OTHER if entry.is_video else KINDS.get(entry.type or "music", MediaKind.OTHER)
    if entry.artist:
        title, subtitle = entry.artist, " — ".join(p for p in (entry.title, entry.album) if p)
    else:
        title, subtitle = entry.title or entry.id, entry.album or ""
    return MediaSession(
        id=f"{entry.username}/{entry.player_id}/{entry.id}",
        user=entry.username,
        title=title,
        subtitle=subtitle or None,
        kind=kind,
        state=PlaybackState.PLAYING,
        client=entry.player_name or None,
    )


class Navidrome(Integration["NavidromeClient"]):
    id = "navidrome"
    name = "Navidrome"
    icon = "navidrome"
    categories = ("media", "music")
    docs_url = "https://www.navidrome.org/docs/developers/subsonic-api/"
    verification = "Built from the Subsonic API documentation, version 1.16.1 (OpenSubsonic)"
    default_port = 4533
    credentials = (SubsonicToken, SubsonicPassword)
    client_class = "integrations.navidrome.client:NavidromeClient"

    async def test_connection(self, client: NavidromeClient) -> ServiceInfo:
        # ping needs valid credentials like every other call.
        answer = await client.call("ping")
        details = {
            "apiVersion": answer.version,
            "server": answer.type or "Subsonic",
            "openSubsonic": "yes" if answer.open_subsonic else "no",
        }
        return ServiceInfo(version=answer.server_version or answer.version, details=details)

    @endpoint(
        "nowplaying",
        name="Now playing",
        description="What every user is listening to, by player.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def nowplaying(self, client: NavidromeClient) -> MediaServerActivity:
        answer = await client.call("getNowPlaying")
        entries = answer.now_playing.entry if answer.now_playing else []
        sessions = [session_of(entry) for entry in entries]
        return MediaServerActivity.of(sessions)

    @endpoint(
        "libraries",
        name="Library",
        description="Artists, albums and tracks in the library.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def libraries(self, client: NavidromeClient) -> MediaLibraryCounts:
        # Two cheap calls: getScanStatus counts the tracks (Navidrome), getArtists lists every
        # album artist with its album count. getAlbumList2 would need one call per 500 albums.
        # getScanStatus came with API 1.15: older servers answer without the tracks.
        scan, artists = await together(
            optional(client.call("getScanStatus")), client.call("getArtists")
        )
        indexes = artists.artists.index if artists.artists is not None else []
        listed = [artist for index in indexes for artist in index.artist]
        status = scan.scan_status if scan is not None else None
        tracks = status.count if status is not None and not status.scanning else None
        return MediaLibraryCounts(
            artists=len(listed),
            albums=sum(artist.album_count for artist in listed),
            tracks=tracks,
        )
