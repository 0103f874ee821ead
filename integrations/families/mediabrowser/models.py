"""The parts of the MediaBrowser API's answers Tilewire reads: Jellyfin and Emby answer with
the same shapes.

Field names are Jellyfin's PascalCase; times are in ticks (100 ns).
"""

from __future__ import annotations

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel


class SystemInfo(UpstreamModel):
    """``GET /System/Info`` (needs credentials; ``/System/Info/Public`` does not)."""

    version: str = Field(alias="Version", min_length=1)
    server_name: str | None = Field(None, alias="ServerName")
    id: str | None = Field(None, alias="Id")
    operating_system: str | None = Field(None, alias="OperatingSystem")
    product_name: str | None = Field(None, alias="ProductName")


class UserDto(UpstreamModel):
    id: str | None = Field(None, alias="Id")
    name: str | None = Field(None, alias="Name")


class AuthenticationResult(UpstreamModel):
    """``POST /Users/AuthenticateByName``: the new session's access token."""

    access_token: str = Field(alias="AccessToken", min_length=1)
    server_id: str | None = Field(None, alias="ServerId")
    user: UserDto | None = Field(None, alias="User")


class NowPlayingItem(UpstreamModel):
    """The ``BaseItemDto`` a session plays (only the fields a dashboard shows)."""

    name: str = Field("", alias="Name")
    type: str = Field("", alias="Type")
    """``BaseItemKind``: Movie, Episode, Audio, AudioBook, TvChannel, ..."""
    series_name: str | None = Field(None, alias="SeriesName")
    parent_index_number: int | None = Field(None, alias="ParentIndexNumber")
    """The season of an episode."""
    index_number: int | None = Field(None, alias="IndexNumber")
    """The episode (or track) number."""
    album: str | None = Field(None, alias="Album")
    album_artist: str | None = Field(None, alias="AlbumArtist")
    artists: list[str] = Field(default_factory=list, alias="Artists")
    run_time_ticks: int | None = Field(None, alias="RunTimeTicks")


class PlayerStateInfo(UpstreamModel):
    position_ticks: int | None = Field(None, alias="PositionTicks")
    is_paused: bool = Field(False, alias="IsPaused")
    play_method: str | None = Field(None, alias="PlayMethod")
    """Transcode, DirectStream or DirectPlay."""


class TranscodingInfo(UpstreamModel):
    """Present while the server transcodes or remuxes for the session."""

    is_video_direct: bool | None = Field(None, alias="IsVideoDirect")
    is_audio_direct: bool | None = Field(None, alias="IsAudioDirect")


class SessionInfo(UpstreamModel):
    """One entry of ``GET /Sessions`` (``SessionInfoDto`` in Jellyfin 10.10)."""

    id: str | None = Field(None, alias="Id")
    user_name: str | None = Field(None, alias="UserName")
    client: str | None = Field(None, alias="Client")
    device_name: str | None = Field(None, alias="DeviceName")
    now_playing_item: NowPlayingItem | None = Field(None, alias="NowPlayingItem")
    play_state: PlayerStateInfo | None = Field(None, alias="PlayState")
    transcoding_info: TranscodingInfo | None = Field(None, alias="TranscodingInfo")


SESSIONS: TypeAdapter[list[SessionInfo]] = TypeAdapter(list[SessionInfo])


class ItemCounts(UpstreamModel):
    """``GET /Items/Counts``. Jellyfin leaves ArtistCount at 0 (it never counts artists).

    The server always sends every count; the first three are required so that another
    service's JSON object is not read as an empty library.
    """

    movie_count: int = Field(alias="MovieCount")
    series_count: int = Field(alias="SeriesCount")
    episode_count: int = Field(alias="EpisodeCount")
    artist_count: int = Field(0, alias="ArtistCount")
    album_count: int = Field(0, alias="AlbumCount")
    song_count: int = Field(0, alias="SongCount")
    book_count: int = Field(0, alias="BookCount")
