"""The Status Response's JSON a Java Edition server sends (Minecraft Wiki, "Java Edition
protocol/Server List Ping", section Status Response): ``version`` (``name``, ``protocol``),
``players`` (``max``, ``online``, ``sample`` of ``name``/``id``), ``description`` (a text
component: a string, an object with ``text``/``extra``/``translate``..., or a list of them),
``favicon`` (a ``data:image/png;base64,`` URI), ``enforcesSecureChat``.

Every number fits a signed 32-bit integer (GraphQL's Int); the packet that carries the JSON is
bounded before it is parsed (client.MAX_PACKET), and so is every list here.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from integrations.base import UpstreamModel

Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]


class Version(UpstreamModel):
    name: str = Field(max_length=32767)
    protocol: Int32


class SamplePlayer(UpstreamModel):
    name: str = Field(max_length=32767)
    id: str | None = None


class Players(UpstreamModel):
    max: Int32
    online: Int32
    sample: list[SamplePlayer] | None = None
    """Some of the players online, chosen by the server (vanilla: up to 12); absent or empty
    when it hides them."""


class StatusResponse(UpstreamModel):
    version: Version
    players: Players | None = None
    """Absent when the server hides its player count."""
    description: Any = None
    favicon: str | None = None
