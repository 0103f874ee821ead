"""ntfy: a topic's latest notifications, and the server's message stats."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import BearerToken, ConfigModel, NoCredentials, UsernamePassword, field
from integrations.errors import ErrorCode, IntegrationError
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.ntfy.client import NtfyClient
    from integrations.ntfy.models import Message

MAX_LINES = 1000
"""Cached messages read at most (the newest are kept)."""
MAX_TEXT = 500
DEFAULT_PRIORITY = 3


class NtfySettings(ConfigModel):
    """Which topic to show, and how far back."""

    topic: str = field(
        "Topic",
        default="",
        pattern=r"^([-_A-Za-z0-9]{1,64})?$",  # ntfy's own rule for a topic name
        max_length=64,
        help="The topic whose messages to show (letters, digits, - and _); empty: stats only.",
    )
    hours: int = field(
        "Hours", default=24, ge=1, le=720, help="How far back to read the topic's messages."
    )
    messages: int = field("Messages", default=10, ge=1, le=50, help="How many to show.")


class NtfyMessage(Payload):
    id: str
    time: datetime
    title: str | None = None
    message: str = Field(description="the text (at most 500 characters)")
    priority: int = Field(description="1 (min) to 5 (max), 3 by default")
    tags: list[str]
    click: str | None = Field(None, description="the address the notification opens")


class NtfyMessages(Payload):
    """A topic's messages in the window, newest first."""

    topic: str
    total: int = Field(description="messages in the window (at most 1000 counted)")
    high_priority: int = Field(description="messages of priority 4 or 5 in the window")
    messages: list[NtfyMessage]


class NtfyStats(Payload):
    """The server's health and how many messages it has published."""

    healthy: bool
    messages: int = Field(description="messages published since the server started")
    messages_per_second: float


def _settings(client: NtfyClient) -> NtfySettings:
    extra = client.config.extra
    return extra if isinstance(extra, NtfySettings) else NtfySettings()


def _message(message: Message) -> NtfyMessage:
    return NtfyMessage(
        id=message.id,
        time=datetime.fromtimestamp(message.time, UTC),
        title=message.title[:MAX_TEXT] or None,
        message=message.message[:MAX_TEXT],
        priority=message.priority or DEFAULT_PRIORITY,
        tags=message.tags[:10],
        click=message.click or None,
    )


class Ntfy(Integration["NtfyClient"]):
    id = "ntfy"
    name = "ntfy"
    icon = "ntfy"
    categories = ("notifications",)
    docs_url = "https://docs.ntfy.sh/subscribe/api/"
    verification = "Built from the ntfy API documentation and sources, version 2.13.0"
    credentials = (NoCredentials, BearerToken, UsernamePassword)
    extra = NtfySettings
    client_class = "integrations.ntfy.client:NtfyClient"

    async def _poll(self, client: NtfyClient, topic: str, since: str) -> list[Message]:
        """The topic's cached messages since ``since`` (ntfy's own syntax), oldest first."""
        import orjson

        from integrations.ntfy.models import Message

        response = await client.request(
            "GET", f"{topic}/json", params={"poll": "1", "since": since}
        )
        lines = response.content.splitlines()[-MAX_LINES:]
        try:
            records = [orjson.loads(line) for line in lines if line.strip()]
        except orjson.JSONDecodeError:
            raise IntegrationError(
                ErrorCode.INVALID_RESPONSE,
                "the topic's answer is not ntfy's JSON stream: is the URL ntfy's?",
                status=response.status_code,
                url=response.url,
            ) from None
        messages = [client.validate(response, record, Message) for record in records]
        return [m for m in messages if m.event == "message"]

    async def test_connection(self, client: NtfyClient) -> ServiceInfo:
        from integrations.ntfy.models import Health

        topic = _settings(client).topic
        health = await client.get_json("v1/health", Health)
        if topic:  # proves the credentials may read the topic
            await self._poll(client, topic, "none")
        return ServiceInfo.of(None, {"healthy": "yes" if health.healthy else "no", "topic": topic})

    @endpoint(
        "messages",
        name="Messages",
        description="The topic's latest messages (10 by default) from the last hours (24 by "
        "default), newest first, with title, priority and tags.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def messages(self, client: NtfyClient) -> NtfyMessages:
        settings = _settings(client)
        if not settings.topic:
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG, "set the topic (extra.topic) to show its messages"
            )
        found = await self._poll(client, settings.topic, f"{settings.hours}h")
        newest = sorted(found, key=lambda m: m.time, reverse=True)
        return NtfyMessages(
            topic=settings.topic,
            total=len(newest),
            high_priority=sum(m.priority >= 4 for m in newest),
            messages=[_message(m) for m in newest[: settings.messages]],
        )

    @endpoint(
        "stats",
        name="Stats",
        description="Whether the server is healthy, and the messages it has published.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def stats(self, client: NtfyClient) -> NtfyStats:
        from integrations.ntfy.models import Health, Stats

        health, stats = await together(
            client.get_json("v1/health", Health), client.get_json("v1/stats", Stats)
        )
        return NtfyStats(
            healthy=health.healthy,
            messages=stats.messages,
            messages_per_second=round(stats.messages_rate, 3),
        )
