"""The parts of Radarr's API answers Tilewire reads beyond the Servarr ones: movies."""

from __future__ import annotations

from datetime import datetime

from integrations.families.servarr.models import QueueRecord, ServarrModel, UtcDatetime


class Movie(ServarrModel):
    """Radarr's MovieResource: in the calendar, the wanted lists and queue records."""

    title: str | None = None
    year: int = 0
    has_file: bool = False
    monitored: bool = True
    in_cinemas: UtcDatetime | None = None
    digital_release: UtcDatetime | None = None
    physical_release: UtcDatetime | None = None

    def releases(self) -> list[tuple[datetime, str]]:
        """The movie's known release dates, earliest first, each with what it is."""
        dates = [
            (self.in_cinemas, "In cinemas"),
            (self.digital_release, "Digital release"),
            (self.physical_release, "Physical release"),
        ]
        return sorted((date, label) for date, label in dates if date is not None)


class RadarrQueueRecord(QueueRecord):
    """Radarr's QueueResource, with ``includeMovie``."""

    movie: Movie | None = None
