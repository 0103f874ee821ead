"""Minecraft integration against fake servers on 127.0.0.1 that speak the real wire formats,
written from the Minecraft Wiki's protocol documentation (not from any client's code):

- Java Edition: "Java Edition protocol/Server List Ping"
  (https://minecraft.wiki/w/Java_Edition_protocol/Server_List_Ping) over TCP, with its packet
  framing and types from "Java Edition protocol/Packets" (uncompressed packet: Length VarInt,
  Packet ID VarInt, Data) and "Java Edition protocol/Data types" (VarInt: 7 bits a byte, least
  significant group first, the high bit saying another byte follows, at most 5 bytes; String:
  a VarInt byte count then UTF-8; Unsigned Short and Long big-endian).
- Bedrock Edition: "RakNet" (https://minecraft.wiki/w/RakNet), Unconnected Ping / Unconnected
  Pong over UDP.

The answers are the fixtures' bodies; mcstatus's own Java client is pointed at the fake once, so
the fake is checked against an implementation other than Tilewire's.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import socket
import struct
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from integrations.addresses import AddressPolicy
from integrations.errors import ErrorCode, IntegrationError
from integrations.minecraft import integration
from integrations.minecraft.client import MAX_PACKET, MinecraftClient
from integrations.minecraft.definition import MAX_MOTD, MAX_PLAYERS, MinecraftStatus
from tests.integrations.upstream import fixture_body
from tests.support.server import free_port

ID = "minecraft"
MAGIC = bytes.fromhex("00ffff00fefefefefdfdfdfd12345678")
"""RakNet's offline message ID ("RakNet", Data types: Magic)."""


# -- Java Edition wire format, from the Minecraft Wiki ------------------------------------------


def encode_varint(value: int) -> bytes:
    """Data types, VarInt: the 32-bit two's complement value in groups of 7 bits, least
    significant first; every byte but the last has its high bit (0x80) set."""
    value &= 0xFFFFFFFF
    out = b""
    while value >= 0x80:
        out += bytes([(value & 0x7F) | 0x80])
        value >>= 7
    return out + bytes([value])


def encode_string(text: str) -> bytes:
    data = text.encode("utf-8")
    return encode_varint(len(data)) + data


def frame(packet_id: int, data: bytes = b"") -> bytes:
    """Packet format without compression: Length (of Packet ID + Data), Packet ID, Data."""
    body = encode_varint(packet_id) + data
    return encode_varint(len(body)) + body


def status_response(body: Any) -> bytes:
    """Status Response (0x00): JSON Response, a String."""
    text = body if isinstance(body, str) else json.dumps(body)
    return frame(0x00, encode_string(text))


async def read_varint(reader: asyncio.StreamReader) -> int:
    value = 0
    for position in range(5):
        byte = (await reader.readexactly(1))[0]
        value |= (byte & 0x7F) << (7 * position)
        if not byte & 0x80:
            return value - (1 << 32) if value >= 1 << 31 else value
    raise ValueError("VarInt longer than 5 bytes")


def take_varint(data: bytes, offset: int) -> tuple[int, int]:
    value = 0
    for position in range(5):
        byte = data[offset + position]
        value |= (byte & 0x7F) << (7 * position)
        if not byte & 0x80:
            value = value - (1 << 32) if value >= 1 << 31 else value
            return value, offset + position + 1
    raise ValueError("VarInt longer than 5 bytes")


@dataclass
class Handshake:
    """Handshake (0x00): Protocol Version VarInt, Server Address String, Server Port Unsigned
    Short, Next State VarInt (Intent: 1 status)."""

    protocol: int
    address: str
    port: int
    next_state: int


def parse_handshake(body: bytes) -> Handshake:
    packet_id, offset = take_varint(body, 0)
    assert packet_id == 0x00
    protocol, offset = take_varint(body, offset)
    length, offset = take_varint(body, offset)
    address = body[offset : offset + length].decode("utf-8")
    offset += length
    (port,) = struct.unpack(">H", body[offset : offset + 2])
    next_state, offset = take_varint(body, offset + 2)
    assert offset == len(body), "the handshake has bytes past Next State"
    return Handshake(protocol, address, port, next_state)


