"""A hostile (or badly broken) upstream on a real loopback socket, recording what reaches it.

A bare asyncio HTTP/1.1 server: one request per connection, no framework, so that it can
misbehave at the byte level (endless bodies, a gzip bomb, 2 MB of headers, a body that drips).
The first path segment picks the behaviour, so one server plays every scenario and an App's
base URL is ``<url>/<scenario>``:

  ok             200 with a small JSON body that echoes the request
  big-length     200, ``Content-Length``, then 500 MB
  big-chunked    200, chunked, 500 MB
  gzip-bomb      200, ``Content-Encoding: gzip``: 1 MB on the wire, 1 GiB inflated
  huge-headers   200 with 2 MB of headers
  dense-vector   200, a Prometheus instant-query answer of as many samples as fit just under
                 the default cap: valid, and as costly to parse as an answer of that size gets
  slow-drip      200, ``Content-Length: 1000``, one byte every ``DRIP_INTERVAL`` seconds
  encoded-<how>  200, ``{"ok": true}`` encoded as ``how`` says: gzip, deflate (zlib-wrapped),
                 rawdeflate (sent as deflate), gzip.gzip (twice), badgzip (not gzip at all)
  loop           302 to itself, for ever
  chain          302 to ``chain/<n+1>``, for ever (never the same URL twice)
  same-<status>  a same-origin redirect with that status to ``ok/<rest of the path>``
  away-<status>  a redirect with that status to ``away`` (another origin) + the path

``?size=`` sets the (inflated) size of the big bodies and the bomb. Every request is recorded in
``received`` (method, target, headers, body). Run as a process for the benchmark:
``python -m tests.support.hostile_upstream PORT AWAY_PORT``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import sys
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from integrations.bodies import DEFAULT_MAX_RESPONSE_BYTES

BIG = 500 * 1000 * 1000
"""Bytes of the big bodies: far more than any cap, and more than a server can hold twice."""
BOMB_INFLATED = 1 << 30
DRIP_INTERVAL = 0.5
WRITE = 64 * 1024
MAX_REQUEST_HEAD = 64 * 1024
MAX_REQUEST_BODY = 1 << 20


@dataclass(frozen=True, slots=True)
class Received:
    """One request as it reached the server."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    def carries(self, secret: str) -> bool:
        """Whether ``secret`` is anywhere in the request (target, headers or body)."""
        raw = f"{self.target} {self.headers}".encode() + self.body
        return secret.encode() in raw


