"""Jackett: its configured indexers, by type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ApiKey
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.jackett.client import JackettClient
    from integrations.jackett.models import Indexer

MAX_INDEXERS = 100


class JackettIndexer(Payload):
    id: str
    name: str
    type: str = Field(description="public, private or semi-private")
    language: str | None = None


class JackettIndexers(Payload):
    """The indexers configured in Jackett, by type and by name."""

    configured: int
    public: int
    private: int
    semi_private: int
    indexers: list[JackettIndexer] = Field(description="by name, at most 100")


def indexers_payload(found: list[Indexer]) -> JackettIndexers:
    listed = sorted(
        (
            JackettIndexer(id=i.id, name=i.title, type=i.type, language=i.language or None)
            for i in found
        ),
        key=lambda i: i.name.casefold(),
    )
    return JackettIndexers(
        configured=len(listed),
        public=sum(i.type == "public" for i in listed),
        private=sum(i.type == "private" for i in listed),
        semi_private=sum(i.type == "semi-private" for i in listed),
        indexers=listed[:MAX_INDEXERS],
    )


class Jackett(Integration["JackettClient"]):
    id = "jackett"
    name = "Jackett"
    icon = "jackett"
    categories = ("downloads",)
    docs_url = "https://github.com/Jackett/Jackett#getting-indexer-information"
    verification = "Built from the Jackett API documentation and sources, version 0.24.2440"
    default_port = 9117
    credentials = (ApiKey,)
    client_class = "integrations.jackett.client:JackettClient"

    async def _indexers(self, client: JackettClient) -> JackettIndexers:
        from integrations.jackett.models import indexers_of

        root = await client.torznab(t="indexers", configured="true")
        if root.tag != "indexers":
            from integrations.errors import ErrorCode, IntegrationError

            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                f"Jackett's indexer list is missing (the answer is a <{root.tag[:40]}> "
                "document): is the URL Jackett's?",
            )
        return indexers_payload(indexers_of(root))

    async def test_connection(self, client: JackettClient) -> ServiceInfo:
        indexers = await self._indexers(client)
        return ServiceInfo.of(None, {"indexers": str(indexers.configured)})

    @endpoint(
        "indexers",
        name="Indexers",
        description="The configured indexers, counted by type (public, private, "
        "semi-private) and listed by name.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def indexers(self, client: JackettClient) -> JackettIndexers:
        return await self._indexers(client)
