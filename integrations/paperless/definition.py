"""Paperless-ngx: document, inbox and file type statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import Credentials, Secret, UsernamePassword, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.paperless.client import PaperlessClient
    from integrations.paperless.models import Statistics

TOP_FILE_TYPES = 5


class PaperlessToken(Credentials):
    """A Paperless-ngx API auth token."""

    label = "API token"
    type: Literal["apiToken"] = "apiToken"
    token: Secret = field(
        "API token",
        min_length=1,
        help="In the web UI: user menu > My Profile > API Auth Token (create it with the "
        "circular arrow).",
    )


class PaperlessFileType(Payload):
    mime_type: str
    count: int


class PaperlessStatistics(Payload):
    """Documents in Paperless-ngx and in its inbox, by file type, and the text they hold."""

    documents_total: int
    documents_inbox: int | None = Field(None, description="None when no inbox tag is set up")
    inbox_tags: list[int] = Field(description="ids of the tags marked as inbox tags")
    file_types: list[PaperlessFileType] = Field(description="the 5 most frequent file types")
    file_types_total: int = Field(description="distinct file types")
    character_count: int = Field(description="characters of text in all documents")
    tags: int | None = None
    correspondents: int | None = None
    document_types: int | None = None


def statistics(answer: Statistics) -> PaperlessStatistics:
    counts = sorted(
        answer.document_file_type_counts, key=lambda c: (-c.mime_type_count, c.mime_type)
    )
    if answer.inbox_tags is not None:
        inbox_tags = answer.inbox_tags
    else:
        inbox_tags = [answer.inbox_tag] if answer.inbox_tag is not None else []
    return PaperlessStatistics(
        documents_total=answer.documents_total,
        documents_inbox=answer.documents_inbox,
        inbox_tags=inbox_tags,
        file_types=[
            PaperlessFileType(mime_type=c.mime_type, count=c.mime_type_count)
            for c in counts[:TOP_FILE_TYPES]
        ],
        file_types_total=len(counts),
        character_count=answer.character_count or 0,
        tags=answer.tag_count,
        correspondents=answer.correspondent_count,
        document_types=answer.document_type_count,
    )


class Paperless(Integration["PaperlessClient"]):
    """A Paperless-ngx server."""

    id = "paperless"
    name = "Paperless-ngx"
    icon = "paperless-ngx"
    categories = ("documents",)
    docs_url = "https://docs.paperless-ngx.com/api/"
    verification = "Built from the Paperless-ngx API documentation, version 2 (REST API 6)"
    default_port = 8000
    credentials = (PaperlessToken, UsernamePassword)
    client_class = "integrations.paperless.client:PaperlessClient"

    async def test_connection(self, client: PaperlessClient) -> ServiceInfo:
        from integrations.paperless.client import API_VERSION_HEADER, VERSION_HEADER
        from integrations.paperless.models import DocumentPage

        # The document list needs authentication, and authenticated answers carry the version.
        page, response = await client.get("api/documents/", DocumentPage, page_size=1)
        details = {
            "apiVersion": response.headers.get(API_VERSION_HEADER, ""),
            "documents": str(page.count),
        }
        return ServiceInfo.of(response.headers.get(VERSION_HEADER), details)

    @endpoint(
        "statistics",
        name="Statistics",
        description=f"Documents, documents in the inbox, the {TOP_FILE_TYPES} most frequent "
        "file types and the characters of text, over the documents the user may see.",
        ttl=120.0,
        min_refresh=30.0,
    )
    async def statistics(self, client: PaperlessClient) -> PaperlessStatistics:
        from integrations.paperless.models import Statistics

        answer, _ = await client.get("api/statistics/", Statistics)
        return statistics(answer)
