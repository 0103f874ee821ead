"""Linkwarden: how many links and collections the user has, and the largest collections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import BearerToken
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.linkwarden.client import LinkwardenClient
    from integrations.linkwarden.models import Collection

COLLECTIONS_PATH = "api/v1/collections"
MAX_COLLECTIONS = 10


class LinkwardenCollection(Payload):
    name: str
    parent: str | None = Field(None, description="the collection it is nested in")
    links: int


class LinkwardenStats(Payload):
    """The links in the collections the user owns or is a member of."""

    links: int
    collections: int
    largest: list[LinkwardenCollection] = Field(description="by links, at most 10")


def stats_of(collections: list[Collection]) -> LinkwardenStats:
    listed = [
        LinkwardenCollection(
            name=c.name, parent=c.parent.name if c.parent else None, links=c.count.links
        )
        for c in collections
    ]
    return LinkwardenStats(
        links=sum(c.links for c in listed),
        collections=len(listed),
        largest=sorted(listed, key=lambda c: (-c.links, c.name.casefold()))[:MAX_COLLECTIONS],
    )


class Linkwarden(Integration["LinkwardenClient"]):
    id = "linkwarden"
    name = "Linkwarden"
    icon = "linkwarden"
    categories = ("bookmarks",)
    docs_url = "https://docs.linkwarden.app/api/api-introduction"
    verification = "Built from the Linkwarden API documentation and sources, version 2.16.1"
    default_port = 3000
    credentials = (BearerToken,)
    client_class = "integrations.linkwarden.client:LinkwardenClient"

    async def _stats(self, client: LinkwardenClient) -> LinkwardenStats:
        from integrations.linkwarden.models import Collections

        return stats_of((await client.get_json(COLLECTIONS_PATH, Collections)).response)

    async def test_connection(self, client: LinkwardenClient) -> ServiceInfo:
        stats = await self._stats(client)
        return ServiceInfo.of(
            None, {"links": str(stats.links), "collections": str(stats.collections)}
        )

    @endpoint(
        "stats",
        name="Stats",
        description="Links and collections, and the 10 largest collections.",
        ttl=300.0,
        min_refresh=30.0,
    )
    async def stats(self, client: LinkwardenClient) -> LinkwardenStats:
        return await self._stats(client)
