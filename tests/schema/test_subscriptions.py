"""integrationData subscriptions over graphql-transport-ws on a real uvicorn server."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from app.auth import Role, mint_token
from tests.schema.test_apps import CREATE
from tests.support.api import served
from tests.support.fake_service import API_KEY, FakeService, running_fake_service

SUBSCRIBE = """subscription($app: ID!, $endpoint: ID!) {
  integrationData(appId: $app, endpointId: $endpoint) { fetchedAt json error { code } } }"""


class Subscriber:
    def __init__(self, ws: Any) -> None:
        self.ws = ws

    async def next(self, timeout: float = 5.0) -> dict[str, Any]:
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
            if message["type"] == "next":
                payload: dict[str, Any] = message["payload"]
                return payload
            if message["type"] in ("error", "complete"):
                raise AssertionError(message)


async def open_subscription(
    url: str, app_id: str, endpoint: str, params: dict[str, Any] | None = None
) -> tuple[Any, Subscriber]:
    ws = await websockets.connect(
        url.replace("http", "ws", 1) + "/graphql", subprotocols=["graphql-transport-ws"]
    )
    await ws.send(json.dumps({"type": "connection_init", "payload": params or {}}))
    ack = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert ack["type"] == "connection_ack", ack
    await ws.send(
        json.dumps(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE, "variables": {"app": app_id, "endpoint": endpoint}},
            }
        )
    )
    return ws, Subscriber(ws)


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


async def create_demo(url: str, fake: FakeService, name: str, token: str | None = None) -> str:
    config = {"url": fake.base(name), "credentials": {"apiKey": API_KEY}}
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(base_url=url) as http:
        response = await http.post(
            "/graphql",
            json={
                "query": CREATE,
                "variables": {
                    "input": {"name": name, "integrationType": "demo", "integrationConfig": config}
                },
            },
            headers=headers,
        )
    app_id: str = response.json()["data"]["createApp"]["id"]
    return app_id


async def test_subscribers_share_one_poller_at_the_endpoint_ttl(
    database_url: str, tmp_path: Path, fake: FakeService
) -> None:
    async with served(database_url, tmp_path) as url:
        app_id = await create_demo(url, fake, "sub")
        ws1, first = await open_subscription(url, app_id, "fast")
        ws2, second = await open_subscription(url, app_id, "fast")
        try:
            a = await first.next()
            b = await second.next()
            assert a["data"]["integrationData"]["json"] == {"value": 42}
            assert b["data"]["integrationData"]["json"] == {"value": 42}
            fake.values["sub"] = 43
            for subscriber in (first, second):
                for _ in range(10):
                    update = await subscriber.next()
                    if update["data"]["integrationData"]["json"] == {"value": 43}:
                        break
                else:
                    raise AssertionError("no refresh pushed")
            calls_before = fake.calls["sub"]
            await asyncio.sleep(1.0)
            polled = fake.calls["sub"] - calls_before
            # ttl 0.3 s: about 3 polls in a second, once for both subscribers (not twice)
            assert 2 <= polled <= 5, polled
        finally:
            await ws1.close()
            await ws2.close()
        await asyncio.sleep(0.5)
        stopped_at = fake.calls["sub"]
        await asyncio.sleep(1.0)
        assert fake.calls["sub"] == stopped_at, "the poller must stop when nobody listens"


async def test_refresh_by_another_request_reaches_subscribers(
    database_url: str, tmp_path: Path, fake: FakeService
) -> None:
    async with served(database_url, tmp_path) as url:
        app_id = await create_demo(url, fake, "slow")
        ws, subscriber = await open_subscription(url, app_id, "reading")  # ttl 10 s
        try:
            first = await subscriber.next()
            assert first["data"]["integrationData"]["json"] == {"value": 42}
            fake.values["slow"] = 5
            async with httpx.AsyncClient(base_url=url) as http:
                await http.post(
                    "/graphql",
                    json={
                        "query": 'mutation($a: ID!) { refreshIntegrationData(appId: $a, endpointId: "reading") { json } }',
                        "variables": {"a": app_id},
                    },
                )
            pushed = await subscriber.next(timeout=3)
            assert pushed["data"]["integrationData"]["json"] == {"value": 5}
        finally:
            await ws.close()


async def test_subscriptions_need_a_valid_token_when_auth_is_on(
    tmp_path: Path, fake: FakeService
) -> None:
    secret = "w" * 40
    async with served(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=secret) as url:
        app_id = await create_demo(url, fake, "auth", token=mint_token(secret, Role.ADMIN))
        with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
            await open_subscription(url, app_id, "reading")  # connection_init is refused
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        viewer = mint_token(secret, Role.VIEWER)
        ws, subscriber = await open_subscription(
            url, app_id, "reading", {"Authorization": f"Bearer {viewer}"}
        )
        try:
            assert (await subscriber.next())["data"]["integrationData"]["json"] == {"value": 42}
        finally:
            await ws.close()


async def test_subscription_events_are_not_counted_against_the_result_budget(
    tmp_path: Path, fake: FakeService
) -> None:
    """Every event resolves four fields here: a budget of 100 fields per request must not end
    a subscription after 25 events (a request of more fields is refused)."""
    async with served(
        f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, max_result_fields=100
    ) as url:
        app_id = await create_demo(url, fake, "budget")
        ws, subscriber = await open_subscription(url, app_id, "fast")  # ttl 0.3 s
        try:
            for n in range(40):
                fake.values["budget"] = n
                event = await subscriber.next()
                assert "errors" not in event, event
                assert event["data"]["integrationData"]["fetchedAt"], event
        finally:
            await ws.close()
        many = "{" + " ".join(f"a{n}: apps {{ id name }}" for n in range(40)) + "}"
        async with httpx.AsyncClient(base_url=url) as http:
            refused = (await http.post("/graphql", json={"query": many})).json()
        assert refused["data"] is None  # 40 x 3 fields: over the request budget of 100
        assert refused["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX"}
