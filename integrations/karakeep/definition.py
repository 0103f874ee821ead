"""Karakeep: the API key's user's bookmarks, favourites, archive, tags, lists and highlights."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import BearerToken
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.karakeep.client import KarakeepClient

USER_PATH = "api/v1/users/me"
STATS_PATH = "api/v1/users/me/stats"
VERSION_PATH = "api/version"
MAX_DOMAINS = 10
MAX_TEXT = 200


class KarakeepDomain(Payload):
    domain: str
    bookmarks: int


class KarakeepStats(Payload):
    """The bookmarks of the API key's user (Karakeep counts per user)."""

    bookmarks: int
    favorites: int
    archived: int
    tags: int
    lists: int
    highlights: int
    links: int | None = Field(None, description="link bookmarks (null before Karakeep 0.26)")
    notes: int | None = Field(None, description="text bookmarks (null before Karakeep 0.26)")
    assets: int | None = Field(
        None, description="uploaded images and PDFs (null before Karakeep 0.26)"
    )
    asset_bytes: int | None = Field(
        None, description="bytes of stored assets (null before Karakeep 0.26)"
    )
    added_this_week: int | None = Field(None, description="null before Karakeep 0.26")
    added_this_month: int | None = Field(None, description="null before Karakeep 0.26")
    top_domains: list[KarakeepDomain] = Field(
        description="the sites bookmarked most (at most 10; empty before Karakeep 0.26)"
    )


class Karakeep(Integration["KarakeepClient"]):
    id = "karakeep"
    name = "Karakeep"
    icon = "karakeep"
    categories = ("bookmarks",)
    docs_url = "https://docs.karakeep.app/api/karakeep-api"
    verification = "Built from the Karakeep API documentation, version 0.33.2"
    default_port = 3000
    credentials = (BearerToken,)
    client_class = "integrations.karakeep.client:KarakeepClient"

    async def test_connection(self, client: KarakeepClient) -> ServiceInfo:
        from integrations.karakeep.models import User, Version

        user, version = await together(
            client.get_json(USER_PATH, User), optional(client.get_json(VERSION_PATH, Version))
        )
        who = (user.name or user.email or user.id)[:MAX_TEXT]
        return ServiceInfo.of(version.version if version is not None else None, {"user": who})

    @endpoint(
        "stats",
        name="Bookmarks",
        description="The API key's user's bookmarks (links, notes, assets), favourites, "
        "archive, tags, lists, highlights, stored asset bytes, bookmarks added this week and "
        "month, and the sites bookmarked most.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def stats(self, client: KarakeepClient) -> KarakeepStats:
        from integrations.karakeep.models import Stats

        found = await client.get_json(STATS_PATH, Stats)
        by_type, activity = found.bookmarks_by_type, found.bookmarking_activity
        top = sorted(found.top_domains, key=lambda d: d.count, reverse=True)[:MAX_DOMAINS]
        return KarakeepStats(
            bookmarks=found.num_bookmarks,
            favorites=found.num_favorites,
            archived=found.num_archived,
            tags=found.num_tags,
            lists=found.num_lists,
            highlights=found.num_highlights,
            links=by_type.link if by_type else None,
            notes=by_type.text if by_type else None,
            assets=by_type.asset if by_type else None,
            asset_bytes=found.total_asset_size,
            added_this_week=activity.this_week if activity else None,
            added_this_month=activity.this_month if activity else None,
            top_domains=[
                KarakeepDomain(domain=d.domain[:MAX_TEXT], bookmarks=d.count) for d in top
            ],
        )
