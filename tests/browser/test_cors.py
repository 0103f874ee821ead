"""A dashboard page on another origin, on a real uvicorn Tilewire: the origins listed in
TILEWIRE_CORS_ORIGINS may call it over HTTP (preflight, every response readable, errors too)
and open its WebSocket; every other cross-origin page gets neither."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
import websockets

from app.auth import Role, mint_token
from tests.support.api import served

SECRET = "c" * 40
DASHBOARD = "https://dash.example.com"
OTHER = "https://evil.example.com"
QUERY = {"query": "{ apps { id } }"}


def db(tmp_path: Path) -> str:
    return f"sqlite://{tmp_path / 'db.sqlite3'}"


def preflight(origin: str, headers: str = "authorization,content-type") -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": headers,
    }


async def test_listed_origin_gets_cors_on_every_response(tmp_path: Path) -> None:
    async with (
        served(db(tmp_path), tmp_path, jwt_secret=SECRET, cors_origins=DASHBOARD) as url,
        httpx.AsyncClient(base_url=url) as http,
    ):
        response = await http.options("/graphql", headers=preflight(DASHBOARD))
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == DASHBOARD
        allowed = {h.strip() for h in response.headers["access-control-allow-headers"].split(",")}
        assert {"authorization", "content-type", "accept"} <= {h.lower() for h in allowed}
        assert set(response.headers["access-control-allow-methods"].split(", ")) == {
            "GET",
            "POST",
            "OPTIONS",
        }
        assert response.headers["access-control-max-age"] == "600"
        assert "Origin" in response.headers["vary"]
        assert "access-control-allow-credentials" not in response.headers

        viewer = {"Origin": DASHBOARD, "Authorization": f"Bearer {mint_token(SECRET, Role.VIEWER)}"}
        answers = {
            "query": await http.post("/graphql", json=QUERY, headers=viewer),
            "anonymous": await http.post("/graphql", json=QUERY, headers={"Origin": DASHBOARD}),
            "bad json": await http.post(
                "/graphql",
                content=b"{not json",
                headers={**viewer, "Content-Type": "application/json"},
            ),
            "too large": await http.post(
                "/graphql", json={**QUERY, "pad": "x" * (2 * 1024 * 1024)}, headers=viewer
            ),
            "stream refused": await http.post(
                "/graphql",
                json=QUERY,
                headers={"Origin": DASHBOARD, "Accept": "text/event-stream"},
            ),
        }
        statuses = {name: response.status_code for name, response in answers.items()}
        assert statuses == {
            "query": 200,
            "anonymous": 200,
            "bad json": 400,
            "too large": 413,
            "stream refused": 401,
        }
        for name, response in answers.items():
            assert response.headers.get("access-control-allow-origin") == DASHBOARD, name
            assert "Origin" in response.headers["vary"], name
        assert answers["query"].json() == {"data": {"apps": []}}


async def test_other_origins_get_no_cors(tmp_path: Path) -> None:
    async with (
        served(db(tmp_path), tmp_path, cors_origins=DASHBOARD) as url,
        httpx.AsyncClient(base_url=url) as http,
    ):
        response = await http.options("/graphql", headers=preflight(OTHER))
        assert response.status_code == 400
        assert "access-control-allow-origin" not in response.headers
        # a header outside the list is refused even for the listed origin
        response = await http.options("/graphql", headers=preflight(DASHBOARD, "x-custom"))
        assert response.status_code == 400
        response = await http.post("/graphql", json=QUERY, headers={"Origin": OTHER})
        assert "access-control-allow-origin" not in response.headers
        assert "Origin" in response.headers["vary"]


async def test_without_the_setting_nothing_is_cross_origin(tmp_path: Path) -> None:
    async with (
        served(db(tmp_path), tmp_path) as url,
        httpx.AsyncClient(base_url=url) as http,
    ):
        response = await http.options("/graphql", headers=preflight(DASHBOARD))
        assert response.status_code == 405
        assert "access-control-allow-origin" not in response.headers
        response = await http.post("/graphql", json=QUERY, headers={"Origin": DASHBOARD})
        assert "access-control-allow-origin" not in response.headers
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            await connect(url, DASHBOARD)
        assert refused.value.response.status_code == 403
        # the page Tilewire serves itself (GraphiQL) is same-origin
        ws = await connect(url, url)
        await ws.close()


async def connect(url: str, origin: str) -> websockets.ClientConnection:
    ws = await websockets.connect(
        url.replace("http", "ws", 1) + "/graphql",
        subprotocols=[websockets.Subprotocol("graphql-transport-ws")],
        origin=websockets.Origin(origin),
    )
    await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
    ack = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert ack["type"] == "connection_ack", ack
    return ws


async def test_websocket_from_a_listed_origin_only(tmp_path: Path) -> None:
    async with served(
        db(tmp_path), tmp_path, cors_origins=f"{DASHBOARD},http://localhost:3000"
    ) as url:
        for origin in (DASHBOARD, "http://localhost:3000"):
            ws = await connect(url, origin)
            await ws.send(
                json.dumps(
                    {"id": "1", "type": "subscribe", "payload": {"query": "{ apps { id } }"}}
                )
            )
            reply = json.loads(await asyncio.wait_for(ws.recv(), 5))
            assert reply == {"id": "1", "type": "next", "payload": {"data": {"apps": []}}}
            await ws.close()
        for origin in (OTHER, "http://localhost:3001", "null"):
            with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
                await connect(url, origin)
            assert refused.value.response.status_code == 403, origin


async def test_a_host_refusal_is_readable_by_a_listed_page(tmp_path: Path) -> None:
    async with (
        served(
            db(tmp_path),
            tmp_path,
            jwt_secret=SECRET,
            cors_origins=DASHBOARD,
            allowed_hosts="tilewire.example.com",
        ) as url,
        httpx.AsyncClient(base_url=url) as http,
    ):
        response = await http.post("/graphql", json=QUERY, headers={"Origin": DASHBOARD})
        assert response.status_code == 400
        assert "TILEWIRE_ALLOWED_HOSTS" in response.text
        assert response.headers["access-control-allow-origin"] == DASHBOARD
