"""The parts of Readarr's API answers Tilewire reads beyond the Servarr ones: authors, books."""

from __future__ import annotations

from integrations.families.servarr.models import QueueRecord, ServarrModel, UtcDatetime


class Author(ServarrModel):
    """The part of Readarr's AuthorResource Tilewire shows."""

    author_name: str | None = None


class BookStatistics(ServarrModel):
    book_file_count: int = 0


class Book(ServarrModel):
    """Readarr's BookResource: in the calendar, the wanted lists and queue records."""

    title: str | None = None
    release_date: UtcDatetime | None = None
    monitored: bool = True
    author: Author | None = None
    statistics: BookStatistics | None = None

    @property
    def has_file(self) -> bool:
        return self.statistics is not None and self.statistics.book_file_count > 0


class ReadarrQueueRecord(QueueRecord):
    """Readarr's QueueResource, with ``includeAuthor`` and ``includeBook``."""

    author: Author | None = None
    book: Book | None = None
