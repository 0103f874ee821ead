"""The Seerr endpoints: media requests by status (the shared ``MediaRequests``) and reported
issues; and the credential sets Overseerr, Jellyseerr and Seerr share."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from integrations.actions import ActionInput, ActionResult, action
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


class MediaServerAccount(Credentials):
    """A Jellyfin or Emby user, signed in through the service (Jellyseerr and Seerr)."""

    label = "Jellyfin/Emby account"
    type: Literal["mediaServerAccount"] = "mediaServerAccount"
    # Named apart from LocalAccount's ``password``: form field names are unique across sets.
    server_username: str = field(
        "Jellyfin/Emby username",
        min_length=1,
        help="A Jellyfin or Emby user that may sign in to the service.",
    )
    server_password: Secret = field("Jellyfin/Emby password")


class RequestInput(ActionInput):
    """One media request, by its id."""

    id: int = field(
        "Request",
        help="The request's id, as the service's request list and links show it.",
        ge=1,
    )


REQUEST_DECISIONS = {"approve": "Approved", "decline": "Declined"}
"""The status a request is set to, as its path names it, and how the result says so."""


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
        status = await client.get_json("api/v1/status", Status)
        me = await client.get_json("api/v1/auth/me", User)
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

        count = await client.get_json("api/v1/request/count", RequestCount)
        return MediaRequests(
            pending=count.pending,
            approved=count.approved,
            declined=count.declined,
            processing=count.processing,
            available=count.available,
            total=count.total,
        )

    @action(
        "approveRequest",
        label="Approve request",
        description="Approves a pending media request, which sends it on to Radarr or Sonarr.",
        input=RequestInput,
        affects=("requests",),
    )
    async def approve_request(self, client: SeerrClient, input: RequestInput) -> ActionResult:
        return await self._decide(client, input.id, "approve")

    @action(
        "declineRequest",
        label="Decline request",
        description="Declines a pending media request.",
        input=RequestInput,
        affects=("requests",),
    )
    async def decline_request(self, client: SeerrClient, input: RequestInput) -> ActionResult:
        return await self._decide(client, input.id, "decline")

    async def _decide(self, client: SeerrClient, request_id: int, decision: str) -> ActionResult:
        from integrations.families.seerr.models import ErrorBody, MediaRequest

        name = client.service_name
        try:
            response = await client.request(
                "POST",
                f"api/v1/request/{request_id}/{decision}",
                expect=(200, 400, 404, 409),
            )
        except IntegrationError as err:
            # A signed-in account refused right after a fresh sign-in lacks the permission:
            # the sign-in itself worked.
            if client.needs_session() and err.status == 403:
                raise IntegrationError(
                    ErrorCode.FORBIDDEN,
                    f"{name} refused to {decision} request {request_id}: the account needs the "
                    "Manage Requests permission (or Admin)",
                    status=err.status,
                    url=err.url,
                ) from None
            raise
        if response.status_code == 404:
            raise IntegrationError(
                ErrorCode.NOT_FOUND,
                f"{name} has no request {request_id}",
                status=404,
                url=response.url,
            )
        if response.status_code != 200:
            # Newer releases refuse to decide a request that is no longer pending (409).
            refusal = client.try_parse(response, ErrorBody)
            raise IntegrationError.for_status(
                response.status_code,
                response.url,
                client.detail(refusal.text if refusal is not None else None),
            )
        decided = client.parse(response, MediaRequest)
        kind = f" ({decided.type})" if decided.type else ""
        return ActionResult(
            message=f"{REQUEST_DECISIONS[decision]} request {decided.id}{kind}", affected=1
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
            count = await client.get_json("api/v1/issue/count", IssueCount)
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
