"""The parts of What's Up Docker's answers Tilewire reads (WUD 8.3.1: GET /api/app, and the
Container of app/model/container.ts as GET /api/containers lists it)."""

from __future__ import annotations

from pydantic import Field, TypeAdapter

from integrations.base import UpstreamModel


class App(UpstreamModel):
    """``GET /api/app`` (no credentials needed)."""

    name: str
    version: str


class Tag(UpstreamModel):
    value: str = ""


class Image(UpstreamModel):
    name: str = ""
    tag: Tag = Field(default_factory=Tag)


class UpdateKind(UpstreamModel):
    kind: str = "unknown"
    """tag, digest or unknown."""
    local_value: str | None = Field(None, alias="localValue")
    remote_value: str | None = Field(None, alias="remoteValue")
    semver_diff: str | None = Field(None, alias="semverDiff")
    """major, minor, patch, prerelease or unknown."""


class Failure(UpstreamModel):
    message: str = ""


class Container(UpstreamModel):
    id: str
    name: str
    display_name: str | None = Field(None, alias="displayName")
    status: str = "unknown"
    watcher: str = ""
    image: Image = Field(default_factory=Image)
    error: Failure | None = None
    update_available: bool = Field(False, alias="updateAvailable")
    update_kind: UpdateKind = Field(default_factory=UpdateKind, alias="updateKind")


CONTAINERS = TypeAdapter(list[Container])
