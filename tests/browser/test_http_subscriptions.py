"""Subscriptions over HTTP on a real uvicorn Tilewire: multipart/mixed (GraphiQL, Apollo) and
Server-Sent Events (graphql-sse); a plain JSON request gets a typed error instead."""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.auth import Role, mint_token
from tests.browser.dashboard import (
    APP,
    SECRET,
    bearer,
    changing_after_the_first_poll,
    polling_stops,
    tilewire,
)
from tests.browser.node_clients import run_client
from tests.schema.test_subscriptions import SUBSCRIBE

MULTIPART = 'multipart/mixed;subscriptionSpec="1.0", application/json'
PART = re.compile(rb"Content-Length: (\d+)\r\n\r\n")
END = b"--graphql--"


def subscription(app_id: str, endpoint: str = "fast") -> dict[str, Any]:
    return {"query": SUBSCRIBE, "variables": {"app": app_id, "endpoint": endpoint}}


class MultipartReader:
    """The ``payload`` of each part of a multipart subscription response (heartbeats, empty
    parts, skipped), and whether the closing boundary came."""

    def __init__(self, response: httpx.Response) -> None:
        self.chunks = response.aiter_bytes()
        self.buffer = b""
        self.ended = False

    async def next(self, timeout: float = 5.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            match = PART.search(self.buffer)
            if match is not None and len(self.buffer) >= match.end() + int(match[1]):
                end = match.end() + int(match[1])
                part = json.loads(self.buffer[match.end() : end])
                self.buffer = self.buffer[end:]
                if part:
                    payload: dict[str, Any] = part["payload"]
                    return payload
                continue
            if END in self.buffer:
                self.ended = True
                raise StopAsyncIteration
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no part within {timeout} s: {self.buffer!r}"
            self.buffer += await asyncio.wait_for(anext(self.chunks), remaining)

    async def until_end(self, limit: int = 50) -> list[dict[str, Any]]:
        """Every payload up to the closing boundary (at most ``limit``)."""
        payloads = []
        for _ in range(limit):
            try:
                payloads.append(await self.next())
            except StopAsyncIteration:
                return payloads
        raise AssertionError(f"the stream did not end within {limit} parts")


async def sse_events(response: httpx.Response, count: int, timeout: float = 5.0) -> list[Any]:
    """The first ``count`` events (name, data) of a text/event-stream response."""
    events: list[Any] = []
    buffer = ""
    chunks = response.aiter_text()
    async with asyncio.timeout(timeout):
        while len(events) < count:
            buffer += await anext(chunks)
            while "\r\n\r\n" in buffer:
                block, buffer = buffer.split("\r\n\r\n", 1)
                fields = dict(line.split(": ", 1) for line in block.split("\r\n") if ": " in line)
                if "event" in fields:
                    data = fields.get("data", "")
                    events.append((fields["event"], json.loads(data) if data else None))
    return events


async def test_multipart_subscription_streams_until_the_client_leaves(tmp_path: Path) -> None:
    async with tilewire(tmp_path) as (url, fake, app_id), httpx.AsyncClient(base_url=url) as http:
        headers = {**bearer(), "Accept": MULTIPART}
        body = subscription(app_id)
        async with (
            http.stream("POST", "/graphql", json=body, headers=headers) as first,
            http.stream("POST", "/graphql", json=body, headers=headers) as second,
        ):
            # The identical second request streams too (the response cache is not in the way).
            for response in (first, second):
                assert response.status_code == 200
                assert response.headers["content-type"].startswith("multipart/mixed")
            one, two = MultipartReader(first), MultipartReader(second)
            for reader in (one, two):
                assert (await reader.next())["data"]["integrationData"]["json"] == {"value": 42}
            fake.values[APP] = 43
            for _ in range(10):
                update = await one.next()
                if update["data"]["integrationData"]["json"] == {"value": 43}:
                    break
            else:
                raise AssertionError("no refresh pushed")
            assert not one.ended
        await polling_stops(fake)


async def test_multipart_subscription_over_get(tmp_path: Path) -> None:
    async with tilewire(tmp_path) as (url, fake, app_id), httpx.AsyncClient(base_url=url) as http:
        params = {"query": SUBSCRIBE, "variables": json.dumps(subscription(app_id)["variables"])}
        headers = {**bearer(), "Accept": MULTIPART}
        async with (
            changing_after_the_first_poll(fake, 43),
            http.stream("GET", "/graphql", params=params, headers=headers) as response,
        ):
            assert response.status_code == 200
            reader = MultipartReader(response)
            assert (await reader.next())["data"]["integrationData"]["json"] == {"value": 42}
            assert (await reader.next())["data"]["integrationData"]["json"] == {"value": 43}
        await polling_stops(fake)


@pytest.mark.parametrize("method", ["POST", "GET"])
@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "authentication required"),
        ({"Authorization": "Bearer not.a.token"}, "not valid"),
        ({"Authorization": f"Bearer {mint_token('x' * 40, Role.VIEWER)}"}, "signature"),
    ],
)
async def test_streams_need_a_valid_token(
    tmp_path: Path, method: str, headers: dict[str, str], message: str
) -> None:
    async with tilewire(tmp_path) as (url, fake, app_id), httpx.AsyncClient(base_url=url) as http:
        calls = fake.calls[APP]
        for accept in (MULTIPART, "text/event-stream"):
            if method == "POST":
                response = await http.post(
                    "/graphql", json=subscription(app_id), headers={**headers, "Accept": accept}
                )
            else:
                params = {
                    "query": SUBSCRIBE,
                    "variables": json.dumps({"app": app_id, "endpoint": "fast"}),
                }
                response = await http.get(
                    "/graphql", params=params, headers={**headers, "Accept": accept}
                )
            assert response.status_code == 401
            assert response.headers["www-authenticate"] == "Bearer"
            [error] = response.json()["errors"]
            assert error["extensions"]["code"] == "UNAUTHENTICATED"
            assert message in error["message"]
        assert fake.calls[APP] == calls, "nothing may run for a refused stream"


