"""A Minecraft server's status, as its multiplayer server list asks for it: Java Edition's
server list ping over TCP, Bedrock Edition's RakNet unconnected ping over UDP.

Minecraft is no HTTP service: of the configured URL only the host and the port are used (25565
for Java, 19132 for Bedrock, when the URL names none); ``https`` is refused. Either way the host
is resolved and every address it resolves to is checked against the App's address policy before
anything is sent, and only a checked address is contacted (a name cannot rebind in between).

Java Edition ("Java Edition protocol/Server List Ping" and "Java Edition protocol/Data types" of
the Minecraft Wiki, https://minecraft.wiki/w/Java_Edition_protocol/Server_List_Ping): a
Handshake packet (next state 1, status) with the host name as the user gave it, a Status
Request, and the one Status Response packet, a length-prefixed JSON string. The connection is
opened through the address policy backend like every other integration's; the packet is read
with its length checked before a byte of its body is (at most ``MAX_PACKET``: the protocol
allows 32767 UTF-16 units in the JSON), under the config's connect timeout and request timeout.
mcstatus's own Java client reads whatever length a server announces (up to 2 GiB) and can be
handed neither a connection nor a size limit through its public API, so it is not used for the
exchange; mcstatus's public MOTD parser turns the description into plain text.

Bedrock Edition (RakNet "Unconnected Ping" / "Unconnected Pong", https://minecraft.wiki/w/RakNet):
mcstatus's ``BedrockServer`` is given the checked address; its answer is one datagram, so it is
bounded by UDP itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Literal

import httpcore
import httpx

from integrations.addresses import DEFAULT_POLICY, AddressNotAllowed, AddressPolicyBackend
from integrations.base import ServiceClient, map_transport_error
from integrations.config import ServiceConfig
from integrations.errors import ErrorCode, IntegrationError

if TYPE_CHECKING:
    from mcstatus.responses import BedrockStatusResponse

Edition = Literal["java", "bedrock"]
DEFAULT_PORTS: dict[str, int] = {"java": 25565, "bedrock": 19132}

MAX_PACKET = 128 * 1024
"""Bytes of one packet Tilewire reads: the Status Response's JSON is a String (32767), at most
32767 x 3 bytes of UTF-8 and its length prefix, so a server within the protocol stays below."""
MAX_VARINT_BYTES = 5
"""A VarInt encodes a 32-bit integer in at most 5 bytes (Data types, "VarInt and VarLong")."""
READ_CHUNK = 16 * 1024

HANDSHAKE_PROTOCOL = -1
"""The protocol version the handshake names: -1, the convention for a client that pings to
learn which version the server runs (Server List Ping, "Handshake")."""
STATUS_STATE = 1
"""The handshake's next state: status (not login)."""
PACKET_HANDSHAKE = 0x00
PACKET_STATUS_REQUEST = 0x00
PACKET_STATUS_RESPONSE = 0x00


def varint(value: int) -> bytes:
    """``value`` as a VarInt: 7 bits a byte, least significant group first, the high bit set on
    every byte but the last; negative numbers as their 32-bit two's complement."""
    if not -(2**31) <= value < 2**31:
        raise ValueError(f"{value} does not fit a VarInt")
    remaining = value & 0xFFFFFFFF
    out = bytearray()
    while True:
        byte = remaining & 0x7F
        remaining >>= 7
        if remaining:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def string(text: str) -> bytes:
    """A protocol String: its UTF-8 bytes prefixed with their count as a VarInt."""
    data = text.encode()
    return varint(len(data)) + data


def packet(packet_id: int, payload: bytes = b"") -> bytes:
    """An uncompressed packet: Length (VarInt: of the ID and the data), Packet ID, Data."""
    body = varint(packet_id) + payload
    return varint(len(body)) + body


def handshake(host: str, port: int) -> bytes:
    """The Handshake packet asking for the status state, naming the server as the user did."""
    return packet(
        PACKET_HANDSHAKE,
        varint(HANDSHAKE_PROTOCOL) + string(host) + port.to_bytes(2, "big") + varint(STATUS_STATE),
    )


