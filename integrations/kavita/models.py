"""The parts of Kavita's API answers Tilewire reads (Kavita 0.8.3.2: API/DTOs/Account/UserDto,
API/DTOs/LibraryDto, API/DTOs/Statistics/ServerStatisticsDto; camelCase JSON)."""

from __future__ import annotations

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel


class Authenticated(UpstreamModel):
    """``POST /api/Plugin/authenticate``: the user, with a JWT for the calls that follow."""

    username: str = ""
    token: str = ""
    kavita_version: str | None = Field(None, alias="kavitaVersion")


class Library(UpstreamModel):
    id: int
    name: str


LIBRARIES = TypeAdapter(list[Library])
"""``GET /api/Library/libraries``: the libraries the user may see."""


class ServerStatistics(UpstreamModel):
    """``GET /api/Stats/server/stats`` (admins only)."""

    chapter_count: int = Field(alias="chapterCount", ge=0)
    volume_count: int = Field(alias="volumeCount", ge=0)
    series_count: int = Field(alias="seriesCount", ge=0)
    total_files: int = Field(alias="totalFiles", ge=0)
    total_size: int = Field(alias="totalSize", ge=0)
    """bytes"""
    total_genres: int = Field(0, alias="totalGenres", ge=0)
    total_tags: int = Field(0, alias="totalTags", ge=0)
    total_people: int = Field(0, alias="totalPeople", ge=0)
    total_reading_time: int = Field(0, alias="totalReadingTime", ge=0)
    """hours, estimated from every user's progress"""
