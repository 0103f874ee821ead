"""Several Tilewire processes on one PostgreSQL and one Redis behave as one (real uvicorn
processes, a private redis-server, the local PostgreSQL, a counting fake upstream)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from app.api_keys import RECHECK
from app.auth import Role, mint_token
from app.crypto import generate_key
from tests.app.test_token_expiry import connect, messages_until_closed
from tests.conftest import POSTGRES
from tests.schema.test_apps import CREATE, UPDATE
from tests.schema.test_subscriptions import SUBSCRIBE
from tests.support.fake_service import API_KEY, FakeService, running_fake_service
from tests.support.redis_server import RedisServer, redis_server
from tests.support.server import Server, serve
from tests.support.signin import ME, create_key, error_of, gql, revoke_key

pytestmark = pytest.mark.cluster

DATA = """query($app: ID!, $endpoint: ID!) { integrationData(appId: $app, endpointId: $endpoint) {
  json stale error { code message } } }"""


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    with redis_server(tmp_path) as server:
        yield server


@pytest.fixture
def database(postgres_database: str) -> str:
    POSTGRES.reset(postgres_database)
    return POSTGRES.url(postgres_database)


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


@contextlib.contextmanager
def cluster(
    n: int, database: str, redis_url: str | None, tmp_path: Path, **extra: str
) -> Iterator[list[Server]]:
    """``n`` processes on one database, sharing ``redis_url`` (None: each on its own)."""
    key = generate_key()
    with contextlib.ExitStack() as stack:
        servers = []
        for index in range(n):
            data_dir = tmp_path / f"p{index}"
            data_dir.mkdir()
            env = {
                "DATABASE_URL": database,
                "INTEGRATION_ENCRYPTION_KEY": key,
                "TILEWIRE_DATA_DIR": str(data_dir),
                "TILEWIRE_PLUGINS": "tests.support.demo,tests.support.demo_session",
                **({"REDIS_URL": redis_url} if redis_url else {}),
                **extra,
            }
            servers.append(stack.enter_context(serve(env, tmp_path / f"p{index}.log")))
        yield servers


async def post(
    http: httpx.AsyncClient, url: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    response = await http.post(f"{url}/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    assert not body.get("errors"), body
    data: dict[str, Any] = body["data"]
    return data


async def create_demo(
    http: httpx.AsyncClient, url: str, fake: FakeService, name: str, **config: Any
) -> str:
    integration_config = {"url": fake.base(name), "credentials": {"apiKey": API_KEY}, **config}
    data = await post(
        http,
        url,
        CREATE,
        {
            "input": {
                "name": name,
                "integrationType": "demo",
                "integrationConfig": integration_config,
            }
        },
    )
    app_id: str = data["createApp"]["id"]
    return app_id


async def reading(
    http: httpx.AsyncClient, url: str, app_id: str, endpoint: str = "reading"
) -> dict[str, Any]:
    result: dict[str, Any] = (await post(http, url, DATA, {"app": app_id, "endpoint": endpoint}))[
        "integrationData"
    ]
    return result


async def test_one_upstream_call_for_100_concurrent_requests_over_two_processes(
    database: str, redis: RedisServer, fake: FakeService, tmp_path: Path
) -> None:
    with cluster(2, database, redis.url, tmp_path) as (a, b):
        async with httpx.AsyncClient(timeout=30) as http:
            app_id = await create_demo(http, a.url, fake, "hot")
            fake.latency["hot"] = 0.2
            results = await asyncio.gather(
                *(reading(http, (a, b)[n % 2].url, app_id) for n in range(100))
            )
    assert all(r["json"] == {"value": 42} and r["error"] is None for r in results)
    assert fake.calls["hot"] == 1


async def test_app_updated_through_one_process_is_served_with_the_new_config_by_the_other(
    database: str, redis: RedisServer, fake: FakeService, tmp_path: Path
) -> None:
    fake.values["new"] = 99
    with cluster(2, database, redis.url, tmp_path) as (a, b):
        async with httpx.AsyncClient(timeout=30) as http:
            app_id = await create_demo(http, a.url, fake, "old")
            for _ in range(3):  # cached in B (values and the whole response)
                assert (await reading(http, b.url, app_id))["json"] == {"value": 42}
            await post(
                http,
                a.url,
                UPDATE,
                {"id": app_id, "input": {"integrationConfig": {"url": fake.base("new")}}},
            )
            assert (await reading(http, b.url, app_id))["json"] == {"value": 99}
    assert (fake.calls["old"], fake.calls["new"]) == (1, 1)


WIDGETS = "{ widgets { title app { name } data { json } } }"
CREATE_WIDGET = """mutation($input: CreateWidgetInput!) {
  createWidget(input: $input) { __typename ... on Widget { id } } }"""
UPDATE_WIDGET = """mutation($id: ID!, $input: UpdateWidgetInput!) {
  updateWidget(id: $id, input: $input) { __typename } }"""


async def test_a_dashboard_cached_by_one_process_follows_changes_made_through_the_other(
    database: str, redis: RedisServer, fake: FakeService, tmp_path: Path
) -> None:
    """B answers `widgets { data }` from its response cache; a widget created or renamed, or
    an App renamed (its values stay cached), through A is in B's next answer."""
    with cluster(2, database, redis.url, tmp_path) as (a, b):
        async with httpx.AsyncClient(timeout=30) as http:

            async def dashboard() -> list[tuple[str, str, Any]]:
                widgets = (await post(http, b.url, WIDGETS, {}))["widgets"]
                return [(w["title"], w["app"]["name"], w["data"]["json"]) for w in widgets]

            app_id = await create_demo(http, a.url, fake, "d")
            config = {"integration": {"appId": app_id, "endpointId": "reading"}}
            created = await post(
                http, a.url, CREATE_WIDGET, {"input": {"title": "one", "config": config}}
            )
            for _ in range(3):
                assert await dashboard() == [("one", "d", {"value": 42})]
            await post(http, a.url, CREATE_WIDGET, {"input": {"title": "two", "config": config}})
            assert await dashboard() == [("one", "d", {"value": 42}), ("two", "d", {"value": 42})]
            widget_id = created["createWidget"]["id"]
            await post(http, a.url, UPDATE_WIDGET, {"id": widget_id, "input": {"title": "uno"}})
            assert [row[0] for row in await dashboard()] == ["uno", "two"]
            await post(http, a.url, UPDATE, {"id": app_id, "input": {"name": "renamed"}})
            assert [row[1] for row in await dashboard()] == ["renamed", "renamed"]
    assert fake.calls["d"] == 1  # every answer from the one value cached in Redis


