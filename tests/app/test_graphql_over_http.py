"""GraphQL over HTTP on a real server: request errors carry ``extensions.code``, and a client
that accepts ``application/graphql-response+json`` gets it, with the specification's statuses."""

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
from app.media_types import GRAPHQL_RESPONSE_JSON, JSON, response_media_type
from tests.schema.test_integration_data import demo_app
from tests.support.api import Api, api_for, served
from tests.support.fake_service import running_fake_service

SECRET = "test-jwt-secret-" + "z" * 32
WANTS = "application/graphql-response+json, application/json;q=0.9"  # Apollo Client's

# (document, variables, expected code): each fails before anything executes
REQUEST_ERRORS: dict[str, tuple[str, dict[str, Any], str]] = {
    "syntax": ("{ apps { id }", {}, "GRAPHQL_PARSE_FAILED"),
    "unknown field": ("{ apps { nope } }", {}, "GRAPHQL_VALIDATION_FAILED"),
    "missing argument": ("{ app { id } }", {}, "GRAPHQL_VALIDATION_FAILED"),
    "too deep": ("{ widgets { app { integration { type } } } }", {}, "QUERY_TOO_COMPLEX"),
    "too many tokens": ("{ " + "apps { id } " * 5000 + "}", {}, "QUERY_TOO_COMPLEX"),
    "variable of another type": (
        "query($id: ID!) { app(id: $id) { id } }",
        {"id": {"not": "an id"}},
        "BAD_USER_INPUT",
    ),
    "missing variable": ("query($id: ID!) { app(id: $id) { id } }", {}, "BAD_USER_INPUT"),
}


@pytest.fixture
async def url(tmp_path: Path) -> AsyncIterator[str]:
    database = f"sqlite://{tmp_path / 'db.sqlite3'}"
    async with served(database, tmp_path, max_query_depth=2) as base:
        yield base


async def post(
    base: str, query: str, variables: dict[str, Any] | None = None, **headers: str
) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        return await http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={k.replace("_", "-"): v for k, v in headers.items()},
        )


@pytest.mark.parametrize("case", list(REQUEST_ERRORS))
async def test_request_errors_carry_a_code(url: str, case: str) -> None:
    query, variables, code = REQUEST_ERRORS[case]
    plain = await post(url, query, variables)
    assert (plain.status_code, plain.headers["content-type"]) == (200, JSON), plain.text
    body = plain.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == [code] * len(body["errors"])

    typed = await post(url, query, variables, accept=WANTS)
    assert typed.status_code == 400, typed.text
    assert typed.headers["content-type"] == GRAPHQL_RESPONSE_JSON
    assert "data" not in typed.json()  # a request error: nothing executed
    assert typed.json()["errors"] == body["errors"]


SUBSCRIBE = 'subscription($app: ID!) { integrationData(appId: $app, endpointId: "e") { id } }'


async def test_request_errors_over_a_websocket_carry_a_code(url: str) -> None:
    failing = [
        ('subscription { integrationData(appId: "a", endpointId: "e") { id }', {}),
        ("subscription { nope }", {}),
        (SUBSCRIBE, {"app": {"not": "an id"}}),
        (SUBSCRIBE, {}),
    ]
    expected = [
        "GRAPHQL_PARSE_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
        "BAD_USER_INPUT",
        "BAD_USER_INPUT",
    ]
    address = url.replace("http", "ws", 1) + "/graphql"
    async with websockets.connect(address, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "connection_ack"
        for n, (query, variables) in enumerate(failing):
            payload = {"query": query, "variables": variables}
            await ws.send(json.dumps({"id": str(n), "type": "subscribe", "payload": payload}))
            message = json.loads(await asyncio.wait_for(ws.recv(), 5))
            assert (message["id"], message["type"]) == (str(n), "error"), message
            assert [e["extensions"]["code"] for e in message["payload"]] == [expected[n]]


async def test_an_executed_document_is_200_with_data(url: str) -> None:
    ok = await post(url, "{ apps { id } }", accept=WANTS)
    assert (ok.status_code, ok.headers["content-type"]) == (200, GRAPHQL_RESPONSE_JSON)
    assert ok.json() == {"data": {"apps": []}}
    # a mutation whose input is refused executed all the same: a typed result, 200
    refused = await post(
        url,
        'mutation { createApp(input: {name: ""}) { __typename } }',
        accept=GRAPHQL_RESPONSE_JSON,
    )
    assert refused.status_code == 200
    assert refused.json() == {"data": {"createApp": {"__typename": "ValidationErrors"}}}


@pytest.mark.parametrize(
    "accept",
    [None, "*/*", "application/json", "application/json, application/graphql-response+json;q=0.5"],
)
async def test_clients_that_do_not_ask_get_json_and_200(url: str, accept: str | None) -> None:
    headers = {"accept": accept} if accept is not None else {}
    response = await post(url, "{ apps { nope } }", **headers)
    assert (response.status_code, response.headers["content-type"]) == (200, JSON)
    assert response.json()["data"] is None


async def test_refused_callers_get_401_and_403(tmp_path: Path) -> None:
    async with served(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=SECRET) as base:
        anonymous = await post(base, "{ apps { id } }", accept=WANTS)
        assert anonymous.status_code == 401, anonymous.text
        assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        viewer = mint_token(SECRET, Role.VIEWER)
        forbidden = await post(
            base,
            'mutation { createApp(input: {name: "x"}) { __typename } }',
            accept=WANTS,
            authorization=f"Bearer {viewer}",
        )
        assert forbidden.status_code == 403, forbidden.text
        assert "data" not in forbidden.json()
        assert forbidden.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_cached_dashboard_answers_in_the_media_type_asked_for(tmp_path: Path) -> None:
    async with (
        running_fake_service() as fake,
        api_for(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path) as api,
    ):
        app_id = await demo_app(api, fake, "a")
        query = f'{{ integrationData(appId: "{app_id}", endpointId: "reading") {{ json }} }}'
        first = await api_post(api, query, JSON)
        for accept in (GRAPHQL_RESPONSE_JSON, JSON, GRAPHQL_RESPONSE_JSON):
            again = await api_post(api, query, accept)
            assert again.headers["content-type"] == accept
            assert again.content == first.content
        assert fake.calls["a"] == 1  # the repeats came from the response cache


async def api_post(api: Api, query: str, accept: str) -> httpx.Response:
    response = await api.http.post("/graphql", json={"query": query}, headers={"accept": accept})
    assert response.status_code == 200, response.text
    return response


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/graphql-response+json", GRAPHQL_RESPONSE_JSON),
        ("application/json, application/graphql-response+json", GRAPHQL_RESPONSE_JSON),
        ("application/graphql-response+json;q=0.5, application/json", JSON),
        ("application/graphql-response+json;q=0, */*", JSON),
        ("application/graphql-response+json;q=bogus", JSON),
        ("text/html, application/graphql-response+json;q=0.8, */*;q=0.1", GRAPHQL_RESPONSE_JSON),
        (  # urql's
            "application/graphql-response+json, application/graphql+json, application/json, "
            "text/event-stream, multipart/mixed",
            GRAPHQL_RESPONSE_JSON,
        ),
    ],
)
def test_media_type_negotiation(accept: str | None, expected: str) -> None:
    assert response_media_type(accept) == expected
