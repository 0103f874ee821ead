"""A counting fake upstream on a real loopback socket, for end-to-end behaviour tests.

Each App gets its own base URL (``/svc/<name>``); the server counts calls per path, and can be
told to be slow, to fail with 500, or to never answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.support.server import free_port

API_KEY = "fake-service-key-5e2f"


@dataclass
class FakeService:
    url: str = ""
    calls: Counter[str] = field(default_factory=Counter)
    arrivals: list[str] = field(default_factory=list)
    """Services (by name) in the order their /reading requests arrived."""
    arrived_at: dict[str, list[float]] = field(default_factory=dict)
    """When (``time.monotonic()``) each /reading request of a service (by name) arrived."""
    latency: dict[str, float] = field(default_factory=dict)
    """Seconds a service (by name) waits before answering /reading."""
    failing: set[str] = field(default_factory=set)
    hanging: set[str] = field(default_factory=set)
    values: dict[str, int] = field(default_factory=dict)
    logins: Counter[str] = field(default_factory=Counter)
    sessions: set[str] = field(default_factory=set)
    versions: Counter[str] = field(default_factory=Counter)
    """Calls of /version per service (connection tests)."""
    redirects: dict[str, str] = field(default_factory=dict)
    """Services (by name) whose /version redirects to this URL."""
    received: list[bytes] = field(default_factory=list)
    """Every request as it arrived, on any path: method, path and query, headers and body."""
    actions: Counter[str] = field(default_factory=Counter)
    """Calls of ``POST /set`` per service (actions run)."""
    failing_actions: set[str] = field(default_factory=set)
    action_latency: dict[str, float] = field(default_factory=dict)
    canned: dict[str, Any] = field(default_factory=dict)
    """JSON bodies served at ``/svc/<name>/<path>``, keyed ``<name>/<path>``: e.g. a real
    service's recorded answers, so that an App of that integration can point here."""

    def base(self, name: str) -> str:
        return f"{self.url}/svc/{name}"

    async def version(self, request: Request) -> Response:
        self.versions[request.path_params["name"]] += 1
        if request.path_params["name"] in self.redirects:
            return RedirectResponse(self.redirects[request.path_params["name"]], status_code=307)
        if request.headers.get("x-api-key") != API_KEY:
            return JSONResponse({"error": "bad key"}, status_code=401)
        return JSONResponse({"version": "1.2.3"})

    async def reading(self, request: Request) -> Response:
        name = request.path_params["name"]
        self.calls[name] += 1
        self.arrivals.append(name)
        self.arrived_at.setdefault(name, []).append(time.monotonic())
        if request.headers.get("x-api-key") != API_KEY:
            return JSONResponse({"error": "bad key"}, status_code=401)
        if name in self.hanging:
            await asyncio.sleep(3600)
        value = self.values.get(name, 42)  # the state when asked, however long the answer takes
        await asyncio.sleep(self.latency.get(name, 0.0))
        if name in self.failing:
            return JSONResponse({"error": "boom"}, status_code=500)
        return JSONResponse({"value": value})

    async def login(self, request: Request) -> Response:
        name = request.path_params["name"]
        body = await request.json()
        if body.get("key") != API_KEY:
            return JSONResponse({"error": "bad key"}, status_code=401)
        self.logins[name] += 1
        sid = secrets.token_hex(8)
        self.sessions.add(sid)
        response = JSONResponse({"ok": True})
        response.set_cookie("sid", sid, httponly=True)
        return response

    async def session_reading(self, request: Request) -> Response:
        name = request.path_params["name"]
        self.calls[name] += 1
        if request.cookies.get("sid") not in self.sessions:
            return JSONResponse({"error": "no session"}, status_code=401)
        return JSONResponse({"value": self.values.get(name, 42)})

    async def canned_answer(self, request: Request) -> Response:
        name, path = request.path_params["name"], request.path_params["path"]
        if f"{name}/{path}" not in self.canned:
            return PlainTextResponse("Not Found", status_code=404)  # as without this route
        self.calls[name] += 1
        return JSONResponse(self.canned[f"{name}/{path}"])

    async def set_value(self, request: Request) -> Response:
        """An action: ``POST /svc/<name>/set {"value": N}`` changes what /reading answers."""
        name = request.path_params["name"]
        self.actions[name] += 1
        if request.headers.get("x-api-key") != API_KEY:
            return JSONResponse({"error": "bad key"}, status_code=401)
        await asyncio.sleep(self.action_latency.get(name, 0.0))
        if name in self.failing_actions:
            return JSONResponse({"error": "cannot set"}, status_code=500)
        self.values[name] = int((await request.json())["value"])
        return JSONResponse({"value": self.values[name]})

    def expire_sessions(self) -> None:
        self.sessions.clear()

    def app(self) -> ASGIApp:
        routes = Starlette(
            routes=[
                Route("/svc/{name}/version", self.version),
                Route("/svc/{name}/reading", self.reading),
                Route("/svc/{name}/login", self.login, methods=["POST"]),
                Route("/svc/{name}/session-reading", self.session_reading),
                Route("/svc/{name}/set", self.set_value, methods=["POST"]),
                Route("/svc/{name}/{path:path}", self.canned_answer),
            ]
        )

        async def recording(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await routes(scope, receive, send)
                return
            query = scope["query_string"].decode()
            head = f"{scope['method']} {scope['path']}{'?' + query if query else ''}\n".encode()
            record = [head, *(name + b": " + value + b"\n" for name, value in scope["headers"])]
            self.received.append(b"".join(record))
            index = len(self.received) - 1

            async def tap() -> Message:
                message = await receive()
                self.received[index] += message.get("body", b"")
                return message

            await routes(scope, tap, send)

        return recording


@contextlib.asynccontextmanager
async def running_fake_service(
    certfile: str | None = None, keyfile: str | None = None
) -> AsyncIterator[FakeService]:
    """The fake service on a free loopback port; over HTTPS when given a certificate."""
    service = FakeService()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            service.app(),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            ssl_certfile=certfile,
            ssl_keyfile=keyfile,
        )
    )
    task = asyncio.get_running_loop().create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.01)
    service.url = f"{'https' if certfile else 'http'}://127.0.0.1:{port}"
    try:
        yield service
    finally:
        server.should_exit = True
        server.force_exit = True  # do not wait for requests the test left hanging
        with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(task, 5)
