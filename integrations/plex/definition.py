"""Plex Media Server: who is playing what, and how much the libraries hold."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from integrations.actions import ActionResult, NoInput, PartiallyApplied, action
from integrations.base import together
from integrations.capabilities import (
    MediaKind,
    MediaLibraryCounts,
    MediaServerActivity,
    MediaSession,
    PlaybackState,
    episode_label,
    fraction,
)
from integrations.config import Credentials, Secret, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.plex.client import PlexClient
    from integrations.plex.models import SessionMetadata

KINDS: dict[str, MediaKind] = {
    "movie": MediaKind.MOVIE,
    "episode": MediaKind.EPISODE,
    "track": MediaKind.TRACK,
}
STATES: dict[str, PlaybackState] = {
    "paused": PlaybackState.PAUSED,
    "buffering": PlaybackState.BUFFERING,
}
"""Player states other than playing; any other state reads as playing."""
TRANSCODE = "transcode"

COUNTED: dict[str, tuple[tuple[int, str], ...]] = {
    "movie": ((1, "movies"),),
    "show": ((2, "series"), (4, "episodes")),
    "artist": ((8, "artists"), (9, "albums"), (10, "tracks")),
}
"""Per section type: the metadata types to count (1 movie, 2 show, 4 episode, 8 artist,
9 album, 10 track) and the field of MediaLibraryCounts each adds to."""


MAX_SCANNED_SECTIONS = 100
"""Library sections a scan starts at most (one request each)."""
SECTION_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
"""A section key fit for a path: the server's own, checked all the same."""
REFUSALS = frozenset({ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN})
"""Failures that every further section would meet too: the scan stops at them."""


class PlexToken(Credentials):
    """A Plex account's token, which the server accepts as ``X-Plex-Token``."""

    label = "Plex token"
    type: Literal["plexToken"] = "plexToken"
    token: Secret = field(
        "Plex token",
        min_length=1,
        help="The server owner's X-Plex-Token: in Plex Web open an item, Get Info > View XML, "
        "and copy the X-Plex-Token value from the address.",
    )


def transcoding(item: SessionMetadata) -> bool:
    """Whether the server converts video or audio (a remux, ``copy``, is not a transcode)."""
    transcode = item.transcode_session
    if transcode is not None and TRANSCODE in (transcode.video_decision, transcode.audio_decision):
        return True
    return any(part.decision == TRANSCODE for media in item.media for part in media.parts)


def session_of(item: SessionMetadata) -> MediaSession:
    kind = KINDS.get(item.type, MediaKind.OTHER)
    title, subtitle = item.title, None
    if kind is MediaKind.EPISODE and item.grandparent_title:
        title = item.grandparent_title
        subtitle = episode_label(item.parent_index, item.index, item.title)
    elif kind is MediaKind.TRACK and item.grandparent_title:
        title, subtitle = item.grandparent_title, item.title or None
    player = item.player
    session_id = item.session.id if item.session is not None else None
    return MediaSession(
        id=session_id or item.session_key or f"{player.title if player else ''}/{item.title}",
        user=item.user.title if item.user is not None else None,
        title=title,
        subtitle=subtitle,
        kind=kind,
        state=STATES.get(player.state if player else "", PlaybackState.PLAYING),
        progress=fraction(item.view_offset, item.duration),
        device=player.title if player is not None else None,
        client=player.product if player is not None else None,
        transcoding=transcoding(item),
    )


class Plex(Integration["PlexClient"]):
    """A Plex Media Server, with the owner's token."""

    id = "plex"
    name = "Plex"
    icon = "plex"
    categories = ("media", "streaming")
    docs_url = "https://developer.plex.tv/pms/"
    verification = "Built from the Plex Media Server API documentation, version 1.2.2"
    default_port = 32400
    credentials = (PlexToken,)
    client_class = "integrations.plex.client:PlexClient"

    async def test_connection(self, client: PlexClient) -> ServiceInfo:
        from integrations.plex.models import Identity, ServerInfo

        # /identity answers without a token: GET / proves it.
        identity = (await client.get_json("identity", Identity)).media_container
        server = (await client.get_json("", ServerInfo)).media_container
        details = {
            "serverName": server.friendly_name,
            "machineIdentifier": identity.machine_identifier,
            "platform": server.platform,
        }
        return ServiceInfo.of(identity.version, details)

    @endpoint(
        "sessions",
        name="Now playing",
        description="Who is playing what: title, progress, player and whether the server "
        "transcodes.",
        ttl=10.0,
        min_refresh=5.0,
    )
    async def sessions(self, client: PlexClient) -> MediaServerActivity:
        from integrations.plex.models import Sessions

        answer = await client.get_json("status/sessions", Sessions)
        return MediaServerActivity.of(session_of(item) for item in answer.media_container.metadata)

    @endpoint(
        "libraries",
        name="Libraries",
        description="How many movies, shows, episodes, artists, albums and tracks the movie, "
        "TV and music libraries hold.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def libraries(self, client: PlexClient) -> MediaLibraryCounts:
        wanted = [
            (section.key, metadata_type, counted)
            for section in await client.sections()
            for metadata_type, counted in COUNTED.get(section.type, ())
        ]
        found = await together(*(client.count(key, kind) for key, kind, _ in wanted))
        totals: dict[str, int] = {}
        for (_, _, counted), number in zip(wanted, found, strict=True):
            totals[counted] = totals.get(counted, 0) + number
        return MediaLibraryCounts.model_validate(totals)

    @action(
        "scanLibraries",
        label="Scan libraries",
        description="Starts a scan of every library section for new, changed and removed "
        "files, section by section (the server scans in the background).",
        affects=("libraries",),
    )
    async def scan_libraries(self, client: PlexClient, input: NoInput) -> ActionResult:
        sections = (await client.sections())[:MAX_SCANNED_SECTIONS]
        if not sections:
            return ActionResult(message="Plex has no library to scan", affected=0)
        started: list[str] = []
        failed: list[tuple[str, IntegrationError]] = []
        for section in sections:  # bounded: at most MAX_SCANNED_SECTIONS
            title = section.title or f"section {section.key}"
            if not SECTION_KEY.match(section.key):
                failed.append(
                    (title, IntegrationError(ErrorCode.INVALID_RESPONSE, "its key is not a path"))
                )
                continue
            try:
                await client.request("POST", f"library/sections/{section.key}/refresh")
            except IntegrationError as err:
                failed.append((title, err))
                if err.code in REFUSALS:
                    break
                continue
            started.append(title)
        if not failed:
            return ActionResult(
                message=f"Plex started scanning {len(started)} "
                f"librar{'y' if len(started) == 1 else 'ies'}: {', '.join(started)}",
                affected=len(started),
            )
        first = failed[0][1]
        if not started:
            raise first
        reasons = "; ".join(f"{title}: {err.message}" for title, err in failed)
        skipped = len(sections) - len(started) - len(failed)
        raise PartiallyApplied(
            f"Plex started scanning {len(started)} of {len(sections)} libraries "
            f"({', '.join(started)}); failed {reasons}"
            + (f"; {skipped} not tried after that refusal" if skipped else ""),
            status=first.status,
            url=first.url,
        )
