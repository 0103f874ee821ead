"""runAction as a dashboard meets it: the demo integration's actions against the counting fake
service on a real loopback socket, through Tilewire's GraphQL API (in process, or served by
uvicorn for the subscriber), with JWT roles where who may run what is the point."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from app.auth import Role, mint_token
from tests.live.actions import RUN, create_app, run_action
from tests.schema.test_subscriptions import create_demo, open_subscription
from tests.support.api import Api, api_for, served
from tests.support.fake_service import API_KEY, FakeService, running_fake_service
from tests.support.signin import gql

SECRET = "actions-jwt-secret-" + "z" * 32
ADMIN = mint_token(SECRET, Role.ADMIN, subject="alice")
OPERATOR = mint_token(SECRET, Role.OPERATOR, subject="oscar")
VIEWER = mint_token(SECRET, Role.VIEWER, subject="vera")
PIN = "pin-canary-8d1e"

LOG = """query($app: ID, $first: Int, $after: String) {
  actionLog(appId: $app, first: $first, after: $after) {
    endCursor hasNextPage
    runs { id appId appName integrationType actionId actor via role input outcome errorCode
           message affected latencyMs createdAt } } }"""
APP_ACTIONS = """query($id: ID!) { app(id: $id) { allowedActions
  actions { id label destructive allowed affects inputFields { name kind required } } } }"""
CATALOGUE = """{ integration(id: "demo") { actions { id label description destructive affects
  inputFields { name label kind required minimum maximum group } inputSchema } } }"""
UPDATE = """mutation($id: ID!, $input: UpdateAppInput!) { updateApp(id: $id, input: $input) {
  __typename ... on App { allowedActions }
  ... on ValidationErrors { errors { argument field code message } } } }"""


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


@pytest.fixture
async def secured(tmp_path: Path) -> AsyncIterator[Api]:
    async with api_for(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=SECRET) as api:
        api.token = ADMIN
        yield api


def demo_config(fake: FakeService, name: str) -> dict[str, Any]:
    return {"url": fake.base(name), "credentials": {"apiKey": API_KEY}}


async def reading(api: Api, app_id: str, endpoint: str = "reading") -> Any:
    query = """query($app: ID!, $e: ID!) { integrationData(appId: $app, endpointId: $e) {
      json fetchedAt } }"""
    return (await api.query(query, {"app": app_id, "e": endpoint}))["integrationData"]["json"]


async def test_the_catalogue_lists_each_action_with_its_form(api: Api) -> None:
    actions = (await api.query(CATALOGUE))["integration"]["actions"]
    by_id = {a["id"]: a for a in actions}
    assert set(by_id) == {"setValue", "reset", "escape", "half"}
    set_value = by_id["setValue"]
    assert set_value["affects"] == ["reading", "gauge"]
    assert set_value["destructive"] is False and by_id["reset"]["destructive"] is True
    assert set_value["inputFields"] == [
        {
            "name": "value",
            "label": "Value",
            "kind": "NUMBER",
            "required": True,
            "minimum": 0.0,
            "maximum": 1_000_000.0,
            "group": "input",
        },
        {
            "name": "pin",
            "label": "PIN",
            "kind": "SECRET",
            "required": False,
            "minimum": None,
            "maximum": None,
            "group": "input",
        },
    ]
    schema = set_value["inputSchema"]
    assert schema["required"] == ["value"] and schema["additionalProperties"] is False
    assert by_id["reset"]["inputFields"] == []


async def test_an_action_changes_the_service_and_returns_the_refreshed_data(
    api: Api, fake: FakeService
) -> None:
    app_id = await create_app(api, "demo", demo_config(fake, "s"))
    assert await reading(api, app_id) == {"value": 42}  # cached for 10 s from now
    result = await run_action(api, app_id, "setValue", {"value": 7})
    assert result["__typename"] == "ActionSuccess", result
    assert result["message"] == "The reading is now 7" and result["affected"] == 1
    assert result["replayed"] is False and result["latencyMs"] >= 0
    assert [(d["endpointId"], d["json"], d["error"]) for d in result["data"]] == [
        ("reading", {"value": 7}, None),
        ("gauge", {"value": 7}, None),
    ]
    assert fake.actions["s"] == 1
    # The cache holds the new state: the next read is served without an upstream call.
    calls = fake.calls["s"]
    assert await reading(api, app_id) == {"value": 7}
    assert fake.calls["s"] == calls


async def test_a_fetch_in_flight_when_the_action_ends_is_not_taken_as_the_new_state(
    api: Api, fake: FakeService
) -> None:
    app_id = await create_app(api, "demo", demo_config(fake, "f"))
    fake.latency["f"] = 0.3
    before = asyncio.get_running_loop().create_task(reading(api, app_id))
    await asyncio.sleep(0.05)  # the read is on its way and will answer 42
    result = await run_action(api, app_id, "setValue", {"value": 9})
    assert result["__typename"] == "ActionSuccess", result
    assert result["data"][0]["json"] == {"value": 9}
    assert await before == {"value": 42}
    assert await reading(api, app_id) == {"value": 9}


async def test_bad_requests_are_typed_errors_naming_the_field_and_nothing_is_sent(
    api: Api, fake: FakeService
) -> None:
    app_id = await create_app(api, "demo", demo_config(fake, "v"))

    async def errors(*args: Any, **kwargs: Any) -> list[tuple[str, str | None, str]]:
        result = await run_action(api, *args, **kwargs)
        assert result["__typename"] == "ValidationErrors", result
        return [(e["argument"], e["field"], e["code"]) for e in result["errors"]]

    assert await errors("no-such-app", "setValue", {"value": 1}) == [("appId", None, "NOT_FOUND")]
    assert await errors(app_id, "launch", {}) == [("actionId", None, "UNKNOWN_ACTION")]
    assert await errors(app_id, "setValue", {"value": -1, "colour": "red"}) == [
        ("input", "value", "OUT_OF_RANGE"),
        ("input", "colour", "UNKNOWN_FIELD"),
    ]
    assert await errors(app_id, "setValue", {"value": "7"}) == [("input", "value", "WRONG_TYPE")]
    assert await errors(app_id, "setValue", {}) == [("input", "value", "MISSING")]
    # A destructive action: not allowed by default, and it needs confirm.
    assert await errors(app_id, "reset") == [
        ("actionId", None, "ACTION_NOT_ALLOWED"),
        ("confirm", None, "CONFIRMATION_REQUIRED"),
    ]
    assert await errors(app_id, "setValue", {"value": 1}, client_key="\x00" * 3) == [
        ("clientKey", None, "INVALID_VALUE")
    ]
    no_integration = await api.query(
        'mutation { createApp(input: {name: "plain"}) { ... on App { id } } }'
    )
    plain = no_integration["createApp"]["id"]
    assert await errors(plain, "setValue") == [("appId", None, "APP_HAS_NO_INTEGRATION")]
    assert fake.actions["v"] == 0
    # The input must be an object: a list is refused as such.
    assert await errors(app_id, "setValue", [1]) == [("input", None, "WRONG_TYPE")]


async def test_admins_choose_the_actions_an_app_allows_and_destructive_ones_need_confirm(
    api: Api, fake: FakeService
) -> None:
    app_id = await create_app(api, "demo", demo_config(fake, "a"))
    shown = (await api.query(APP_ACTIONS, {"id": app_id}))["app"]
    assert shown["allowedActions"] == ["setValue", "escape", "half"]  # the non-destructive ones
    assert {a["id"]: a["allowed"] for a in shown["actions"]} == {
        "setValue": True,
        "reset": False,
        "escape": True,
        "half": True,
    }
    updated = await api.query(UPDATE, {"id": app_id, "input": {"allowedActions": ["reset"]}})
    assert updated["updateApp"]["allowedActions"] == ["reset"]
    refused = await run_action(api, app_id, "setValue", {"value": 3})
    assert refused["errors"][0]["code"] == "ACTION_NOT_ALLOWED"
    unconfirmed = await run_action(api, app_id, "reset")
    assert [e["code"] for e in unconfirmed["errors"]] == ["CONFIRMATION_REQUIRED"]
    assert fake.actions["a"] == 0
    done = await run_action(api, app_id, "reset", confirm=True)
    assert done["__typename"] == "ActionSuccess" and done["data"][0]["json"] == {"value": 0}
    # An unknown id is refused, naming its place in the list; null is the default again.
    wrong = await api.query(UPDATE, {"id": app_id, "input": {"allowedActions": ["reset", "nuke"]}})
    assert [(e["field"], e["code"]) for e in wrong["updateApp"]["errors"]] == [
        ("allowedActions.1", "UNKNOWN_ACTION")
    ]
    back = await api.query(UPDATE, {"id": app_id, "input": {"allowedActions": None}})
    assert back["updateApp"]["allowedActions"] == ["setValue", "escape", "half"]


async def test_viewers_are_refused_operators_run_actions_and_only_admins_change_apps(
    secured: Api, fake: FakeService
) -> None:
    app_id = await create_app(secured, "demo", demo_config(fake, "r"))
    variables = {"app": app_id, "action": "setValue", "input": {"value": 5}}
    [viewer] = await secured.errors(RUN, variables, token=VIEWER)
    assert viewer["extensions"]["code"] == "FORBIDDEN"
    assert viewer["message"] == "runAction needs the operator or admin role"
    assert fake.actions["r"] == 0
    ran = (await secured.query(RUN, variables, token=OPERATOR))["runAction"]
    assert ran["__typename"] == "ActionSuccess", ran
    assert fake.actions["r"] == 1
    # An operator may read like a viewer, but not change Apps, nor smuggle a change in
    # beside runAction.
    assert (await secured.query("{ apps { id } }", token=OPERATOR))["apps"] == [{"id": app_id}]
    [changed] = await secured.errors(UPDATE, {"id": app_id, "input": {"name": "x"}}, token=OPERATOR)
    assert changed["extensions"]["code"] == "FORBIDDEN"
    both = (
        'mutation($app: ID!) { runAction(appId: $app, actionId: "setValue", input: {value: 1}) '
        "{ __typename } ...F } fragment F on Mutation { deleteApp(id: $app) { __typename } }"
    )
    [smuggled] = await secured.errors(both, {"app": app_id}, token=OPERATOR)
    assert smuggled["extensions"]["code"] == "FORBIDDEN"
    assert fake.actions["r"] == 1
    [log] = await secured.errors(LOG, {}, token=OPERATOR)
    assert log["extensions"]["code"] == "FORBIDDEN"


async def test_every_run_is_recorded_without_secrets_and_the_log_pages(
    secured: Api, fake: FakeService, caplog: pytest.LogCaptureFixture
) -> None:
    app_id = await create_app(secured, "demo", demo_config(fake, "l"))
    caplog.set_level(logging.INFO)
    ok = await run_action(secured, app_id, "setValue", {"value": 11, "pin": PIN})
    assert ok["__typename"] == "ActionSuccess"
    fake.failing_actions.add("l")
    failed = await run_action(secured, app_id, "setValue", {"value": 12})
    assert failed["__typename"] == "ActionFailure"
    assert failed["error"]["code"] == "UPSTREAM_ERROR" and failed["error"]["status"] == 500
    fake.failing_actions.clear()
    third = await secured.query(
        RUN, {"app": app_id, "action": "setValue", "input": {"value": 13}}, token=OPERATOR
    )
    assert third["runAction"]["__typename"] == "ActionSuccess"

    first_page = (await secured.query(LOG, {"app": app_id, "first": 2}))["actionLog"]
    assert first_page["hasNextPage"] is True
    newest, middle = first_page["runs"]
    assert (newest["actor"], newest["role"], newest["via"]) == ("oscar", "operator", "jwt")
    assert newest["input"] == {"value": 13, "pin": None}
    assert (middle["outcome"], middle["errorCode"]) == ("FAILED", "UPSTREAM_ERROR")
    rest = await secured.query(LOG, {"app": app_id, "first": 2, "after": first_page["endCursor"]})
    [oldest] = rest["actionLog"]["runs"]
    assert rest["actionLog"]["hasNextPage"] is False
    assert oldest["outcome"] == "SUCCEEDED" and oldest["message"] == "The reading is now 11"
    assert (oldest["actor"], oldest["role"], oldest["appName"]) == ("alice", "admin", "demo")
    assert oldest["input"] == {"value": 11, "pin": "***"}
    assert oldest["latencyMs"] is not None and oldest["integrationType"] == "demo"
    for text in [*secured.responses, caplog.text]:
        assert PIN not in text
    assert "action setValue of App" in caplog.text
    # Another App's runs are not in this App's log; without appId, all of them are.
    other = await create_app(secured, "demo", demo_config(fake, "l2"))
    assert (await secured.query(LOG, {"app": other}))["actionLog"]["runs"] == []
    assert len((await secured.query(LOG, {"first": 10}))["actionLog"]["runs"]) == 3
    [bad] = await secured.errors(LOG, {"after": "not-a-cursor"})
    assert bad["extensions"]["code"] == "BAD_USER_INPUT"
    [big] = await secured.errors(LOG, {"first": 1000})
    assert "first must be 1 to 100" in big["message"]


async def test_a_retry_with_the_same_client_key_runs_once(api: Api, fake: FakeService) -> None:
    app_id = await create_app(api, "demo", demo_config(fake, "k"))
    fake.action_latency["k"] = 0.3
    # Two at once (a double click), then one later (a retry after a dropped answer).
    first, second = await asyncio.gather(
        run_action(api, app_id, "setValue", {"value": 5}, client_key="click-1"),
        run_action(api, app_id, "setValue", {"value": 5}, client_key="click-1"),
    )
    later = await run_action(api, app_id, "setValue", {"value": 5}, client_key="click-1")
    assert fake.actions["k"] == 1
    for result in (first, second, later):
        assert result["__typename"] == "ActionSuccess", result
        assert result["message"] == "The reading is now 5"
    assert sorted([first["replayed"], second["replayed"], later["replayed"]]) == [
        False,
        True,
        True,
    ]
    assert later["data"][0]["json"] == {"value": 5}
    # The same key for another action is refused; a new key runs again.
    reused = await run_action(api, app_id, "half", client_key="click-1")
    assert reused["errors"][0]["code"] == "CLIENT_KEY_REUSED"
    again = await run_action(api, app_id, "setValue", {"value": 5}, client_key="click-2")
    assert again["replayed"] is False and fake.actions["k"] == 2
    # A failure is replayed as the same failure, not retried.
    fake.failing_actions.add("k")
    failed = await run_action(api, app_id, "setValue", {"value": 6}, client_key="click-3")
    fake.failing_actions.clear()
    replayed = await run_action(api, app_id, "setValue", {"value": 6}, client_key="click-3")
    assert failed["__typename"] == replayed["__typename"] == "ActionFailure"
    assert replayed["replayed"] is True and replayed["error"]["code"] == "UPSTREAM_ERROR"
    assert fake.actions["k"] == 3


async def test_failures_are_typed_and_never_retried(api: Api, fake: FakeService) -> None:
    app_id = await create_app(api, "demo", demo_config(fake, "x"))
    half = await run_action(api, app_id, "half")
    assert half["__typename"] == "ActionFailure"
    assert half["error"] == {
        "code": "PARTIALLY_APPLIED",
        "message": "set the reading to 7, but the second step failed",
        "status": None,
    }
    assert fake.actions["x"] == 1  # the first step, once
    escaped = await run_action(api, app_id, "escape")
    assert escaped["error"]["code"] == "ORIGIN_REFUSED"
    fake.failing_actions.add("x")
    failed = await run_action(api, app_id, "setValue", {"value": 1})
    assert failed["error"]["code"] == "UPSTREAM_ERROR" and "data" not in failed
    assert fake.actions["x"] == 2  # once, not retried
    disabled = await api.query(UPDATE, {"id": app_id, "input": {"integrationEnabled": False}})
    assert disabled["updateApp"]["__typename"] == "App"
    off = await run_action(api, app_id, "setValue", {"value": 1})
    assert off["error"]["code"] == "INTEGRATION_DISABLED" and fake.actions["x"] == 2


async def test_actions_are_rate_limited_per_caller(
    database_url: str, tmp_path: Path, fake: FakeService
) -> None:
    async with api_for(database_url, tmp_path, action_rate_limit=2) as api:
        app_id = await create_app(api, "demo", demo_config(fake, "rl"))
        for value in (1, 2):
            ok = await run_action(api, app_id, "setValue", {"value": value})
            assert ok["__typename"] == "ActionSuccess"
        limited = await run_action(api, app_id, "setValue", {"value": 3})
        assert limited["__typename"] == "ActionFailure"
        assert limited["error"]["code"] == "RATE_LIMITED"
        assert limited["retryAfterSeconds"] >= 1
        assert fake.actions["rl"] == 2


async def test_a_subscriber_sees_the_new_state_within_a_second(
    database_url: str, tmp_path: Path, fake: FakeService
) -> None:
    async with served(database_url, tmp_path) as url:
        app_id = await create_demo(url, fake, "sub")
        ws, subscriber = await open_subscription(url, app_id, "gauge")  # kept 30 s
        try:
            first = await subscriber.next()
            assert first["data"]["integrationData"]["json"] == {"value": 42}
            import httpx

            async with httpx.AsyncClient() as http:
                started = time.monotonic()
                body = await gql(
                    http,
                    url,
                    RUN,
                    {"app": app_id, "action": "setValue", "input": {"value": 8}},
                )
                assert body["data"]["runAction"]["__typename"] == "ActionSuccess", body
                pushed = await subscriber.next(timeout=1.0)
                assert pushed["data"]["integrationData"]["json"] == {"value": 8}
                assert time.monotonic() - started < 1.0
        finally:
            await ws.close()
