"""Gotify: the newest notifications and how many are waiting."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import Credentials, Secret, UsernamePassword, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.gotify.client import GotifyClient
    from integrations.gotify.models import Message

LATEST = 10
"""Messages the payload carries."""
PAGE = 200
"""The largest page Gotify serves."""
MAX_PAGES = 5
"""Pages read to count the messages: the count stops at 1000."""
MAX_MESSAGE_LENGTH = 500


class GotifyClientToken(Credentials):
    """A client token (Clients > Create client in the web UI)."""

    label = "Client token"
    type: Literal["clientToken"] = "clientToken"
    token: Secret = field(
        "Client token",
        min_length=1,
        help="From Clients in Gotify's web UI (it starts with C). An application token (A...) "
        "can only send messages and is refused.",
    )


class GotifyMessage(Payload):
    id: int
    app: str | None = Field(description="the application's name, None if it is gone")
    app_id: int
    title: str | None = None
    message: str = Field(description="at most 500 characters (Markdown as sent)")
    truncated: bool = False
    priority: int
    date: datetime


class GotifyMessages(Payload):
    """The newest notifications Gotify holds for the user, and how many there are."""

    total: int = Field(description="messages on the server, counted up to a cap")
    capped: bool = Field(description="True when there are more than total (counting stopped)")
    messages: list[GotifyMessage] = Field(description="the newest first")


def message_of(message: Message, apps: dict[int, str]) -> GotifyMessage:
    text = message.message
    return GotifyMessage(
        id=message.id,
        app=apps.get(message.appid),
        app_id=message.appid,
        title=message.title or None,
        message=text[:MAX_MESSAGE_LENGTH],
        truncated=len(text) > MAX_MESSAGE_LENGTH,
        priority=message.priority,
        date=message.date,
    )


class Gotify(Integration["GotifyClient"]):
    id = "gotify"
    name = "Gotify"
    icon = "gotify"
    categories = ("notifications",)
    docs_url = "https://gotify.net/api-docs"
    verification = "Built from the Gotify API documentation, version 2.0.2"
    default_port = 80
    credentials = (GotifyClientToken, UsernamePassword)
    client_class = "integrations.gotify.client:GotifyClient"

    async def test_connection(self, client: GotifyClient) -> ServiceInfo:
        from integrations.gotify.models import User, VersionInfo

        # /version answers anyone; /current/user proves the token is a client token.
        user, version = await together(
            client.get_json("current/user", User), client.get_json("version", VersionInfo)
        )
        details = {
            "user": user.name,
            "admin": "yes" if user.admin else "no",
            "commit": version.commit,
        }
        return ServiceInfo(version=version.version, details=details)

    @endpoint(
        "messages",
        name="Messages",
        description=f"The {LATEST} newest messages with their application, and how many there "
        f"are (counted up to {PAGE * MAX_PAGES}).",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def messages(self, client: GotifyClient) -> GotifyMessages:
        from integrations.gotify.models import APPLICATIONS, PagedMessages

        first, apps = await together(
            client.get_json("message", PagedMessages, params={"limit": PAGE}),
            client.get_json("application", APPLICATIONS),
        )
        total, page, pages = first.paging.size, first, 1
        while page.paging.next and page.messages and pages < MAX_PAGES:
            page = await client.get_json(
                "message", PagedMessages, params={"limit": PAGE, "since": page.paging.since}
            )
            total += page.paging.size
            pages += 1
        names = {app.id: app.name for app in apps}
        return GotifyMessages(
            total=total,
            capped=bool(page.paging.next) and bool(page.messages),
            messages=[message_of(m, names) for m in first.messages[:LATEST]],
        )
