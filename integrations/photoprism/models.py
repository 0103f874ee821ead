"""The parts of PhotoPrism's answers Tilewire reads (release 240915: ClientConfig, its
ClientCounts, and the session response)."""

from __future__ import annotations

from pydantic import Field

from integrations.base import UpstreamModel


class Session(UpstreamModel):
    """``POST /api/v1/session``."""

    access_token: str


class Counts(UpstreamModel):
    photos: int = 0
    videos: int = 0
    live: int = 0
    albums: int = 0
    folders: int = 0
    files: int = 0
    people: int = 0
    places: int = 0
    labels: int = 0
    favorites: int = 0
    private: int = 0
    review: int = 0


class ClientConfig(UpstreamModel):
    """``GET /api/v1/config``: the client config of the caller's session."""

    version: str = ""
    count: Counts = Field(default_factory=Counts)