async def test_a_subscriber_on_one_process_receives_the_refresh_fetched_by_the_other(
    database: str, redis: RedisServer, fake: FakeService, tmp_path: Path
) -> None:
    with cluster(2, database, redis.url, tmp_path) as (a, b):
        async with httpx.AsyncClient(timeout=30) as http:
            app_id = await create_demo(http, a.url, fake, "sub")
            ws = await websockets.connect(
                b.url.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]
            )
            try:
                await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
                assert json.loads(await ws.recv())["type"] == "connection_ack"
                query = 'subscription($a: ID!) { integrationData(appId: $a, endpointId: "reading") { json } }'
                await ws.send(
                    json.dumps(
                        {
                            "id": "1",
                            "type": "subscribe",
                            "payload": {"query": query, "variables": {"a": app_id}},
                        }
                    )
                )
                first = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert first["payload"]["data"]["integrationData"]["json"] == {"value": 42}
                fake.values["sub"] = 7
                refresh = 'mutation($a: ID!) { refreshIntegrationData(appId: $a, endpointId: "reading") { json } }'
                assert (await post(http, a.url, refresh, {"a": app_id}))["refreshIntegrationData"][
                    "json"
                ] == {"value": 7}
                # B may still send its cached value once (its TTL tick) before the push.
                seen = []
                async with asyncio.timeout(5):
                    while seen[-1:] != [{"value": 7}] and len(seen) < 5:
                        pushed = json.loads(await ws.recv())
                        seen.append(pushed["payload"]["data"]["integrationData"]["json"])
                assert seen[-1] == {"value": 7}, seen
                assert set(map(str, seen)) <= {str({"value": 42}), str({"value": 7})}
            finally:
                await ws.close()
    assert fake.calls["sub"] == 2  # B's first fetch, A's refresh: B did not poll again


