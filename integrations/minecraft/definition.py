"""Minecraft: a server's version, players and message of the day, as the multiplayer server list
shows them (Java Edition's server list ping; Bedrock Edition's unconnected ping)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import Field, ValidationError

from integrations.addresses import AddressPolicy
from integrations.capabilities import Payload
from integrations.config import ConfigModel, NoCredentials, ServiceConfig, field
from integrations.types import Integration, ServiceInfo, endpoint

if TYPE_CHECKING:  # for annotations; a function imports what it runs with, on first use
    from mcstatus.responses import BedrockStatusResponse

    from integrations.minecraft.client import MinecraftClient
    from integrations.minecraft.models import StatusResponse

MAX_PLAYERS = 50
"""Names of the player sample returned (the rest are counted in ``playersListed``)."""
MAX_MOTD = 1000
"""Characters of the message of the day returned."""
MAX_NAME = 100
"""Characters of a version name or a sample entry (servers put whole lines of text there)."""
MAX_FAVICON = 32 * 1024
"""Characters of a favicon data URI returned (a 64x64 PNG is a few KiB)."""
FAVICON = re.compile(r"data:image/png;base64,[A-Za-z0-9+/]+={0,2}")
FORMATTING = re.compile(r"§.?", re.DOTALL)


class MinecraftSettings(ConfigModel):
    """Which edition the server runs: they answer different pings on different ports."""

    edition: Literal["java", "bedrock"] = field(
        "Edition",
        default="java",
        help="Java Edition: the server list ping over TCP (port 25565 unless the URL names "
        "another); Bedrock Edition: RakNet's unconnected ping over UDP (port 19132).",
    )


class MinecraftStatus(Payload):
    """What a Minecraft server tells its multiplayer server list: version, players, message of
    the day and how long it took to answer. A server that does not answer is an error
    (CONNECTION_REFUSED, TIMEOUT), not ``online: false``."""

    online: bool = Field(description="True: the server answered the status ping")
    edition: str = Field(description="java or bedrock")
    version: str = Field(
        description="the version name the server reports, formatting codes removed, e.g. "
        "'1.21.4' or 'Paper 1.21.4' (a proxy may report any text)"
    )
    protocol: int = Field(description="the protocol version number, e.g. 769")
    players_online: int | None = Field(
        description="players online; null when the server hides the count"
    )
    players_max: int | None = Field(
        description="player slots; null when the server hides the count"
    )
    players: list[str] = Field(
        description=f"names in the server's player sample (Java; a vanilla server picks up to "
        f"12 of those online and none when it hides them; always empty for Bedrock), "
        f"formatting codes removed, at most {MAX_PLAYERS}"
    )
    players_listed: int = Field(
        description="how many names the server's sample held (more than players when cut)"
    )
    motd: str | None = Field(
        description=f"the message of the day as plain text, formatting codes removed, lines "
        f"separated by a newline, at most {MAX_MOTD} characters; null when the server's "
        f"description is no text"
    )
    motd_truncated: bool = Field(description=f"the MOTD was longer than {MAX_MOTD} characters")
    latency_ms: float = Field(
        description="milliseconds from the status request to the whole answer"
    )
    favicon: str | None = Field(
        description=f"the server's icon as a data:image/png;base64 URI (Java, when it sends one "
        f"of at most {MAX_FAVICON} characters); null otherwise"
    )
    game_mode: str | None = Field(description="Bedrock: the game mode, e.g. Survival; Java: null")
    map_name: str | None = Field(description="Bedrock: the world's name; Java: null")


def printable(text: str, limit: int) -> tuple[str, bool]:
    """``text`` without control characters (newlines kept, tabs as spaces) and stray
    formatting codes, trimmed, and cut at ``limit`` characters; whether it was cut."""
    cleaned = FORMATTING.sub("", text.replace("\t", " "))
    cleaned = "".join(
        char for char in cleaned if char == "\n" or unicodedata.category(char) != "Cc"
    ).strip()
    return cleaned[:limit], len(cleaned) > limit


def plain(component: Any, limit: int) -> tuple[str | None, bool]:
    """A text component (or a string with § formatting codes) as plain text, by mcstatus's
    MOTD parser; None when it is no text component."""
    from mcstatus.motd import Motd

    if isinstance(component, list):
        component = {"text": "", "extra": component}  # a list is its items one after another
    if not isinstance(component, str | dict):
        return None, False
    try:
        text = Motd.parse(cast(Any, component)).to_plain()
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError):
        return None, False
    return printable(text, limit)


def short(text: str) -> str:
    return printable(text, MAX_NAME)[0]


def java_payload(status: StatusResponse, latency_ms: float) -> MinecraftStatus:
    sample = (status.players.sample or []) if status.players else []
    names = [name for name in (short(player.name) for player in sample) if name]
    motd, cut = plain(status.description, MAX_MOTD)
    favicon = status.favicon
    if favicon is not None and (len(favicon) > MAX_FAVICON or not FAVICON.fullmatch(favicon)):
        favicon = None
    return MinecraftStatus(
        online=True,
        edition="java",
        version=short(status.version.name),
        protocol=status.version.protocol,
        players_online=status.players.online if status.players else None,
        players_max=status.players.max if status.players else None,
        players=names[:MAX_PLAYERS],
        players_listed=len(sample),
        motd=motd,
        motd_truncated=cut,
        latency_ms=round(latency_ms, 1),
        favicon=favicon,
        game_mode=None,
        map_name=None,
    )


def bedrock_payload(status: BedrockStatusResponse) -> MinecraftStatus:
    motd, cut = printable(status.motd.to_plain(), MAX_MOTD)
    return MinecraftStatus(
        online=True,
        edition="bedrock",
        version=short(status.version.name),
        protocol=status.version.protocol,
        players_online=status.players.online,
        players_max=status.players.max,
        players=[],
        players_listed=0,
        motd=motd,
        motd_truncated=cut,
        latency_ms=round(status.latency, 1),
        favicon=None,
        game_mode=short(status.gamemode) if status.gamemode else None,
        map_name=short(status.map_name) if status.map_name else None,
    )


class Minecraft(Integration["MinecraftClient"]):
    id = "minecraft"
    name = "Minecraft"
    icon = "minecraft"
    categories = ("games", "monitoring")
    docs_url = "https://minecraft.wiki/w/Java_Edition_protocol/Server_List_Ping"
    verification = (
        "Built from the Minecraft protocol documentation (Minecraft Wiki: Java Edition Server "
        "List Ping, Bedrock Edition RakNet unconnected ping), Java Edition 1.7 and later"
    )
    default_port = 25565
    credentials = (NoCredentials,)
    extra = MinecraftSettings
    client_class = "integrations.minecraft.client:MinecraftClient"

    def create_client(
        self, config: ServiceConfig, *, addresses: AddressPolicy | None = None, **kwargs: Any
    ) -> MinecraftClient:
        client = super().create_client(config, addresses=addresses, **kwargs)
        if addresses is not None:
            client.addresses = addresses  # every connection is held to the App's policy
        return client

    async def _status(self, client: MinecraftClient) -> MinecraftStatus:
        from integrations.minecraft.models import StatusResponse

        if client.edition == "bedrock":
            answer = await client.bedrock_status()
            numbers = (answer.version.protocol, answer.players.online, answer.players.max)
            if not all(-(2**31) <= number < 2**31 for number in numbers):
                raise client.not_minecraft("a number beyond 32 bits")
            return bedrock_payload(answer)
        text, latency = await client.java_status()
        try:
            status = StatusResponse.model_validate_json(text)
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the answer"
            raise client.not_minecraft(f"{where}: {first['msg']}") from None
        return java_payload(status, latency)

    async def test_connection(self, client: MinecraftClient) -> ServiceInfo:
        status = await self._status(client)
        players = (
            f"{status.players_online}/{status.players_max}"
            if status.players_online is not None
            else None
        )
        return ServiceInfo.of(
            status.version,
            {"edition": status.edition, "protocol": str(status.protocol), "players": players},
        )

    @endpoint(
        "status",
        name="Status",
        description="The server's version, players online and their sample, message of the day "
        "as plain text and how long it took to answer.",
        ttl=30.0,
        min_refresh=10.0,
    )
    async def status(self, client: MinecraftClient) -> MinecraftStatus:
        return await self._status(client)
