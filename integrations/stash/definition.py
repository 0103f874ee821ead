"""Stash: the library's scenes, images, galleries, performers, studios, groups and tags, with
sizes and total duration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import ApiKey, NoCredentials
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.stash.client import StashClient

STATS_QUERY = (
    "query TilewireStats { stats { scene_count scenes_size scenes_duration image_count "
    "images_size gallery_count performer_count studio_count movie_count tag_count } }"
)
"""Fields every Stash release since groups were called movies answers."""
VERSION_QUERY = "query TilewireVersion { version { version } }"


class StashStats(Payload):
    """What the library holds."""

    scenes: int
    scenes_bytes: int
    scenes_duration_seconds: int
    images: int
    images_bytes: int
    galleries: int
    performers: int
    studios: int
    groups: int = Field(description="groups (called movies before Stash 0.27)")
    tags: int


class Stash(Integration["StashClient"]):
    id = "stash"
    name = "Stash"
    icon = "stash"
    categories = ("media",)
    docs_url = "https://github.com/stashapp/stash/tree/develop/graphql/schema"
    verification = "Built from the Stash GraphQL schema, version 0.30.1"
    default_port = 9999
    credentials = (NoCredentials, ApiKey)
    client_class = "integrations.stash.client:StashClient"

    async def test_connection(self, client: StashClient) -> ServiceInfo:
        from integrations.stash.models import Stats, Version

        version, stats = await together(
            client.query(VERSION_QUERY, "version", Version),
            client.query(STATS_QUERY, "stats", Stats),
        )
        return ServiceInfo.of(version.version, {"scenes": str(stats.scene_count)})

    @endpoint(
        "stats",
        name="Stats",
        description="Scenes (count, bytes, duration), images, galleries, performers, studios, "
        "groups and tags.",
        ttl=300.0,
        min_refresh=30.0,
    )
    async def stats(self, client: StashClient) -> StashStats:
        from integrations.stash.models import Stats

        stats = await client.query(STATS_QUERY, "stats", Stats)
        return StashStats(
            scenes=stats.scene_count,
            scenes_bytes=int(stats.scenes_size),
            scenes_duration_seconds=int(stats.scenes_duration),
            images=stats.image_count,
            images_bytes=int(stats.images_size),
            galleries=stats.gallery_count,
            performers=stats.performer_count,
            studios=stats.studio_count,
            groups=stats.movie_count,
            tags=stats.tag_count,
        )
