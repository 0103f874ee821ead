"""Lidarr: its queue, wanted albums and release calendar, as the shared media payloads."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from integrations.capabilities import MediaCalendarItem, MediaWantedItem
from integrations.families.servarr.definition import ServarrIntegration

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.lidarr.models import Album, Artist, LidarrQueueRecord


def artist_name(artist: Artist | None) -> str:
    return (artist.artist_name if artist is not None else None) or "Unknown artist"


class Lidarr(ServarrIntegration["LidarrQueueRecord", "Album"]):
    """Lidarr (API v1)."""

    id = "lidarr"
    name = "Lidarr"
    icon = "lidarr"
    categories = ("media", "library", "music")
    docs_url = "https://lidarr.audio/docs/api/"
    verification = "Built from the Lidarr API documentation, version v1"
    default_port = 8686
    client_class = "integrations.lidarr.client:LidarrClient"

    queue_params = {"includeArtist": "true", "includeAlbum": "true"}
    wanted_params = {"includeArtist": "true"}
    calendar_params = {"includeArtist": "true"}
    wanted_sort_key = "releaseDate"
    missing_search_command = "MissingAlbumSearch"
    refresh_command = "RefreshArtist"

    @property
    def queue_model(self) -> type[LidarrQueueRecord]:
        from integrations.lidarr.models import LidarrQueueRecord

        return LidarrQueueRecord

    @property
    def media_model(self) -> type[Album]:
        from integrations.lidarr.models import Album

        return Album

    def queue_titles(self, record: LidarrQueueRecord) -> tuple[str | None, str | None]:
        artist = record.artist or (record.album.artist if record.album is not None else None)
        album = record.album.title if record.album is not None else None
        return (artist.artist_name if artist is not None else None), album

    def wanted_item(self, record: Album) -> MediaWantedItem:
        return MediaWantedItem(
            title=artist_name(record.artist), subtitle=record.title, date=record.release_date
        )

    def calendar_item(
        self, record: Album, start: datetime, end: datetime
    ) -> MediaCalendarItem | None:
        if record.release_date is None:
            return None
        return MediaCalendarItem(
            title=artist_name(record.artist),
            subtitle=record.title,
            date=record.release_date,
            has_file=record.complete,
            monitored=record.monitored,
        )
