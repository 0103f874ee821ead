"""Immich: version, and photo, video and storage statistics per user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ApiKey
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.immich.client import ImmichClient
    from integrations.immich.models import ServerStats, UsageByUser

TOP_USERS = 10


class ImmichUserUsage(Payload):
    name: str
    photos: int
    videos: int
    usage_bytes: int
    quota_bytes: int | None = Field(None, description="None when the user has no quota")


class ImmichStats(Payload):
    """Photos, videos and storage of an Immich server, and its heaviest users."""

    photos: int
    videos: int
    usage_bytes: int = Field(description="bytes of all assets")
    users: int
    top_users: list[ImmichUserUsage] = Field(description="the 10 users using most storage")


def user_usage(user: UsageByUser) -> ImmichUserUsage:
    return ImmichUserUsage(
        name=user.user_name,
        photos=user.photos,
        videos=user.videos,
        usage_bytes=user.usage,
        quota_bytes=user.quota_size_in_bytes,
    )


def stats(answer: ServerStats) -> ImmichStats:
    heaviest = sorted(answer.usage_by_user, key=lambda u: (-u.usage, u.user_name))
    return ImmichStats(
        photos=answer.photos,
        videos=answer.videos,
        usage_bytes=answer.usage,
        users=len(answer.usage_by_user),
        top_users=[user_usage(user) for user in heaviest[:TOP_USERS]],
    )


class Immich(Integration["ImmichClient"]):
    """An Immich server (1.107 or later)."""

    id = "immich"
    name = "Immich"
    icon = "immich"
    categories = ("media", "photos")
    docs_url = "https://immich.app/docs/api/"
    verification = "Built from the Immich API documentation, version 1.112.1"
    default_port = 2283
    credentials = (ApiKey,)
    client_class = "integrations.immich.client:ImmichClient"

    async def test_connection(self, client: ImmichClient) -> ServiceInfo:
        from integrations.immich.models import ServerAbout

        # /api/server/version answers anyone: /api/server/about needs the key.
        about = await client.get("api/server/about", ServerAbout, what="the server details")
        return ServiceInfo(version=about.version)

    @endpoint(
        "stats",
        name="Statistics",
        description=f"Photos, videos and storage used, users, and the {TOP_USERS} users using "
        "most storage (needs an admin user's API key).",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def stats(self, client: ImmichClient) -> ImmichStats:
        from integrations.immich.models import ServerStats

        answer = await client.get(
            "api/server/statistics", ServerStats, what="the server statistics"
        )
        return stats(answer)
