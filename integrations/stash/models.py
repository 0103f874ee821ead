"""The parts of Stash's GraphQL answers Tilewire reads (Stash 0.30.1: StatsResultType,
Version)."""

from __future__ import annotations

from typing import Any

from integrations.base import UpstreamModel


class GraphQLError(UpstreamModel):
    message: str = ""


class Answer(UpstreamModel):
    """A GraphQL response: ``data``, or ``errors`` (HTTP 200 either way)."""

    data: dict[str, Any] | None = None
    errors: list[GraphQLError] | None = None


class Stats(UpstreamModel):
    scene_count: int
    scenes_size: float
    """Bytes."""
    scenes_duration: float
    """Seconds."""
    image_count: int
    images_size: float
    gallery_count: int
    performer_count: int
    studio_count: int
    movie_count: int
    """Groups (movies): ``movie_count`` is kept, deprecated, beside ``group_count``."""
    tag_count: int


class Version(UpstreamModel):
    version: str | None = None