class NotMinecraft(ValueError):
    """Bytes that are no packet of the Minecraft protocol."""


def read_varint(data: bytes, offset: int) -> tuple[int, int]:
    """The VarInt at ``offset`` in ``data`` (as a signed 32-bit number) and the offset after it;
    NotMinecraft when it runs past ``data`` or past 5 bytes."""
    value = 0
    for index in range(MAX_VARINT_BYTES):
        if offset + index >= len(data):
            raise NotMinecraft("a VarInt runs past the end of the packet")
        byte = data[offset + index]
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            if value >= 2**31:
                value -= 2**32
            return value, offset + index + 1
    raise NotMinecraft("a VarInt is longer than 5 bytes")


def status_json(body: bytes) -> str:
    """The JSON text of a Status Response packet's body (its Packet ID and its String)."""
    packet_id, offset = read_varint(body, 0)
    if packet_id != PACKET_STATUS_RESPONSE:
        raise NotMinecraft(f"packet 0x{packet_id & 0xFFFFFFFF:02x} instead of a Status Response")
    length, offset = read_varint(body, offset)
    if length < 0 or offset + length != len(body):
        raise NotMinecraft("the JSON's length prefix does not match the packet's")
    try:
        return body[offset:].decode("utf-8")
    except UnicodeDecodeError:
        raise NotMinecraft("the JSON is not UTF-8") from None


class PacketStream:
    """Packets read from one connection: each length checked before its body is read."""

    def __init__(self, client: MinecraftClient, stream: httpcore.AsyncNetworkStream) -> None:
        self.client = client
        self.stream = stream
        self.buffer = b""

    async def _more(self) -> None:
        try:
            chunk = await self.stream.read(READ_CHUNK)
        except (httpcore.ReadError, OSError) as err:
            raise self.client.error(
                ErrorCode.INVALID_RESPONSE, f"the server closed the connection ({err})"
            ) from None
        if not chunk:
            raise self.client.not_minecraft("the connection closed before a whole answer")
        self.buffer += chunk

    async def _length(self) -> int:
        """The packet's Length VarInt, read byte by byte from the buffer."""
        while True:
            try:
                length, offset = read_varint(self.buffer, 0)
            except NotMinecraft:
                if len(self.buffer) >= MAX_VARINT_BYTES:
                    raise self.client.not_minecraft("a length prefix longer than 5 bytes") from None
                await self._more()
                continue
            self.buffer = self.buffer[offset:]
            return length

    async def read(self) -> bytes:
        """One packet's body (its Packet ID and data)."""
        length = await self._length()
        if length <= 0:
            raise self.client.not_minecraft(f"a packet length of {length}")
        if length > MAX_PACKET:
            raise self.client.error(
                ErrorCode.RESPONSE_TOO_LARGE,
                f"the server announces a packet of {length} bytes; Tilewire reads at most "
                f"{MAX_PACKET}",
            )
        while len(self.buffer) < length:
            await self._more()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return body

    async def send(self, data: bytes) -> None:
        try:
            await self.stream.write(data)
        except (httpcore.WriteError, OSError) as err:
            raise self.client.error(
                ErrorCode.INVALID_RESPONSE, f"the server closed the connection ({err})"
            ) from None


