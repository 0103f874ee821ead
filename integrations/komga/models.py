"""The parts of Komga's API answers Tilewire reads (Komga 1.26.3, komga/docs/openapi.json:
UserDto, LibraryDto, PageSeriesDto/PageBookDto)."""

from __future__ import annotations

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel


class User(UpstreamModel):
    """``GET /api/v2/users/me``."""

    id: str
    email: str
    roles: list[str] = Field(default_factory=list)


class Library(UpstreamModel):
    id: str
    name: str
    unavailable: bool = False
    """Its root folder could not be found at the last scan."""


LIBRARIES = TypeAdapter(list[Library])
"""``GET /api/v1/libraries``: the libraries the user may see."""


class Page(UpstreamModel):
    """A Spring page (``PageSeriesDto``, ``PageBookDto``); Tilewire asks for one element and
    reads the total only."""

    total_elements: int = Field(alias="totalElements", ge=0)
