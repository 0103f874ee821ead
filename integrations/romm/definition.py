"""RomM: how many platforms, ROMs, saves, states and screenshots the library holds, and its
size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from integrations.base import together
from integrations.capabilities import Payload
from integrations.config import Credentials, Secret, UsernamePassword, field
from integrations.optional import optional
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from integrations.romm.client import RommClient

ME_PATH = "api/users/me"
HEARTBEAT_PATH = "api/heartbeat"
STATS_PATH = "api/stats"


class RommClientToken(Credentials):
    """A RomM client API token (RomM 4.8 and later)."""

    label = "Client API token"
    type: Literal["clientToken"] = "clientToken"
    token: Secret = field(
        "Client API token",
        min_length=1,
        help="Settings > Client API Tokens > create one with the scopes me.read and roms.read "
        "(it starts with rmm_). An OAuth access token works too, until it expires.",
    )


class RommStats(Payload):
    """What the RomM library holds, counted over what the user may see."""

    platforms: int
    roms: int
    saves: int = Field(description="save files uploaded, every user")
    states: int = Field(description="save states uploaded, every user")
    screenshots: int
    size_bytes: int = Field(description="bytes of every ROM file")


class Romm(Integration["RommClient"]):
    id = "romm"
    name = "RomM"
    icon = "romm"
    categories = ("media", "games")
    docs_url = "https://docs.romm.app/latest/"
    verification = (
        "Built from the RomM API documentation (OpenAPI) and sources, version 4.9 "
        "(main at 57badfd, August 2026)"
    )
    default_port = 8080
    credentials = (RommClientToken, UsernamePassword)
    client_class = "integrations.romm.client:RommClient"

    async def test_connection(self, client: RommClient) -> ServiceInfo:
        from integrations.romm.models import Heartbeat, User

        user, heartbeat = await together(
            client.get_json(ME_PATH, User), optional(client.get_json(HEARTBEAT_PATH, Heartbeat))
        )
        version = heartbeat.system.version if heartbeat is not None else ""
        return ServiceInfo.of(version or None, {"user": user.username, "role": user.role})

    @endpoint(
        "stats",
        name="Library",
        description="Platforms, ROMs, saves, save states and screenshots, and the ROMs' size "
        "in bytes.",
        ttl=300.0,
        min_refresh=60.0,
    )
    async def stats(self, client: RommClient) -> RommStats:
        from integrations.romm.models import Stats, User

        # RomM answers /api/stats without credentials too (unfiltered): asking for the user
        # alongside makes wrong credentials an error rather than another user's view.
        _, stats = await together(
            client.get_json(ME_PATH, User), client.get_json(STATS_PATH, Stats)
        )
        return RommStats(
            platforms=stats.platforms,
            roms=stats.roms,
            saves=stats.saves,
            states=stats.states,
            screenshots=stats.screenshots,
            size_bytes=stats.total_filesize_bytes,
        )