@functools.cache
def gzip_bomb(inflated: int = BOMB_INFLATED) -> bytes:
    """``inflated`` bytes of zeros (rounded to MiB), gzipped to about a thousandth: built
    once per process and size (seconds for a GiB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(max(1, inflated // len(block)))]
    return b"".join([*parts, packer.flush()])


@functools.cache
def dense_vector(size: int = DEFAULT_MAX_RESPONSE_BYTES - 1024) -> bytes:
    """A Prometheus vector answer of tiny samples, at most ``size`` bytes."""
    sample = b'{"metric":{},"value":[0,"1"]}'
    count = (size - 100) // (len(sample) + 1)
    result = b",".join([sample] * count)
    return b'{"status":"success","data":{"resultType":"vector","result":[' + result + b"]}}"


def encoded(how: str, data: bytes) -> tuple[str, bytes]:
    """(Content-Encoding, body) for ``data`` encoded as ``how`` (see the module docstring)."""

    def deflate(content: bytes, wbits: int) -> bytes:
        packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
        return packer.compress(content) + packer.flush()

    gzip = zlib.MAX_WBITS | 16
    if how == "gzip.gzip":
        return "gzip, gzip", deflate(deflate(data, gzip), gzip)
    if how == "badgzip":
        return "gzip", b"this is not gzip" * 4
    coding, wbits = {
        "gzip": ("gzip", gzip),
        "deflate": ("deflate", zlib.MAX_WBITS),
        "rawdeflate": ("deflate", -zlib.MAX_WBITS),
    }[how]
    return coding, deflate(data, wbits)


@dataclass
class HostileUpstream:
    url: str = ""
    away: str = ""
    """Where ``away-*`` redirects point: another origin (e.g. a second HostileUpstream)."""
    received: list[Received] = field(default_factory=list)
    _server: asyncio.Server | None = None
    _handlers: set[asyncio.Task[None]] = field(default_factory=set)

    async def start(self, port: int = 0) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", port)
        bound = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{bound}"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for task in list(self._handlers):  # a drip the client left hanging, say
            task.cancel()
        for task in list(self._handlers):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        task.add_done_callback(self._handlers.discard)
        try:
            request = await self._read(reader)
            if request is not None:
                self.received.append(request)
                await self._answer(request, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client gave up on us, as it should
        except asyncio.CancelledError:
            pass  # stop(): ended quietly (asyncio reports a cancelled handler as an error)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    async def _read(self, reader: asyncio.StreamReader) -> Received | None:
        head = await reader.readuntil(b"\r\n\r\n")
        if len(head) > MAX_REQUEST_HEAD:
            return None
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        length = min(int(headers.get("content-length", "0")), MAX_REQUEST_BODY)
        body = await reader.readexactly(length) if length else b""
        return Received(method, target, headers, body)

    async def _answer(self, request: Received, writer: asyncio.StreamWriter) -> None:
        parts = urlsplit(request.target)
        segments = parts.path.lstrip("/").split("/", 1)
        scenario, rest = segments[0], segments[1] if len(segments) > 1 else ""
        size = int(parse_qs(parts.query).get("size", ["0"])[0])
        if scenario == "big-length":
            await self._head(writer, 200, {"Content-Length": str(size or BIG)})
            await self._stream(writer, size or BIG, chunked=False)
        elif scenario == "big-chunked":
            await self._head(writer, 200, {"Transfer-Encoding": "chunked"})
            await self._stream(writer, size or BIG, chunked=True)
        elif scenario == "gzip-bomb":
            bomb = gzip_bomb(size) if size else gzip_bomb()
            await self._head(
                writer, 200, {"Content-Length": str(len(bomb)), "Content-Encoding": "gzip"}
            )
            for start in range(0, len(bomb), WRITE):
                writer.write(bomb[start : start + WRITE])
                await writer.drain()
        elif scenario == "dense-vector":
            body = dense_vector(size) if size else dense_vector()
            await self._head(writer, 200, {"Content-Length": str(len(body))})
            writer.write(body)
            await writer.drain()
        elif scenario.startswith("encoded-"):
            coding, body = encoded(scenario.removeprefix("encoded-"), b'{"ok": true}')
            headers = {"Content-Length": str(len(body)), "Content-Encoding": coding}
            await self._head(writer, 200, headers)
            writer.write(body)
            await writer.drain()
        elif scenario == "huge-headers":
            many = {f"X-Filler-{n}": "f" * 1000 for n in range(2000)}
            await self._head(writer, 200, {**many, "Content-Length": "2"})
            writer.write(b"{}")
            await writer.drain()
        elif scenario == "slow-drip":
            await self._head(writer, 200, {"Content-Length": "1000"})
            for _ in range(1000):
                writer.write(b" ")
                await writer.drain()
                await asyncio.sleep(DRIP_INTERVAL)
        elif scenario == "loop":
            await self._redirect(writer, 302, parts.path)
        elif scenario == "chain":
            step = int(rest.split("/", 1)[0] or 0) if rest[:1].isdigit() else 0
            await self._redirect(writer, 302, f"/chain/{step + 1}")
        elif scenario.startswith("same-"):
            await self._redirect(writer, int(scenario[5:]), f"/ok/{rest}")
        elif scenario.startswith("away-"):
            await self._redirect(writer, int(scenario[5:]), f"{self.away}/{rest}")
        else:
            echo = {
                "method": request.method,
                "path": parts.path,
                "body": request.body.decode("latin-1"),
                "headers": request.headers,
            }
            body = json.dumps(echo).encode()
            await self._head(writer, 200, {"Content-Length": str(len(body))})
            writer.write(body)
            await writer.drain()

    async def _head(
        self, writer: asyncio.StreamWriter, status: int, headers: dict[str, str]
    ) -> None:
        lines = [f"HTTP/1.1 {status} Whatever", "Content-Type: application/json"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines.append("Connection: close")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()

    async def _redirect(self, writer: asyncio.StreamWriter, status: int, location: str) -> None:
        await self._head(writer, status, {"Location": location, "Content-Length": "0"})

    async def _stream(self, writer: asyncio.StreamWriter, size: int, *, chunked: bool) -> None:
        block = b"0" * WRITE
        framed = b"%x\r\n%s\r\n" % (len(block), block) if chunked else block
        sent = 0
        while sent + WRITE <= size:
            writer.write(framed)
            await writer.drain()
            sent += WRITE
        tail = b"0" * (size - sent)
        if chunked:
            writer.write((b"%x\r\n%s\r\n" % (len(tail), tail) if tail else b"") + b"0\r\n\r\n")
        else:
            writer.write(tail)
        await writer.drain()


@contextlib.asynccontextmanager
async def hostile_pair() -> AsyncIterator[tuple[HostileUpstream, HostileUpstream]]:
    """Two hostile upstreams on free loopback ports: the second is the first's ``away``
    (another origin), so a test can see what a cross-origin redirect would have delivered."""
    first, second = HostileUpstream(), HostileUpstream()
    await second.start()
    await first.start()
    first.away = second.url
    try:
        yield first, second
    finally:
        await first.stop()
        await second.stop()


async def _serve(port: int, away_port: int) -> None:
    gzip_bomb()  # before listening: once it answers, it answers at once
    away = HostileUpstream()
    await away.start(away_port)
    upstream = HostileUpstream(away=away.url)
    await upstream.start(port)
    print(f"hostile upstream on {upstream.url}, away on {away.url}", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    """``python -m tests.support.hostile_upstream PORT AWAY_PORT``: serve until killed."""
    asyncio.run(_serve(int(sys.argv[1]), int(sys.argv[2])))


if __name__ == "__main__":
    main()