async def subscribe_to(url: str, app_id: str, endpoint: str, every: int | None) -> Any:
    ws = await websockets.connect(
        url.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]
    )
    await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
    assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
    query = """subscription($a: ID!, $e: ID!, $every: Int) {
      integrationData(appId: $a, endpointId: $e, refreshInterval: $every) { json } }"""
    variables = {"a": app_id, "e": endpoint, "every": every}
    payload = {"query": query, "variables": variables}
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
    return ws


async def next_json(ws: Any, timeout: float = 5.0) -> Any:
    message = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    assert message["type"] == "next", message
    return message["payload"]["data"]["integrationData"]["json"]


async def test_the_cluster_polls_at_the_smallest_interval_any_process_asks_for(
    database: str, redis: RedisServer, fake: FakeService, tmp_path: Path
) -> None:
    """A subscribes first and holds the poll lock, at the TTL (30 s); B's subscriber asks for
    2 s: A wakes and polls every 2 s, once for both processes, and both are sent what changed."""
    with cluster(2, database, redis.url, tmp_path) as (a, b):
        async with httpx.AsyncClient(timeout=30) as http:
            app_id = await create_demo(http, a.url, fake, "c")
        on_a = await subscribe_to(a.url, app_id, "gauge", None)
        on_b = None
        try:
            assert await next_json(on_a) == {"value": 42}
            [first] = fake.arrived_at["c"]
            on_b = await subscribe_to(b.url, app_id, "gauge", 2)
            assert await next_json(on_b) == {"value": 42}  # from the value cached in Redis
            await asyncio.sleep(max(0.0, first + 4.6 - time.monotonic()))
            polled = fake.arrived_at["c"]
            gaps = [round(y - x, 2) for x, y in itertools.pairwise(polled)]
            assert len(polled) == 3 and all(1.9 <= gap <= 2.6 for gap in gaps), gaps
            fake.values["c"] = 8
            for ws in (on_a, on_b):
                assert await next_json(ws, timeout=4) == {"value": 8}
        finally:
            await on_a.close()
            if on_b is not None:
                await on_b.close()


async def test_the_other_process_takes_over_when_the_lease_holder_dies_mid_fetch(
    database: str, redis: RedisServer, fake: FakeService, tmp_path: Path
) -> None:
    timeout = 1.0
    lease = timeout * 2 + 2  # integrations.hub.lease_for
    with cluster(2, database, redis.url, tmp_path) as (a, b):
        async with httpx.AsyncClient(timeout=30) as http:
            app_id = await create_demo(http, a.url, fake, "slow", timeout=timeout)
            fake.hanging.add("slow")
            holder = asyncio.ensure_future(reading(http, a.url, app_id))
            for _ in range(100):  # A holds the lease and waits on the upstream
                if fake.calls["slow"]:
                    break
                await asyncio.sleep(0.02)
            started = time.monotonic()
            waiter = asyncio.ensure_future(reading(http, b.url, app_id))
            await asyncio.sleep(0.3)
            a.process.kill()  # dies mid-fetch, holding the lease
            fake.hanging.discard("slow")
            result = await asyncio.wait_for(waiter, lease + timeout + 3)
            elapsed = time.monotonic() - started
            with contextlib.suppress(httpx.HTTPError):
                await holder
    assert result["json"] == {"value": 42}
    assert elapsed <= lease + timeout + 1.5, elapsed
    assert fake.calls["slow"] == 2


