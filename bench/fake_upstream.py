"""A fake Prometheus for the benchmark: /p<N>/api/v1/... with a fixed latency per instance.

A bare asyncio HTTP/1.1 server (keep-alive, no framework): thirty concurrent calls cost it
next to no CPU, so the cold dashboard is measured against the latency itself rather than
against a busy fake. ``/p0`` is the slowest instance.

Run: python -m bench.fake_upstream PORT   (env BENCH_LATENCY, BENCH_SLOWEST_LATENCY)
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

LATENCY = float(os.environ.get("BENCH_LATENCY", "0.2"))
SLOWEST = float(os.environ.get("BENCH_SLOWEST_LATENCY", "0.3"))
CALLS: dict[str, int] = {}
ARRIVALS: list[tuple[float, str]] = []
"""(wall-clock time, instance) of each data call, for ``/arrivals`` (which empties it)."""


def query_body() -> bytes:
    now = time.time()
    result = [
        {
            "metric": {"__name__": "up", "job": job, "instance": f"10.0.0.{i}:9100"},
            "value": [now, "1"],
        }
        for i, job in enumerate(("node", "node", "cadvisor", "prometheus", "blackbox"))
    ]
    return json.dumps(
        {"status": "success", "data": {"resultType": "vector", "result": result}}
    ).encode()


TARGETS = json.dumps(
    {
        "status": "success",
        "data": {
            "activeTargets": [
                {
                    "labels": {"job": "node", "instance": f"10.0.0.{i}:9100"},
                    "health": "up" if i else "down",
                    "lastError": "" if i else "connection refused",
                    "lastScrape": "2026-11-26T12:00:00Z",
                    "lastScrapeDuration": 0.01,
                }
                for i in range(6)
            ],
            "droppedTargets": [],
        },
    }
).encode()
BUILDINFO = json.dumps(
    {"status": "success", "data": {"version": "2.42.0", "revision": "bench"}}
).encode()


async def answer(path: str) -> tuple[int, bytes]:
    if path == "/calls":
        return 200, json.dumps(CALLS).encode()
    if path == "/arrivals":
        body = json.dumps(ARRIVALS).encode()
        ARRIVALS.clear()
        return 200, body
    parts = path.split("?", 1)[0].split("/")
    if len(parts) < 5 or parts[2:4] != ["api", "v1"]:
        return 404, b'{"error": "not found"}'
    instance, route = parts[1], "/".join(parts[4:])
    if route == "status/buildinfo":
        return 200, BUILDINFO
    if route not in ("query", "targets"):
        return 404, b'{"error": "not found"}'
    CALLS[instance] = CALLS.get(instance, 0) + 1
    ARRIVALS.append((time.time(), instance))
    await asyncio.sleep(SLOWEST if instance == "p0" else LATENCY)
    return 200, query_body() if route == "query" else TARGETS


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            path = lines[0].split(" ")[1]
            length = 0
            for line in lines[1:]:
                if line.lower().startswith("content-length:"):
                    length = int(line.split(":", 1)[1])
            if length:
                await reader.readexactly(length)
            status, body = await answer(path)
            writer.write(
                f"HTTP/1.1 {status} OK\r\ncontent-type: application/json\r\n"
                f"content-length: {len(body)}\r\n\r\n".encode()
                + body
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(port: int) -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=256)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
