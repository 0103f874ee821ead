"""The parts of Linkwarden's answers Tilewire reads (Linkwarden 2.16.1:
controllers/collections/getCollections.ts, a Prisma collection with its link count)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class Count(UpstreamModel):
    links: int = 0


class Parent(UpstreamModel):
    id: int
    name: str = ""


class Collection(UpstreamModel):
    id: int
    name: str
    count: Count = Field(default_factory=Count, alias="_count")
    parent: Parent | None = None


class Collections(UpstreamModel):
    """``GET /api/v1/collections``: ``{"response": [...]}``."""

    response: list[Collection]