async def test_requests_keep_succeeding_while_redis_stops_and_returns(
    database: str, redis: RedisServer, fake: FakeService, tmp_path: Path
) -> None:
    with cluster(2, database, redis.url, tmp_path) as (a, b):
        async with httpx.AsyncClient(timeout=30) as http:
            app_id = await create_demo(http, a.url, fake, "r")

            async def round_trip(n: int) -> None:
                for server in (a, b):
                    result = await reading(http, server.url, app_id, "fast")
                    assert result["json"] == {"value": 42} and result["error"] is None, (n, result)

            for n in range(5):
                await round_trip(n)
            assert (await http.get(f"{a.url}/readyz")).json()["cache"] == "redis"
            redis.stop()
            for n in range(10):
                await round_trip(n)
                await asyncio.sleep(0.1)
            ready = (await http.get(f"{b.url}/readyz")).json()
            assert ready["status"] == "ready" and ready["cache"] == "in-process (redis unreachable)"
            redis.start()
            deadline = time.monotonic() + 10
            while (await http.get(f"{a.url}/readyz")).json()["cache"] != "redis":
                assert time.monotonic() < deadline, "did not go back to Redis"
                await round_trip(-1)
                await asyncio.sleep(0.2)
            for n in range(5):
                await round_trip(n)
    assert "Redis unreachable" in a.log() and "Redis reachable again" in a.log()


async def test_login_sessions_are_shared_encrypted_and_renewed_once_for_the_cluster(
    database: str, redis: RedisServer, fake: FakeService, tmp_path: Path
) -> None:
    import redis as redis_client

    with cluster(2, database, redis.url, tmp_path) as (a, b):
        async with httpx.AsyncClient(timeout=30) as http:
            config = {"url": fake.base("s"), "credentials": {"apiKey": API_KEY}}
            created = await post(
                http,
                a.url,
                CREATE,
                {
                    "input": {
                        "name": "s",
                        "integrationType": "demosession",
                        "integrationConfig": config,
                    }
                },
            )
            app_id = created["createApp"]["id"]
            for server in (a, b, a, b):  # the value expires after 0.3 s: each round fetches
                assert (await reading(http, server.url, app_id, "fast"))["json"] == {"value": 42}
                await asyncio.sleep(0.35)
            assert fake.logins["s"] == 1  # B used the session A logged in with
            stored = redis_client.Redis(port=redis.port).keys("tilewire:blob:session:*")
            assert len(stored) == 1
            blob = redis_client.Redis(port=redis.port).get(stored[0])
            assert blob.startswith(b"v1.") and not any(
                sid.encode() in blob for sid in fake.sessions
            )
            fake.expire_sessions()
            for server in (a, b, a, b):
                assert (await reading(http, server.url, app_id, "fast"))["json"] == {"value": 42}
                await asyncio.sleep(0.35)
            assert fake.logins["s"] == 2  # renewed once, by the first to notice, for both


