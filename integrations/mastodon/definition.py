"""Mastodon: a server's users, posts, known servers and this week's activity."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import BearerToken, NoCredentials
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.mastodon.client import MastodonClient

V1_PATH = "api/v1/instance"
V2_PATH = "api/v2/instance"
ACTIVITY_PATH = "api/v1/instance/activity"
MAX_TITLE = 200


class MastodonInstanceStats(Payload):
    """A Mastodon server's statistics, as it shows them publicly."""

    domain: str
    title: str = Field(description="the server's name (at most 200 characters)")
    version: str
    users: int = Field(description="local accounts")
    active_users_month: int | None = Field(
        None, description="local users active in the last 30 days (null before Mastodon 4.0)"
    )
    statuses: int = Field(description="posts by local accounts")
    known_domains: int = Field(description="other servers this one has seen")
    registrations_open: bool
    approval_required: bool = Field(description="new accounts wait for a moderator's approval")
    week_start: datetime | None = Field(
        None,
        description="start of the current week (UTC) the week* counts cover; null when the "
        "server does not publish its activity",
    )
    week_statuses: int | None = Field(None, description="posts created this week")
    week_logins: int | None = Field(None, description="user logins this week")
    week_registrations: int | None = Field(None, description="sign-ups this week")


class Mastodon(Integration["MastodonClient"]):
    id = "mastodon"
    name = "Mastodon"
    icon = "mastodon"
    categories = ("social",)
    docs_url = "https://docs.joinmastodon.org/methods/instance/"
    verification = "Built from the Mastodon API documentation, version 4.5"
    default_port = 443
    credentials = (NoCredentials, BearerToken)
    client_class = "integrations.mastodon.client:MastodonClient"

    async def test_connection(self, client: MastodonClient) -> ServiceInfo:
        from integrations.mastodon.models import V1Instance

        found = await client.get_json(V1_PATH, V1Instance)
        return ServiceInfo.of(
            found.version, {"domain": found.uri, "users": str(found.stats.user_count)}
        )

    @endpoint(
        "stats",
        name="Server statistics",
        description="Users (and active in the last 30 days), posts, known servers, whether "
        "sign-ups are open, and this week's posts, logins and sign-ups.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def stats(self, client: MastodonClient) -> MastodonInstanceStats:
        from integrations.mastodon.models import ACTIVITY, Instance, V1Instance, Week

        async def weeks() -> list[Week]:
            return await client.get_json(ACTIVITY_PATH, ACTIVITY)

        v1, v2, activity = await together(
            client.get_json(V1_PATH, V1Instance),
            optional(client.get_json(V2_PATH, Instance)),
            optional(weeks()),
        )
        week = max(activity, key=lambda w: w.week) if activity else None
        registrations = v2.registrations if v2 is not None else None
        return MastodonInstanceStats(
            domain=v2.domain if v2 is not None else v1.uri,
            title=v1.title[:MAX_TITLE],
            version=v1.version,
            users=v1.stats.user_count,
            active_users_month=v2.usage.users.active_month if v2 is not None else None,
            statuses=v1.stats.status_count,
            known_domains=v1.stats.domain_count,
            registrations_open=registrations.enabled if registrations else v1.registrations,
            approval_required=(
                registrations.approval_required if registrations else v1.approval_required
            ),
            week_start=datetime.fromtimestamp(week.week, UTC) if week else None,
            week_statuses=week.statuses if week else None,
            week_logins=week.logins if week else None,
            week_registrations=week.registrations if week else None,
        )
