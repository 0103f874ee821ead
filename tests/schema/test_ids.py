"""Every ID argument answers "not found" (or a typed error) for any string a client may send:
empty, 10 KB, unicode, a NUL byte, SQL-ish, one character too long for the column. On SQLite
and PostgreSQL (which refuses a NUL byte and checks the column length itself)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
import websockets

from tests.schema.test_apps import DELETE, UPDATE, create, demo_config, errors_of
from tests.schema.test_subscriptions import SUBSCRIBE
from tests.schema.test_test_integration import TEST
from tests.schema.test_widgets import CREATE_WIDGET, DELETE_WIDGET, UPDATE_WIDGET, integration
from tests.support.api import Api, served

NASTY = {
    "empty": "",
    "10kb": "x" * 10_240,
    "37-chars": "a" * 37,
    "unicode": "ünïcødé-🙂",
    "nul": "a\x00b",
    "sql": "' OR 1=1; DROP TABLE apps; --",
    "percent": "%",
    "whitespace": " \t\n",
    "uuid-with-nul": "0f8fad5b-d9cb-469f-a165-70867728\x00950e",
}
LOOPBACK = demo_config(url="http://127.0.0.1:9")
"""Were anything sent, it would go nowhere but here (and nothing is)."""
MAX_ECHO = 200
"""An error quotes a bad id cut short, never kilobytes of it."""

APP = "query($id: ID!) { app(id: $id) { id } }"
DATA = """query($app: ID!, $endpoint: ID!) {
  integrationData(appId: $app, endpointId: $endpoint) { error { code message } } }"""
APP_DATA = """query($app: ID!, $endpoint: ID!) {
  app(id: $app) { data(endpointId: $endpoint) { error { code message } } } }"""
REFRESH = """mutation($app: ID!, $endpoint: ID!) {
  refreshIntegrationData(appId: $app, endpointId: $endpoint) { error { code message } } }"""
INTEGRATION = "query($id: ID!) { integration(id: $id) { id } }"


def assert_short(messages: list[str]) -> None:
    for message in messages:
        assert len(message) < MAX_ECHO, message[:300]


@pytest.fixture(params=list(NASTY.values()), ids=list(NASTY))
def nasty(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


async def test_queries_answer_not_found(api: Api, demo_integration: object, nasty: str) -> None:
    real = (await create(api, integrationType="demo", integrationConfig=demo_config()))["id"]
    assert (await api.query(APP, {"id": nasty})) == {"app": None}
    assert (await api.query(INTEGRATION, {"id": nasty})) == {"integration": None}
    messages = []
    for query, field in ((DATA, "integrationData"), (REFRESH, "refreshIntegrationData")):
        error = (await api.query(query, {"app": nasty, "endpoint": "reading"}))[field]["error"]
        assert error["code"] == "APP_NOT_FOUND" and "no App with id" in error["message"]
        messages.append(error["message"])
        # a real App, and an endpoint id no integration has
        error = (await api.query(query, {"app": real, "endpoint": nasty}))[field]["error"]
        assert error["code"] == "ENDPOINT_NOT_FOUND" and "no endpoint" in error["message"]
        messages.append(error["message"])
    error = (await api.query(APP_DATA, {"app": real, "endpoint": nasty}))["app"]["data"]["error"]
    assert error["code"] == "ENDPOINT_NOT_FOUND"
    messages.append(error["message"])
    assert_short(messages)
    assert (await api.query("{ apps { id } }"))["apps"] == [{"id": real}]


async def test_mutations_answer_not_found(api: Api, demo_integration: object, nasty: str) -> None:
    real = (await create(api, integrationType="demo", integrationConfig=demo_config()))["id"]
    results: list[dict[str, Any]] = [
        (await api.query(UPDATE, {"id": nasty, "input": {"name": "x"}}))["updateApp"],
        (await api.query(DELETE, {"id": nasty}))["deleteApp"],
        (await api.query(UPDATE_WIDGET, {"id": nasty, "input": {"title": "x"}}))["updateWidget"],
        (await api.query(DELETE_WIDGET, {"id": nasty}))["deleteWidget"],
    ]
    for result in results:
        assert errors_of(result) == {"id": "NOT_FOUND"}
    tested = (
        await api.query(
            TEST,
            {"input": {"integrationType": "demo", "config": LOOPBACK, "appId": nasty}},
        )
    )["testIntegration"]
    assert errors_of(tested) == {"appId": "NOT_FOUND"}
    widget = (
        await api.query(
            CREATE_WIDGET,
            {"input": {"config": integration(nasty)}},
        )
    )["createWidget"]
    assert set(errors_of(widget)) == {"config.appId"}
    endpoint = (
        await api.query(
            CREATE_WIDGET,
            {"input": {"config": integration(real, nasty)}},
        )
    )["createWidget"]
    assert set(errors_of(endpoint)) == {"config.endpointId"}
    unknown_type = (
        await api.query(TEST, {"input": {"integrationType": nasty, "config": LOOPBACK}})
    )["testIntegration"]
    assert errors_of(unknown_type) == {"integrationType": "UNKNOWN_INTEGRATION"}
    assert_short([e["message"] for r in (*results[:3], tested) for e in r["errors"]])
    [unknown] = unknown_type["errors"]
    assert len(unknown["message"]) < 1000  # the known types, and the bad one cut short
    assert (await api.query("{ apps { id } }"))["apps"] == [{"id": real}]


@pytest.mark.parametrize("bad", [NASTY["10kb"], NASTY["nul"], NASTY["unicode"], NASTY["empty"]])
async def test_subscription_answers_not_found_and_completes(
    database_url: str, tmp_path: Path, bad: str
) -> None:
    async with (
        served(database_url, tmp_path) as url,
        websockets.connect(
            url.replace("http", "ws", 1) + "/graphql", subprotocols=["graphql-transport-ws"]
        ) as ws,
    ):
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "connection_ack"
        variables = {"app": bad, "endpoint": "reading"}
        payload = {"query": SUBSCRIBE, "variables": variables}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        first = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert first["type"] == "next", first
        data = first["payload"]["data"]["integrationData"]
        assert data["error"] == {"code": "APP_NOT_FOUND"}
        assert json.loads(await asyncio.wait_for(ws.recv(), 5)) == {"id": "1", "type": "complete"}