@pytest.mark.parametrize("shared", ["redis", "database only"])
async def test_a_key_revoked_through_one_process_stops_working_in_the_other(
    database: str, fake: FakeService, tmp_path: Path, shared: str
) -> None:
    """With Redis, B hears of the revocation at once (pub/sub); without it, B finds out at
    its next check of the key, at most RECHECK seconds later. Both for requests (whose role
    B keeps in memory) and for B's open subscription."""
    secret = "r" * 40
    admin = mint_token(secret, Role.ADMIN)
    with contextlib.ExitStack() as stack:
        redis_url = None
        if shared == "redis":
            redis_url = stack.enter_context(redis_server(tmp_path)).url
        a, b = stack.enter_context(cluster(2, database, redis_url, tmp_path, JWT_SECRET=secret))
        async with httpx.AsyncClient(timeout=30) as http:
            app_id = await create_demo_as(http, a.url, fake, admin)
            key, listed = await create_key(http, a.url, admin, "kiosk")
            assert (await gql(http, b.url, ME, bearer=key))["data"]["me"]["via"] == "API_KEY"
            ws = await connect(b.url, key, "connection_init")
            subscribe = {"query": SUBSCRIBE, "variables": {"app": app_id, "endpoint": "fast"}}
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscribe}))
            assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "next"

            await revoke_key(http, a.url, admin, listed["id"])
            revoked_at = time.monotonic()
            limit = 1.0 if shared == "redis" else RECHECK + 1.0
            while True:  # bounded by ``limit``
                body = await gql(http, b.url, ME, bearer=key)
                if body.get("errors"):
                    break
                assert time.monotonic() - revoked_at < limit, "B still accepts the key"
                await asyncio.sleep(0.05)
            refused_after = time.monotonic() - revoked_at
            assert (await error_of(http, b.url, ME, bearer=key))[0] == "UNAUTHENTICATED"
            await messages_until_closed(ws, deadline=time.time() + limit + 1.0)
            closed_after = time.monotonic() - revoked_at
            assert (ws.close_code, ws.close_reason) == (4403, "the API key was revoked")
    assert refused_after < limit and closed_after < limit + 0.5, (refused_after, closed_after)


async def create_demo_as(http: httpx.AsyncClient, url: str, fake: FakeService, bearer: str) -> str:
    config = {"url": fake.base("revoked"), "credentials": {"apiKey": API_KEY}}
    variables = {"input": {"name": "n", "integrationType": "demo", "integrationConfig": config}}
    response = await http.post(
        f"{url}/graphql",
        json={"query": CREATE, "variables": variables},
        headers={"Authorization": f"Bearer {bearer}"},
    )
    app_id: str = response.json()["data"]["createApp"]["id"]
    return app_id


RUN_ACTION = """mutation($a: ID!, $v: Int!, $key: String) {
  runAction(appId: $a, actionId: "setValue", input: {value: $v}, clientKey: $key) {
    __typename ... on ActionSuccess { message replayed data { endpointId json } }
    ... on ActionFailure { error { code message } } } }"""


async def test_an_action_on_one_process_reaches_a_subscriber_on_the_other_within_a_second(
    database: str, redis: RedisServer, fake: FakeService, tmp_path: Path
) -> None:
    with cluster(2, database, redis.url, tmp_path) as (a, b):
        async with httpx.AsyncClient(timeout=30) as http:
            app_id = await create_demo(http, a.url, fake, "act")
            ws = await websockets.connect(
                b.url.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]
            )
            try:
                await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
                assert json.loads(await ws.recv())["type"] == "connection_ack"
                query = 'subscription($a: ID!) { integrationData(appId: $a, endpointId: "gauge") { json } }'
                payload = {"query": query, "variables": {"a": app_id}}
                await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
                first = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert first["payload"]["data"]["integrationData"]["json"] == {"value": 42}
                started = time.monotonic()
                ran = (await post(http, a.url, RUN_ACTION, {"a": app_id, "v": 3}))["runAction"]
                assert ran["__typename"] == "ActionSuccess", ran
                pushed = json.loads(await asyncio.wait_for(ws.recv(), 1.0))
                assert pushed["payload"]["data"]["integrationData"]["json"] == {"value": 3}
                assert time.monotonic() - started < 1.0
            finally:
                await ws.close()
            # The same client key sent to both processes at once runs the action once.
            fake.action_latency["act"] = 0.3
            variables = {"a": app_id, "v": 4, "key": "double-click"}
            results = await asyncio.gather(
                post(http, a.url, RUN_ACTION, variables), post(http, b.url, RUN_ACTION, variables)
            )
            assert [r["runAction"]["__typename"] for r in results] == ["ActionSuccess"] * 2
            assert sorted(r["runAction"]["replayed"] for r in results) == [False, True]
    assert fake.actions["act"] == 2
