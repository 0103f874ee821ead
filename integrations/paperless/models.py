"""The parts of Paperless-ngx's API answers Tilewire reads."""

from __future__ import annotations

from typing import Any

from integrations.base import UpstreamModel


class DocumentPage(UpstreamModel):
    """``GET /api/documents/?page_size=1``: Django REST Framework's pagination envelope."""

    count: int
    """Documents the user may see, all pages together."""
    results: list[dict[str, Any]]


class FileTypeCount(UpstreamModel):
    mime_type: str
    mime_type_count: int


class Statistics(UpstreamModel):
    """``GET /api/statistics/``: counts over the documents the user may see."""

    documents_total: int
    documents_inbox: int | None = None
    """None when no tag is marked as an inbox tag."""
    inbox_tag: int | None = None
    """The first inbox tag's id (kept for older clients)."""
    inbox_tags: list[int] | None = None
    document_file_type_counts: list[FileTypeCount] = []
    """Most frequent first."""
    character_count: int | None = None
    """None when there is no document."""
    tag_count: int | None = None
    correspondent_count: int | None = None
    document_type_count: int | None = None
    storage_path_count: int | None = None


class ErrorDetail(UpstreamModel):
    """Django REST Framework's error body, ``{"detail": "..."}``."""

    detail: str
