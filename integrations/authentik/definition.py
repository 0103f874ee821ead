"""authentik: its version and whether an update exists, users and active sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import BearerToken
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.authentik.client import AuthentikClient

API = "api/v3/"
ONE = {"page_size": "1"}


class AuthentikStatus(Payload):
    """The identity provider at a glance."""

    version: str
    latest_version: str | None = None
    update_available: bool
    outposts_outdated: bool = Field(description="an outpost runs another version")
    users: int
    active_users: int
    sessions: int = Field(description="authenticated sessions")


class Authentik(Integration["AuthentikClient"]):
    id = "authentik"
    name = "authentik"
    icon = "authentik"
    categories = ("security",)
    docs_url = "https://docs.goauthentik.io/docs/developer-docs/api/"
    verification = "Built from the authentik API documentation (schema.yml), version 2025"
    default_port = 9000
    credentials = (BearerToken,)
    client_class = "integrations.authentik.client:AuthentikClient"

    async def test_connection(self, client: AuthentikClient) -> ServiceInfo:
        from integrations.authentik.models import Version

        version = await client.get_json(API + "admin/version/", Version)
        return ServiceInfo.of(version.version_current, {})

    @endpoint(
        "status",
        name="Status",
        description="Version and whether an update exists, users (all and active) and "
        "authenticated sessions.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def status(self, client: AuthentikClient) -> AuthentikStatus:
        from integrations.authentik.models import Page, Version

        version, users, active, sessions = await together(
            client.get_json(API + "admin/version/", Version),
            client.get_json(API + "core/users/", Page, params=ONE),
            client.get_json(API + "core/users/", Page, params={**ONE, "is_active": "true"}),
            client.get_json(API + "core/authenticated_sessions/", Page, params=ONE),
        )
        return AuthentikStatus(
            version=version.version_current,
            latest_version=version.version_latest or None,
            update_available=version.outdated,
            outposts_outdated=version.outpost_outdated,
            users=users.pagination.count,
            active_users=active.pagination.count,
            sessions=sessions.pagination.count,
        )