Behaviour = Callable[[asyncio.StreamWriter], Awaitable[None]]


class FakeJavaServer:
    """A server's side of the server list ping: reads the Handshake and the Status Request and
    answers ``answer`` (a JSON body, sent as a Status Response), or ``raw`` bytes, or runs
    ``behaviour`` (a hostile server); answers a Ping Request (0x01, a Long) with the same Long
    in a Pong Response (0x01)."""

    def __init__(
        self,
        answer: Any = None,
        *,
        raw: bytes | None = None,
        behaviour: Behaviour | None = None,
    ) -> None:
        self.answer = answer if answer is not None else fixture_body(ID, "status")
        self.raw = raw
        self.behaviour = behaviour
        self.handshakes: list[Handshake] = []
        self.requests: list[bytes] = []
        self.connections = 0
        self.server: asyncio.Server | None = None
        self.port = 0

    async def __aenter__(self) -> FakeJavaServer:
        self.server = await asyncio.start_server(self.serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.server.wait_closed(), 1)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def packet(self, reader: asyncio.StreamReader) -> bytes:
        length = await read_varint(reader)
        return await reader.readexactly(length)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            self.handshakes.append(parse_handshake(await self.packet(reader)))
            request = await self.packet(reader)
            self.requests.append(request)
            if request != b"\x00":  # Status Request: Packet ID 0x00, no fields
                return
            if self.behaviour is not None:
                await self.behaviour(writer)
                return
            writer.write(self.raw if self.raw is not None else status_response(self.answer))
            await writer.drain()
            with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
                ping = await self.packet(reader)
                if ping[:1] == b"\x01" and len(ping) == 9:  # Ping Request: a Long
                    writer.write(frame(0x01, ping[1:]))
                    await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def java() -> AsyncIterator[FakeJavaServer]:
    async with FakeJavaServer() as fake:
        yield fake


# -- Bedrock Edition wire format, from the Minecraft Wiki ---------------------------------------


