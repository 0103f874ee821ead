"""Tilewire in process, and a small GraphQL client for tests."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from app.crypto import generate_key
from app.main import create_app
from app.settings import Settings

TEST_KEY = generate_key()


@dataclass
class Api:
    http: httpx.AsyncClient
    app: Starlette
    token: str | None = None
    responses: list[str] = field(default_factory=list)

    async def raw(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> httpx.Response:
        headers = {}
        if token or self.token:
            headers["Authorization"] = f"Bearer {token or self.token}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        self.responses.append(response.text)
        return response

    async def query(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """The ``data`` of a successful operation; fails the test on any GraphQL error."""
        response = await self.raw(query, variables, token)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def errors(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> list[dict[str, Any]]:
        """The GraphQL errors of an operation expected to fail."""
        response = await self.raw(query, variables, token)
        assert response.status_code in (200, 400), response.text
        errors: list[dict[str, Any]] = response.json().get("errors") or []
        assert errors, response.text
        return errors


def make_settings(database_url: str, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": database_url,
        "integration_encryption_key": TEST_KEY,
        "jwt_secret": None,
        **overrides,
    }
    return Settings(**values)


@contextlib.asynccontextmanager
async def api_for(database_url: str, data_dir: Path, **overrides: Any) -> AsyncIterator[Api]:
    app = create_app(make_settings(database_url, data_dir, **overrides))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
            yield Api(http, app)


@contextlib.asynccontextmanager
async def served(database_url: str, data_dir: Path, **overrides: Any) -> AsyncIterator[str]:
    """Tilewire under a real uvicorn server in this event loop (for WebSockets); yields its URL."""
    import asyncio

    import uvicorn

    from tests.support.server import free_port

    app = create_app(make_settings(database_url, data_dir, **overrides))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    task = asyncio.get_running_loop().create_task(server.serve())
    for _ in range(500):
        if server.started:
            break
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
