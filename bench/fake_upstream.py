"""A fake Prometheus for the benchmark: /p<N>/api/v1/... with a fixed latency per instance.

Run: uvicorn bench.fake_upstream:app --port P   (env BENCH_LATENCY, BENCH_SLOWEST_LATENCY)
"""

from __future__ import annotations

import asyncio
import os
import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

LATENCY = float(os.environ.get("BENCH_LATENCY", "0.2"))
SLOWEST = float(os.environ.get("BENCH_SLOWEST_LATENCY", "0.3"))
CALLS: dict[str, int] = {}


async def _delay(request: Request) -> None:
    instance = request.path_params["instance"]
    CALLS[instance] = CALLS.get(instance, 0) + 1
    await asyncio.sleep(SLOWEST if instance == "p0" else LATENCY)


async def buildinfo(request: Request) -> Response:
    return JSONResponse({"status": "success", "data": {"version": "2.42.0", "revision": "bench"}})


async def query(request: Request) -> Response:
    await _delay(request)
    now = time.time()
    result = [
        {
            "metric": {"__name__": "up", "job": job, "instance": f"10.0.0.{i}:9100"},
            "value": [now, "1"],
        }
        for i, job in enumerate(("node", "node", "cadvisor", "prometheus", "blackbox"))
    ]
    return JSONResponse({"status": "success", "data": {"resultType": "vector", "result": result}})


async def targets(request: Request) -> Response:
    await _delay(request)
    active = [
        {
            "labels": {"job": "node", "instance": f"10.0.0.{i}:9100"},
            "health": "up" if i else "down",
            "lastError": "" if i else "connection refused",
            "lastScrape": "2026-11-26T12:00:00Z",
            "lastScrapeDuration": 0.01,
        }
        for i in range(6)
    ]
    return JSONResponse(
        {"status": "success", "data": {"activeTargets": active, "droppedTargets": []}}
    )


async def calls(request: Request) -> Response:
    return JSONResponse(CALLS)


app = Starlette(
    routes=[
        Route("/{instance}/api/v1/status/buildinfo", buildinfo),
        Route("/{instance}/api/v1/query", query),
        Route("/{instance}/api/v1/targets", targets),
        Route("/calls", calls),
    ]
)
