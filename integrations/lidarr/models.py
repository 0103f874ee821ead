"""The parts of Lidarr's API answers Tilewire reads beyond the Servarr ones: artists, albums."""

from __future__ import annotations

from integrations.families.servarr.models import QueueRecord, ServarrModel, UtcDatetime


class Artist(ServarrModel):
    """The part of Lidarr's ArtistResource Tilewire shows."""

    artist_name: str | None = None


class AlbumStatistics(ServarrModel):
    track_file_count: int = 0
    track_count: int = 0
    """Tracks of the album's monitored release."""


class Album(ServarrModel):
    """Lidarr's AlbumResource: in the calendar, the wanted lists and queue records."""

    title: str | None = None
    release_date: UtcDatetime | None = None
    monitored: bool = True
    artist: Artist | None = None
    statistics: AlbumStatistics | None = None

    @property
    def complete(self) -> bool:
        """Whether every track of the album is in the library."""
        stats = self.statistics
        if stats is None or stats.track_count == 0:
            return False
        return stats.track_file_count >= stats.track_count


class LidarrQueueRecord(QueueRecord):
    """Lidarr's QueueResource, with ``includeArtist`` and ``includeAlbum``."""

    artist: Artist | None = None
    album: Album | None = None