async def test_stream_ends_when_its_token_expires(tmp_path: Path) -> None:
    async with tilewire(tmp_path) as (url, fake, app_id), httpx.AsyncClient(base_url=url) as http:
        headers = {**bearer(ttl=2), "Accept": MULTIPART}
        started = time.monotonic()
        async with http.stream(
            "POST", "/graphql", json=subscription(app_id), headers=headers
        ) as response:
            reader = MultipartReader(response)
            payloads = await reader.until_end()
        assert reader.ended
        assert 0.5 < time.monotonic() - started < 5
        assert payloads[0]["data"]["integrationData"]["json"] == {"value": 42}
        assert payloads[-1]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert payloads[-1]["errors"][0]["message"] == "the token has expired"
        await polling_stops(fake)


async def test_plain_json_subscription_gets_a_typed_error(tmp_path: Path) -> None:
    async with tilewire(tmp_path) as (url, fake, app_id), httpx.AsyncClient(base_url=url) as http:
        for accept in ("application/json", "application/json, multipart/mixed"):
            response = await http.post(
                "/graphql", json=subscription(app_id), headers={**bearer(), "Accept": accept}
            )
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["data"] is None
            [error] = body["errors"]
            assert error["extensions"]["code"] == "SUBSCRIPTION_NEEDS_STREAM"
            for transport in ("WebSocket", "text/event-stream", "multipart/mixed"):
                assert transport in error["message"]
        params = {"query": SUBSCRIBE, "variables": json.dumps(subscription(app_id)["variables"])}
        response = await http.get("/graphql", params=params, headers=bearer())
        assert response.json()["errors"][0]["extensions"]["code"] == "SUBSCRIPTION_NEEDS_STREAM"
        # anonymous: refused as such, before anything else
        response = await http.post("/graphql", json=subscription(app_id))
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert fake.calls[APP] == 0


async def test_streams_keep_the_access_rules_and_limits(tmp_path: Path) -> None:
    async with (
        tilewire(tmp_path, max_aliases=1) as (url, fake, app_id),
        httpx.AsyncClient(base_url=url) as http,
    ):
        sse = {**bearer(), "Accept": "text/event-stream"}
        mutation = {
            "query": 'mutation($a: ID!) { refreshIntegrationData(appId: $a, endpointId: "fast") { json } }',
            "variables": {"a": app_id},
        }
        async with http.stream("POST", "/graphql", json=mutation, headers=sse) as response:
            [(name, data), (end, _)] = await sse_events(response, 2)
        assert (name, end) == ("next", "complete")
        assert data["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        aliased = {
            "query": SUBSCRIBE.replace("fetchedAt json", "a: fetchedAt b: json"),
            "variables": subscription(app_id)["variables"],
        }
        async with http.stream("POST", "/graphql", json=aliased, headers=sse) as response:
            [(name, data), (end, _)] = await sse_events(response, 2)
        assert data["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX"}, data
        assert "aliases" in data["errors"][0]["message"], data
        huge = {"query": "{ apps { id } }", "padding": "x" * (2 * 1024 * 1024)}
        response = await http.post("/graphql", json=huge, headers={**bearer(), "Accept": MULTIPART})
        assert response.status_code == 413
        assert fake.calls[APP] == 0


@pytest.mark.usefixtures("node_clients")
async def test_graphql_sse_client_subscribes_and_queries(tmp_path: Path) -> None:
    async with tilewire(tmp_path) as (url, fake, app_id), changing_after_the_first_poll(fake, 43):
        run = await run_client(
            {
                "client": "sse",
                "url": f"{url}/graphql",
                "token": mint_token(SECRET, Role.VIEWER),
                "query": "{ apps { id name } }",
                "subscription": SUBSCRIBE,
                "variables": {"app": app_id, "endpoint": "fast"},
                "next": 2,
            }
        )
        assert run.returncode == 0, (run.events, run.stderr)
        [query] = run.of("query")
        assert query["result"] == {"data": {"apps": [{"id": app_id, "name": APP}]}}
        nexts = run.of("next")
        assert [n["payload"]["data"]["integrationData"]["json"] for n in nexts] == [
            {"value": 42},
            {"value": 43},
        ]
        await polling_stops(fake)
