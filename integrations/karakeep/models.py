"""The parts of Karakeep's API answers Tilewire reads (Karakeep 0.33.2 OpenAPI document:
getCurrentUser, getCurrentUserStats; packages/api/routes/version.ts)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class User(UpstreamModel):
    """``GET /api/v1/users/me``."""

    id: str
    name: str | None = None
    email: str | None = None


class Version(UpstreamModel):
    """``GET /api/version`` (Karakeep 0.29 and later; no key needed)."""

    version: str


class ByType(UpstreamModel):
    link: int
    text: int
    asset: int


class Domain(UpstreamModel):
    domain: str
    count: int


class Activity(UpstreamModel):
    this_week: int = Field(alias="thisWeek")
    this_month: int = Field(alias="thisMonth")
    this_year: int = Field(alias="thisYear")


class Stats(UpstreamModel):
    """``GET /api/v1/users/me/stats``: the breakdowns came with Karakeep 0.26; older versions
    answer the six counts only."""

    num_bookmarks: int = Field(alias="numBookmarks")
    num_favorites: int = Field(alias="numFavorites")
    num_archived: int = Field(alias="numArchived")
    num_tags: int = Field(alias="numTags")
    num_lists: int = Field(alias="numLists")
    num_highlights: int = Field(0, alias="numHighlights")
    bookmarks_by_type: ByType | None = Field(None, alias="bookmarksByType")
    top_domains: list[Domain] = Field(default_factory=list, alias="topDomains")
    total_asset_size: int | None = Field(None, alias="totalAssetSize")
    bookmarking_activity: Activity | None = Field(None, alias="bookmarkingActivity")
