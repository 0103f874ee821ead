"""A WebSocket lives no longer than the token that opened it: at the token's expiry the server
closes it (4403, "the token has expired") and answers nothing more."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
import websockets

from app.auth import Role, mint_token
from tests.schema.test_subscriptions import SUBSCRIBE, create_demo
from tests.support.api import served
from tests.support.fake_service import running_fake_service

SECRET = "x" * 40
TOKEN_EXPIRED = "the token has expired"


def expiry_of(token: str) -> float:
    exp: float = jwt.decode(token, options={"verify_signature": False})["exp"]
    return exp


async def connect(url: str, token: str, where: str) -> Any:
    """graphql-transport-ws, acknowledged, with the token in the upgrade request's
    Authorization header or in connection_init's payload."""
    bearer = {"Authorization": f"Bearer {token}"}
    ws = await websockets.connect(
        url.replace("http", "ws", 1) + "/graphql",
        subprotocols=[websockets.Subprotocol("graphql-transport-ws")],
        additional_headers=bearer if where == "header" else None,
        open_timeout=5,
    )
    payload = bearer if where == "connection_init" else {}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    ack = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert ack["type"] == "connection_ack", ack
    return ws


async def messages_until_closed(ws: Any, deadline: float) -> list[tuple[float, dict[str, Any]]]:
    """Every message with its arrival time until the server closes the socket; fails the test
    if it is still open at ``deadline`` (wall-clock seconds)."""
    received: list[tuple[float, dict[str, Any]]] = []
    while True:
        left = max(0.05, deadline - time.time())
        try:
            message = json.loads(await asyncio.wait_for(ws.recv(), left))
        except websockets.ConnectionClosed:
            return received
        except TimeoutError:
            types = [message["type"] for _, message in received]
            raise AssertionError(f"the socket is still open; it received {types}") from None
        received.append((time.time(), message))


@pytest.mark.parametrize("where", ["connection_init", "header"])
async def test_subscription_is_closed_when_its_token_expires(
    tmp_path: Path, where: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with (
        running_fake_service() as fake,
        served(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=SECRET) as url,
    ):
        app_id = await create_demo(url, fake, "expiring", token=mint_token(SECRET, Role.ADMIN))
        token = mint_token(SECRET, Role.VIEWER, ttl_seconds=2)
        expires_at = expiry_of(token)
        with caplog.at_level(logging.INFO, logger="tilewire"):
            ws = await connect(url, token, where)
            subscribe = {"query": SUBSCRIBE, "variables": {"app": app_id, "endpoint": "fast"}}
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscribe}))
            received = await messages_until_closed(ws, deadline=expires_at + 3)
            closed_at = time.time()
        assert ws.close_code == 4403 and ws.close_reason == TOKEN_EXPIRED
        assert expires_at - 0.05 <= closed_at <= expires_at + 1.0, closed_at - expires_at
        pushed = [at for at, message in received if message["type"] == "next"]
        assert pushed, "the subscription delivered nothing before expiry"  # ttl 0.3 s: several
        assert max(pushed) <= expires_at + 0.3, "a value was pushed after the token expired"
        assert {message["type"] for _, message in received} == {"next"}
        await asyncio.sleep(0.5)
        calls = fake.calls["expiring"]
        await asyncio.sleep(1.0)
        assert fake.calls["expiring"] == calls, "the subscription still polls after the close"
    notes = [r for r in caplog.records if "expired" in r.getMessage()]
    assert len(notes) == 1 and notes[0].exc_info is None
    assert all(token not in r.getMessage() for r in caplog.records)


async def test_an_operation_sent_after_expiry_is_not_answered(tmp_path: Path) -> None:
    async with served(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=SECRET) as url:
        token = mint_token(SECRET, Role.ADMIN, ttl_seconds=2)
        expires_at = expiry_of(token)
        ws = await connect(url, token, "connection_init")
        await asyncio.sleep(max(0.0, expires_at - time.time()) + 0.2)
        query = {"query": "{ apps { id } }"}
        with contextlib.suppress(websockets.ConnectionClosed):  # closed already: the point
            await ws.send(json.dumps({"id": "late", "type": "subscribe", "payload": query}))
        received = await messages_until_closed(ws, deadline=time.time() + 3)
        assert received == [], received
        assert ws.close_code == 4403 and ws.close_reason == TOKEN_EXPIRED


async def test_the_legacy_graphql_ws_protocol_is_not_spoken(tmp_path: Path) -> None:
    """Only graphql-transport-ws is served: its handler is the one bound to the token."""
    async with served(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=SECRET) as url:
        async with websockets.connect(
            url.replace("http", "ws", 1) + "/graphql",
            subprotocols=[websockets.Subprotocol("graphql-ws")],
            open_timeout=5,
        ) as ws:
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 5)
        assert ws.close_code == 4406


async def test_a_client_that_leaves_mid_send_is_no_fault(caplog: pytest.LogCaptureFixture) -> None:
    """An operation's send to a client that has just gone (the socket closing under it) ends
    the subscription quietly; any other failure of an operation is still logged with its
    traceback."""
    from strawberry.http.exceptions import WebSocketDisconnected

    from schema.websocket import ExpiringConnection

    handler = object.__new__(ExpiringConnection)
    with caplog.at_level(logging.DEBUG):
        await handler.handle_task_exception(WebSocketDisconnected())
        assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
        await handler.handle_task_exception(ValueError("a real fault"))
    faults = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.exc_info[1] for r in faults if r.exc_info] and "a real fault" in caplog.text