class MinecraftClient(ServiceClient):
    """A Minecraft server's status over its own protocols (no HTTP): the address policy, the
    connect timeout and the request timeout of the config, and the error taxonomy."""

    def __init__(self, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        self.addresses = DEFAULT_POLICY
        """The address policy every connection is held to (the App's, set by the integration)."""

    @property
    def edition(self) -> Edition:
        extra = getattr(self.config, "extra", None)
        edition: Edition = getattr(extra, "edition", "java")
        return edition

    @property
    def target(self) -> tuple[str, int]:
        url = httpx.URL(str(self.config.url))
        if url.scheme != "http":
            raise IntegrationError(
                ErrorCode.INVALID_CONFIG,
                "url: Minecraft speaks its own protocol, not HTTPS: give "
                f"http://<host>:{DEFAULT_PORTS[self.edition]}",
            )
        return url.host, url.port or DEFAULT_PORTS[self.edition]

    @property
    def where(self) -> str:
        host, port = self.target
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    @property
    def url(self) -> httpx.URL:
        """The address as a URL, for errors (no path, query or credentials: there are none)."""
        return httpx.URL(f"http://{self.where}")

    def error(self, code: ErrorCode, message: str) -> IntegrationError:
        return IntegrationError(code, f"{self.where}: {message}")

    def not_minecraft(self, what: str) -> IntegrationError:
        edition = "Java" if self.edition == "java" else "Bedrock"
        port = DEFAULT_PORTS[self.edition]
        return self.error(
            ErrorCode.INVALID_RESPONSE,
            f"not a Minecraft {edition} server's answer ({self.detail(what, limit=120)}): is "
            f"this the server's port ({port} by default), and the right edition?",
        )

    def timed_out(self) -> IntegrationError:
        return self.error(
            ErrorCode.TIMEOUT, f"the server did not answer within {self.config.timeout:g} s"
        )

    async def _transport_error(self, err: Exception) -> IntegrationError:
        if isinstance(err, AddressNotAllowed):
            return IntegrationError(ErrorCode.ADDRESS_NOT_ALLOWED, err.message, url=self.url)
        if isinstance(err, httpcore.ConnectTimeout):
            return await map_transport_error(httpx.ConnectTimeout(str(err)), self.url)
        mapped = httpx.ConnectError(str(err))
        mapped.__cause__ = err
        return await map_transport_error(mapped, self.url)

    @contextlib.asynccontextmanager
    async def _java_connection(self) -> AsyncIterator[PacketStream]:
        host, port = self.target
        backend = AddressPolicyBackend(self.addresses)
        try:
            stream = await backend.connect_tcp(host, port, timeout=self.config.connect_timeout)
        except (AddressNotAllowed, httpcore.ConnectError, httpcore.ConnectTimeout, OSError) as err:
            raise await self._transport_error(err) from None
        try:
            yield PacketStream(self, stream)
        finally:
            with contextlib.suppress(Exception):
                await stream.aclose()

    async def java_status(self) -> tuple[str, float]:
        """The Status Response's JSON text, and the milliseconds from the Status Request to it."""
        host, port = self.target
        try:
            async with asyncio.timeout(self.config.timeout), self._java_connection() as conn:
                await conn.send(handshake(host, port) + packet(PACKET_STATUS_REQUEST))
                started = time.perf_counter()
                body = await conn.read()
                latency = (time.perf_counter() - started) * 1000
        except TimeoutError:
            raise self.timed_out() from None
        try:
            return status_json(body), latency
        except NotMinecraft as err:
            raise self.not_minecraft(str(err)) from None

    async def bedrock_status(self) -> BedrockStatusResponse:
        """mcstatus's Bedrock status, asked of the first checked address that does not refuse."""
        from mcstatus import BedrockServer

        host, port = self.target
        backend = AddressPolicyBackend(self.addresses)
        try:
            async with asyncio.timeout(self.config.timeout):
                try:
                    addresses = await backend.addresses(
                        host, port, timeout=self.config.connect_timeout
                    )
                except (AddressNotAllowed, httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                    raise await self._transport_error(err) from None
                refused: ConnectionRefusedError | None = None
                for address in addresses:
                    server = BedrockServer(address, port, timeout=self.config.timeout)
                    try:
                        return await server.async_status(tries=1)
                    except ConnectionRefusedError as err:
                        refused = refused or err
                    except (ValueError, IndexError, TypeError, KeyError, struct.error) as err:
                        # a datagram that is no unconnected pong (mcstatus parses it as one)
                        raise self.not_minecraft(type(err).__name__) from None
                    except TimeoutError:
                        raise
                    except OSError as err:
                        raise await self._transport_error(err) from None
                assert refused is not None  # addresses() never returns an empty list
                raise await self._transport_error(refused)
        except TimeoutError:
            raise self.timed_out() from None
