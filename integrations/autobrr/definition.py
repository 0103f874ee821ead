"""autobrr: what happened to the releases it saw announced, and its IRC networks' health."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from integrations.capabilities import Payload
from integrations.config import ApiKey
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.autobrr.client import AutobrrClient
    from integrations.autobrr.models import Network

CONFIG_PATH = "api/config"
STATS_PATH = "api/release/stats"
IRC_PATH = "api/irc"
MAX_NETWORKS = 50
MAX_ERRORS = 3
MAX_TEXT = 200
NEVER = datetime(1, 1, 2, tzinfo=UTC)
"""Go's zero time (0001-01-01) means "never"; anything before this is that."""


class AutobrrStats(Payload):
    """What became of the releases autobrr has seen announced (all it has kept)."""

    total: int = Field(description="releases seen")
    filtered: int = Field(description="releases a filter matched")
    filter_rejected: int = Field(description="releases a filter rejected")
    push_approved: int = Field(
        description="releases sent on and accepted by the download client or arr"
    )
    push_rejected: int = Field(description="releases sent on and rejected")
    push_errors: int = Field(description="releases whose sending failed")


class AutobrrIrcNetwork(Payload):
    name: str
    server: str
    enabled: bool
    connected: bool
    healthy: bool = Field(description="connected, and every enabled channel monitored")
    connected_since: datetime | None = None
    channels: int = Field(description="enabled channels")
    channels_monitoring: int = Field(description="enabled channels being monitored now")
    last_announce: datetime | None = Field(None, description="the latest announce on any channel")
    errors: list[str] = Field(description="the latest connection errors (at most 3)")


class AutobrrIrcNetworks(Payload):
    """autobrr's IRC networks: enabled ones that are unhealthy first."""

    healthy: int = Field(description="enabled networks reported healthy")
    unhealthy: int = Field(description="enabled networks not healthy")
    disabled: int
    total: int
    networks: list[AutobrrIrcNetwork] = Field(description="unhealthy first (at most 50)")


def _when(value: datetime | None) -> datetime | None:
    return value if value is not None and value > NEVER else None


def _network(network: Network) -> AutobrrIrcNetwork:
    enabled = [c for c in network.channels or [] if c.enabled]
    announces = [a for c in enabled if (a := _when(c.last_announce)) is not None]
    return AutobrrIrcNetwork(
        name=network.name[:MAX_TEXT],
        server=network.server[:MAX_TEXT],
        enabled=network.enabled,
        connected=network.connected,
        healthy=network.enabled and network.healthy,
        connected_since=_when(network.connected_since) if network.connected else None,
        channels=len(enabled),
        channels_monitoring=sum(c.monitoring for c in enabled),
        last_announce=max(announces, default=None),
        errors=[e[:MAX_TEXT] for e in (network.connection_errors or [])[-MAX_ERRORS:]],
    )


def networks_of(networks: list[Network]) -> AutobrrIrcNetworks:
    listed = sorted(
        (_network(n) for n in networks),
        key=lambda n: (not n.enabled, n.healthy, n.name.casefold()),
    )
    enabled = [n for n in listed if n.enabled]
    return AutobrrIrcNetworks(
        healthy=sum(n.healthy for n in enabled),
        unhealthy=sum(not n.healthy for n in enabled),
        disabled=len(listed) - len(enabled),
        total=len(listed),
        networks=listed[:MAX_NETWORKS],
    )


class Autobrr(Integration["AutobrrClient"]):
    id = "autobrr"
    name = "autobrr"
    icon = "autobrr"
    categories = ("downloads", "automation")
    docs_url = "https://autobrr.com/api"
    verification = "Built from the autobrr API documentation, version 1.79.0"
    default_port = 7474
    credentials = (ApiKey,)
    client_class = "integrations.autobrr.client:AutobrrClient"

    async def test_connection(self, client: AutobrrClient) -> ServiceInfo:
        from integrations.autobrr.models import Config

        config = await client.get_json(CONFIG_PATH, Config)
        return ServiceInfo.of(config.version, {})

    @endpoint(
        "stats",
        name="Release statistics",
        description="Releases seen, matched and rejected by filters, and sent on: approved, "
        "rejected or failed.",
        ttl=60.0,
        min_refresh=15.0,
    )
    async def stats(self, client: AutobrrClient) -> AutobrrStats:
        from integrations.autobrr.models import ReleaseStats

        found = await client.get_json(STATS_PATH, ReleaseStats)
        return AutobrrStats(
            total=found.total_count,
            filtered=found.filtered_count,
            filter_rejected=found.filter_rejected_count,
            push_approved=found.push_approved_count,
            push_rejected=found.push_rejected_count,
            push_errors=found.push_error_count,
        )

    @endpoint(
        "irc",
        name="IRC networks",
        description="Each IRC network connected and healthy or not, its channels monitored, "
        "latest announce and connection errors, unhealthy first.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def irc(self, client: AutobrrClient) -> AutobrrIrcNetworks:
        from integrations.autobrr.models import NETWORKS

        return networks_of(await client.get_json(IRC_PATH, NETWORKS))
