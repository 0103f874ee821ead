"""The yardstick: a plain Starlette route that returns the dashboard's JSON from memory.

Run: uvicorn bench.plain_server:app   (env BENCH_PLAIN_BODY = path of the response body)
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

BODY = Path(os.environ["BENCH_PLAIN_BODY"]).read_bytes()


async def graphql(request: Request) -> Response:
    await request.body()
    return Response(BODY, media_type="application/json")


app = Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])
