"""Readarr: its queue, wanted books and release calendar, as the shared media payloads."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from integrations.capabilities import MediaCalendarItem, MediaWantedItem
from integrations.families.servarr.definition import ServarrIntegration

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.readarr.models import Author, Book, ReadarrQueueRecord


def author_name(author: Author | None) -> str:
    return (author.author_name if author is not None else None) or "Unknown author"


class Readarr(ServarrIntegration["ReadarrQueueRecord", "Book"]):
    """Readarr (API v1), retired upstream: built for the installations still running."""

    id = "readarr"
    name = "Readarr"
    icon = "readarr"
    categories = ("media", "library", "books")
    docs_url = "https://github.com/Readarr/Readarr/blob/develop/src/Readarr.Api.V1/openapi.json"
    verification = "Built from the Readarr API documentation, version v1 (retired upstream)"
    default_port = 8787
    client_class = "integrations.readarr.client:ReadarrClient"

    queue_params = {"includeAuthor": "true", "includeBook": "true"}
    wanted_params = {"includeAuthor": "true"}
    calendar_params = {"includeAuthor": "true"}
    wanted_sort_key = "releaseDate"
    missing_search_command = "MissingBookSearch"
    refresh_command = "RefreshAuthor"

    @property
    def queue_model(self) -> type[ReadarrQueueRecord]:
        from integrations.readarr.models import ReadarrQueueRecord

        return ReadarrQueueRecord

    @property
    def media_model(self) -> type[Book]:
        from integrations.readarr.models import Book

        return Book

    def queue_titles(self, record: ReadarrQueueRecord) -> tuple[str | None, str | None]:
        author = record.author or (record.book.author if record.book is not None else None)
        book = record.book.title if record.book is not None else None
        return (author.author_name if author is not None else None), book

    def wanted_item(self, record: Book) -> MediaWantedItem:
        return MediaWantedItem(
            title=author_name(record.author), subtitle=record.title, date=record.release_date
        )

    def calendar_item(
        self, record: Book, start: datetime, end: datetime
    ) -> MediaCalendarItem | None:
        if record.release_date is None:
            return None
        return MediaCalendarItem(
            title=author_name(record.author),
            subtitle=record.title,
            date=record.release_date,
            has_file=record.has_file,
            monitored=record.monitored,
        )
