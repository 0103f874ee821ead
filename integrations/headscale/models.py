"""The parts of Headscale's API answers Tilewire reads (Headscale 0.29.2,
headscale.swagger.json: v1ListNodesResponse, v1Node, v1User; hscontrol/types VersionInfo)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from integrations.base import UpstreamModel


class User(UpstreamModel):
    name: str = ""
    display_name: str = Field("", alias="displayName")


class Node(UpstreamModel):
    id: str
    name: str = ""
    given_name: str = Field("", alias="givenName")
    user: User | None = None
    ip_addresses: list[str] = Field(default_factory=list, alias="ipAddresses")
    online: bool = False
    last_seen: datetime | None = Field(None, alias="lastSeen")
    expiry: datetime | None = None
    """The Go zero time (year 1) or absent when the node never expires."""
    tags: list[str] = Field(default_factory=list)
    approved_routes: list[str] = Field(default_factory=list, alias="approvedRoutes")
    available_routes: list[str] = Field(default_factory=list, alias="availableRoutes")


class Nodes(UpstreamModel):
    """``GET /api/v1/node``."""

    nodes: list[Node] = Field(default_factory=list)


class VersionInfo(UpstreamModel):
    """``GET /version`` (Headscale 0.26 and later; no key needed)."""

    version: str
