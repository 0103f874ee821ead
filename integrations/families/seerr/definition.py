"""The Seerr endpoints: media requests by status (the shared ``MediaRequests``) and reported
issues; and the credential sets Overseerr and Jellyseerr share."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from integrations.capabilities import MediaRequests, Payload
from integrations.config import ApiKey, Credentials, Secret, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.families.seerr.client import SeerrClient


class LocalAccount(Credentials):
    """An Overseerr (local) user: email address and password."""

    label = "Local account"
    type: Literal["localAccount"] = "localAccount"
    email: str = field(
        "Email", min_length=1, help="The email address of a local user (password sign-in)."
    )
    password: Secret = field("Password")


class PlexToken(Credentials):
    """A Plex account's token: the service checks it with plex.tv at each sign-in."""

    label = "Plex token"
    type: Literal["plexToken"] = "plexToken"
    plex_token: Secret = field(
        "Plex token",
        min_length=1,
        help="The X-Plex-Token of a Plex account that may sign in (it needs access to the "
        "Plex server).",
    )


class OverseerrIssues(Payload):
    """Reported problems with available media (Overseerr and Jellyseerr), by status and type."""

    total: int
    open: int
    closed: int
    video: int
    audio: int
    subtitles: int
    others: int


class SeerrIntegration(Integration["SeerrClient"]):
    """A Seerr request manager, with an API key or an account to sign in with."""

    categories: ClassVar[tuple[str, ...]] = ("media", "requests")
    credentials: ClassVar[tuple[type[Credentials], ...]] = (ApiKey, LocalAccount, PlexToken)

    async def test_connection(self, client: SeerrClient) -> ServiceInfo:
        from integrations.families.seerr.models import Status, User

        # /status answers anyone: /auth/me is what proves the key or the sign-in.
        status = await client.api("status", Status)
        me = await client.api("auth/me", User)
        details = {"user": me.shown_name}
        if status.commit_tag:
            details["commitTag"] = status.commit_tag
        return ServiceInfo(version=status.version, details=details)

    @endpoint(
        "requests",
        name="Requests",
        description="Media requests by status: pending, approved, declined, processing, "
        "available, and the total.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def requests(self, client: SeerrClient) -> MediaRequests:
        from integrations.families.seerr.models import RequestCount

        count = await client.api("request/count", RequestCount)
        return MediaRequests(
            pending=count.pending,
            approved=count.approved,
            declined=count.declined,
            processing=count.processing,
            available=count.available,
            total=count.total,
        )

    @endpoint(
        "issues",
        name="Issues",
        description="Reported problems with available media: open and closed, and how many "
        "concern video, audio, subtitles or something else.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def issues(self, client: SeerrClient) -> OverseerrIssues:
        from integrations.families.seerr.models import IssueCount

        try:
            count = await client.api("issue/count", IssueCount)
        except IntegrationError as err:
            if err.code is not ErrorCode.NOT_FOUND:
                raise
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"{client.service_name} has no issue counts here (HTTP 404): versions before "
                "the issue tracker do not have them",
                status=err.status,
                url=err.url,
            ) from None
        return OverseerrIssues(
            total=count.total,
            open=count.open,
            closed=count.closed,
            video=count.video,
            audio=count.audio,
            subtitles=count.subtitles,
            others=count.others,
        )