class FakeBedrockServer(asyncio.DatagramProtocol):
    """A Bedrock server's answer to an Unconnected Ping (0x01: Time Long, Magic, Client GUID
    Long): an Unconnected Pong (0x1c: Time Long, Server GUID Long, Magic, Server ID string with
    an unsigned short length), or ``raw`` bytes, or nothing (``silent``)."""

    SERVER_GUID = 13253860892328930865

    def __init__(self, server_id: str | None = None, *, raw: bytes | None = None) -> None:
        self.server_id = server_id if server_id is not None else fixture_body(ID, "bedrock_pong")
        self.raw = raw
        self.silent = False
        self.pings: list[bytes] = []
        self.transport: asyncio.DatagramTransport | None = None
        self.port = 0

    async def __aenter__(self) -> FakeBedrockServer:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: self, local_addr=("127.0.0.1", 0)
        )
        self.transport = transport
        self.port = transport.get_extra_info("sockname")[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.transport is not None
        self.transport.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.pings.append(data)
        assert self.transport is not None
        if self.silent or data[:1] != b"\x01" or data[9:25] != MAGIC:
            return
        if self.raw is not None:
            self.transport.sendto(self.raw, addr)
            return
        server_id = self.server_id.encode("utf-8")
        pong = (
            b"\x1c"
            + data[1:9]  # the ping's time, echoed
            + self.SERVER_GUID.to_bytes(8, "big")
            + MAGIC
            + len(server_id).to_bytes(2, "big")
            + server_id
        )
        self.transport.sendto(pong, addr)


# -- clients ------------------------------------------------------------------------------------


def config(url: str, edition: str = "java", timeout: float = 2) -> dict[str, Any]:
    return {
        "url": url,
        "credentials": {"type": "none"},
        "timeout": timeout,
        "extra": {"edition": edition},
    }


@contextlib.asynccontextmanager
async def client_for(
    url: str,
    edition: str = "java",
    *,
    timeout: float = 2,
    addresses: AddressPolicy | None = None,
) -> AsyncIterator[MinecraftClient]:
    client = integration.create_client(
        integration.config_model.model_validate(config(url, edition, timeout)),
        addresses=addresses,
    )
    try:
        yield client
    finally:
        await client.aclose()


async def status_of(url: str, edition: str = "java", **kwargs: Any) -> MinecraftStatus:
    async with client_for(url, edition, **kwargs) as client:
        payload = await integration.fetch_data(client, "status")
    assert isinstance(payload, MinecraftStatus)
    return payload


async def failure(
    url: str, edition: str = "java", *, endpoint: str | None = None, **kwargs: Any
) -> IntegrationError:
    async with client_for(url, edition, **kwargs) as client:
        call = (
            integration.test_connection(client)
            if endpoint is None
            else integration.fetch_data(client, endpoint)
        )
        with pytest.raises(IntegrationError) as caught:
            await call
    return caught.value


# -- Java Edition -------------------------------------------------------------------------------


async def test_connection_says_the_version(java: FakeJavaServer) -> None:
    async with client_for(java.url) as client:
        info = await integration.test_connection(client)
    assert info.version == "1.21.4"
    assert info.details == {"edition": "java", "protocol": "769", "players": "3/20"}


async def test_status_reads_every_value(java: FakeJavaServer) -> None:
    status = await status_of(java.url)
    body = fixture_body(ID, "status")
    assert status.model_dump(exclude={"latency_ms"}) == {
        "online": True,
        "edition": "java",
        "version": "1.21.4",
        "protocol": 769,
        "players_online": 3,
        "players_max": 20,
        "players": ["thinkofdeath", "Alex", "Steve"],
        "players_listed": 3,
        "motd": "Home Survival\nBackups at 04:00",
        "motd_truncated": False,
        "favicon": body["favicon"],
        "game_mode": None,
        "map_name": None,
    }
    assert 0 <= status.latency_ms < 2000


async def test_the_ping_follows_the_protocol(java: FakeJavaServer) -> None:
    await status_of(java.url)
    assert java.handshakes == [Handshake(-1, "127.0.0.1", java.port, 1)]
    assert java.requests == [b"\x00"]  # Status Request; no Ping Request, no login


async def test_the_handshake_names_the_host_while_the_checked_address_is_dialled(
    java: FakeJavaServer,
) -> None:
    resolved: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        resolved.append(host)
        return ["127.0.0.1"]

    policy = AddressPolicy(resolve=resolve)
    status = await status_of(f"http://mc.home.test:{java.port}", addresses=policy)
    assert status.version == "1.21.4"
    assert resolved == ["mc.home.test"]
    assert java.handshakes[0].address == "mc.home.test"
    assert java.handshakes[0].port == java.port


async def test_a_name_rebinding_to_a_metadata_address_is_never_dialled(
    java: FakeJavaServer,
) -> None:
    async def rebind(host: str, port: int) -> list[str]:
        return ["127.0.0.1", "169.254.169.254"]

    error = await failure(
        f"http://mc.home.test:{java.port}", addresses=AddressPolicy(resolve=rebind)
    )
    assert error.code is ErrorCode.ADDRESS_NOT_ALLOWED
    assert "mc.home.test resolves to 169.254.169.254" in error.message
    assert java.connections == 0


async def test_a_denied_address_is_refused_before_connecting(java: FakeJavaServer) -> None:
    policy = AddressPolicy(deny=(ipaddress.ip_network("127.0.0.0/8"),))
    error = await failure(java.url, addresses=policy)
    assert error.code is ErrorCode.ADDRESS_NOT_ALLOWED
    assert java.connections == 0


async def test_mcstatus_reads_the_fake_alike() -> None:
    """The fake speaks the wire format an independent client (mcstatus's) reads too."""
    from mcstatus import JavaServer

    async with FakeJavaServer() as fake:
        answer = await JavaServer("127.0.0.1", fake.port, timeout=2).async_status(tries=1)
        ours = await status_of(fake.url)
    assert (answer.version.name, answer.version.protocol) == (ours.version, ours.protocol)
    assert (answer.players.online, answer.players.max) == (ours.players_online, ours.players_max)
    assert [player.name for player in answer.players.sample or []] == ours.players
    assert answer.motd.to_plain() == ours.motd


async def test_a_string_description_and_formatted_version_are_plain_text() -> None:
    async with FakeJavaServer(fixture_body(ID, "status_text_motd")) as fake:
        status = await status_of(fake.url)
    assert status.version == "Paper 1.20.4"
    assert status.protocol == 765
    assert status.motd == "A Minecraft Server\nplay.home.test"
    assert (status.players_online, status.players_max) == (0, 100)
    assert (status.players, status.players_listed, status.favicon) == ([], 0, None)


async def test_a_list_description_is_its_parts_in_order() -> None:
    body = {**fixture_body(ID, "status"), "description": [{"text": "§cRed "}, "and plain"]}
    async with FakeJavaServer(body) as fake:
        status = await status_of(fake.url)
    assert status.motd == "Red and plain"


async def test_a_hidden_player_count_is_null() -> None:
    body = {key: value for key, value in fixture_body(ID, "status").items() if key != "players"}
    async with FakeJavaServer(body) as fake:
        status = await status_of(fake.url)
    assert (status.players_online, status.players_max, status.players) == (None, None, [])


async def test_a_description_that_is_no_text_is_null() -> None:
    body = {**fixture_body(ID, "status"), "description": 42}
    async with FakeJavaServer(body) as fake:
        status = await status_of(fake.url)
    assert status.motd is None
    assert status.version == "1.21.4"


async def test_the_player_sample_is_cut_at_50_and_counted() -> None:
    sample = [{"name": f"§eplayer{n}", "id": f"id-{n}"} for n in range(80)]
    body = fixture_body(ID, "status")
    body = {**body, "players": {"max": 200, "online": 80, "sample": sample}}
    async with FakeJavaServer(body) as fake:
        status = await status_of(fake.url)
    assert len(status.players) == MAX_PLAYERS
    assert status.players[:2] == ["player0", "player1"]
    assert status.players_listed == 80


async def test_a_long_motd_is_cut_and_says_so() -> None:
    body = {**fixture_body(ID, "status"), "description": {"text": "x" * 5000}}
    async with FakeJavaServer(body) as fake:
        status = await status_of(fake.url)
    assert status.motd == "x" * MAX_MOTD
    assert status.motd_truncated is True


async def test_control_characters_leave_the_motd() -> None:
    body = {**fixture_body(ID, "status"), "description": "a\x1b[31mb\tc\x00d\nline"}
    async with FakeJavaServer(body) as fake:
        status = await status_of(fake.url)
    assert status.motd == "a[31mb cd\nline"


@pytest.mark.parametrize(
    "favicon",
    [
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "javascript:alert(1)",
        "data:image/png;base64," + "A" * 40000,
        "data:image/png;base64,not base64!",
    ],
    ids=["svg", "script", "too-large", "not-base64"],
)
async def test_a_favicon_that_is_no_small_png_is_left_out(favicon: str) -> None:
    async with FakeJavaServer({**fixture_body(ID, "status"), "favicon": favicon}) as fake:
        status = await status_of(fake.url)
    assert status.favicon is None


async def test_the_port_defaults_by_edition() -> None:
    async with client_for("http://mc.home.test") as client:
        assert client.target == ("mc.home.test", 25565)
    async with client_for("http://mc.home.test", "bedrock") as client:
        assert client.target == ("mc.home.test", 19132)


async def test_https_is_invalid_config() -> None:
    error = await failure("https://127.0.0.1:25565")
    assert error.code is ErrorCode.INVALID_CONFIG
    assert error.message.startswith("url:")


async def test_a_closed_port_is_connection_refused() -> None:
    error = await failure(f"http://127.0.0.1:{free_port()}")
    assert error.code is ErrorCode.CONNECTION_REFUSED


async def test_a_name_that_does_not_resolve_is_dns_failure() -> None:
    async def nowhere(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    for edition in ("java", "bedrock"):
        error = await failure(
            "http://nowhere.home.test", edition, addresses=AddressPolicy(resolve=nowhere)
        )
        assert error.code is ErrorCode.DNS_FAILURE, (edition, error)


async def test_a_web_server_at_the_port_is_not_minecraft() -> None:
    async with FakeJavaServer(raw=fixture_body(ID, "not_minecraft").encode()) as fake:
        error = await failure(fake.url)
    assert error.code is ErrorCode.INVALID_RESPONSE
    assert "not a Minecraft Java server's answer" in error.message


async def test_an_oversized_length_prefix_is_refused_before_reading() -> None:
    async def huge(writer: asyncio.StreamWriter) -> None:
        writer.write(encode_varint(2**31 - 1))  # announces 2 GiB, sends nothing more
        await writer.drain()
        await asyncio.sleep(10)

    async with FakeJavaServer(behaviour=huge) as fake:
        started = time.monotonic()
        error = await failure(fake.url, timeout=5)
    assert error.code is ErrorCode.RESPONSE_TOO_LARGE
    assert "2147483647 bytes" in error.message
    assert time.monotonic() - started < 2  # refused at once, not after the timeout


async def test_an_endless_answer_is_cut_at_the_packet_limit() -> None:
    async def endless(writer: asyncio.StreamWriter) -> None:
        writer.write(encode_varint(MAX_PACKET + 1))
        for _ in range(MAX_PACKET // 1024 + 10):
            writer.write(b"x" * 1024)
            await writer.drain()

    async with FakeJavaServer(behaviour=endless) as fake:
        error = await failure(fake.url)
    assert error.code is ErrorCode.RESPONSE_TOO_LARGE


def answer(data: bytes) -> Behaviour:
    async def send(writer: asyncio.StreamWriter) -> None:
        writer.write(data)
        await writer.drain()

    return send


GOOD_JSON = json.dumps(fixture_body(ID, "status"))


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xff\xff\xff\xff\xff\x01",  # a length VarInt of more than 5 bytes
        encode_varint(-1),  # a negative length
        encode_varint(0),  # an empty packet
        frame(0x01, encode_string(GOOD_JSON)),  # another packet than Status Response
        frame(0x00, encode_varint(500) + b"{}"),  # the String's length runs past the packet
        frame(0x00, encode_string("not json")),
        frame(0x00, encode_string("[1, 2]")),  # JSON, but no status object
        frame(0x00, encode_string('{"players": {"max": 1, "online": 0}}')),  # no version
        frame(0x00, encode_varint(3) + b"\xff\xfe\xfd"),  # not UTF-8
        status_response(
            {**fixture_body(ID, "status"), "players": {"max": 2**40, "online": 0}}
        ),  # beyond a 32-bit Int
        status_response(
            '{"version": {"name": "1", "protocol": 1}, "description": '
            + "[" * 5000
            + "]" * 5000
            + "}"
        ),  # nesting past the JSON parser's depth limit
        b"\x05\x00\x03ab",  # the connection closes inside the packet
    ],
    ids=[
        "long-varint",
        "negative-length",
        "empty-packet",
        "wrong-packet",
        "string-past-packet",
        "not-json",
        "json-array",
        "no-version",
        "not-utf8",
        "int-overflow",
        "deep-nesting",
        "truncated",
    ],
)
async def test_garbage_is_not_minecraft(data: bytes) -> None:
    async with FakeJavaServer(behaviour=answer(data)) as fake:
        error = await failure(fake.url)
    assert error.code is ErrorCode.INVALID_RESPONSE, error
    assert "not a Minecraft Java server's answer" in error.message


async def test_a_slow_server_hits_the_timeout() -> None:
    async def trickle(writer: asyncio.StreamWriter) -> None:
        writer.write(encode_varint(200))  # the length, then a byte a second
        for _ in range(200):
            await writer.drain()
            await asyncio.sleep(1)
            writer.write(b"x")

    async with FakeJavaServer(behaviour=trickle) as fake:
        started = time.monotonic()
        error = await failure(fake.url, timeout=0.5)
    assert error.code is ErrorCode.TIMEOUT
    assert "did not answer within 0.5 s" in error.message
    assert time.monotonic() - started < 2


async def test_a_silent_server_hits_the_timeout() -> None:
    async def silent(writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(10)

    async with FakeJavaServer(behaviour=silent) as fake:
        error = await failure(fake.url, endpoint="status", timeout=0.5)
    assert error.code is ErrorCode.TIMEOUT


# -- Bedrock Edition ----------------------------------------------------------------------------


async def test_bedrock_status_reads_every_value() -> None:
    async with FakeBedrockServer() as fake:
        status = await status_of(fake.url, "bedrock")
        async with client_for(fake.url, "bedrock") as client:
            info = await integration.test_connection(client)
    assert status.model_dump(exclude={"latency_ms"}) == {
        "online": True,
        "edition": "bedrock",
        "version": "1.21.50",
        "protocol": 766,
        "players_online": 2,
        "players_max": 10,
        "players": [],
        "players_listed": 0,
        "motd": "Home Bedrock",
        "motd_truncated": False,
        "favicon": None,
        "game_mode": "Survival",
        "map_name": "Bedrock level",
    }
    assert (info.version, info.details) == (
        "1.21.50",
        {"edition": "bedrock", "protocol": "766", "players": "2/10"},
    )
    ping = fake.pings[0]
    assert ping[:1] == b"\x01" and ping[9:25] == MAGIC and len(ping) == 33


async def test_bedrock_names_are_resolved_and_checked_first() -> None:
    async def rebind(host: str, port: int) -> list[str]:
        return ["169.254.169.254"]

    async with FakeBedrockServer() as fake:
        error = await failure(
            f"http://bedrock.home.test:{fake.port}",
            "bedrock",
            addresses=AddressPolicy(resolve=rebind),
        )
    assert error.code is ErrorCode.ADDRESS_NOT_ALLOWED
    assert fake.pings == []

    async def home(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    async with FakeBedrockServer() as fake:
        status = await status_of(
            f"http://bedrock.home.test:{fake.port}",
            "bedrock",
            addresses=AddressPolicy(resolve=home),
        )
    assert status.version == "1.21.50"


@pytest.mark.parametrize(
    "raw",
    [
        b"\x1c" + b"\x00" * 8,  # cut short
        b"\x1c" + b"\x00" * 32 + b"\x00\x05" + b"\xff\xfe\xfd\xfc\xfb",  # not UTF-8
        b"\x1c" + b"\x00" * 32 + b"\x00\x0b" + b"MCPE;a;b;c;",  # numbers that are none
        b"HTTP/1.1 400 Bad Request\r\n\r\n",
        b"\x1c" + b"\x00" * 32 + b"\x00\x1e" + b"MCPE;a;1;1.0;99999999999;10;1;",
    ],
    ids=["short", "not-utf8", "not-numbers", "http", "int-overflow"],
)
async def test_bedrock_garbage_is_not_minecraft(raw: bytes) -> None:
    async with FakeBedrockServer(raw=raw) as fake:
        error = await failure(fake.url, "bedrock")
    assert error.code is ErrorCode.INVALID_RESPONSE, error
    assert "not a Minecraft Bedrock server's answer" in error.message


async def test_a_silent_bedrock_server_hits_the_timeout() -> None:
    async with FakeBedrockServer() as fake:
        fake.silent = True
        started = time.monotonic()
        error = await failure(fake.url, "bedrock", timeout=0.5)
    assert error.code is ErrorCode.TIMEOUT
    assert time.monotonic() - started < 2


async def test_a_closed_bedrock_port_is_refused_or_silent() -> None:
    """Nothing listens: the kernel's ICMP port unreachable makes it CONNECTION_REFUSED (UDP has
    no refusal of its own, so a host that drops the ICMP answers nothing: TIMEOUT)."""
    error = await failure(f"http://127.0.0.1:{free_port()}", "bedrock", timeout=0.5)
    assert error.code in (ErrorCode.CONNECTION_REFUSED, ErrorCode.TIMEOUT)
