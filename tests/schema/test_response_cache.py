"""Repeated dashboard documents are answered from the response cache, and only while every
value in them is fresh and no App changed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.auth import Role, mint_token
from schema.response_cache import is_dashboard_document
from tests.schema.test_apps import DELETE, UPDATE
from tests.schema.test_integration_data import DATA, Clock, data, demo_app
from tests.support.api import Api, api_for
from tests.support.fake_service import FakeService, running_fake_service


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


def count_executions(api: Api, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    schema = api.app.state.graphql.view.schema
    original = schema.execute

    async def counting(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return await original(*args, **kwargs)

    monkeypatch.setattr(schema, "execute", counting)
    return calls


async def test_repeated_dashboard_is_served_without_executing(
    api: Api, fake: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    api.app.state.services.live.hub.clock = clock
    executions = count_executions(api, monkeypatch)
    app_id = await demo_app(api, fake, "a")
    first = await data(api, app_id)
    for _ in range(5):
        assert await data(api, app_id) == first
    assert executions[0] == 2  # createApp, then the first dashboard query
    clock.now += 11  # the value expired: executed again, fetched again
    fake.values["a"] = 5
    assert (await data(api, app_id))["json"] == {"value": 5}
    assert executions[0] == 3 and fake.calls["a"] == 2


async def test_app_change_and_refresh_invalidate_cached_responses(
    api: Api, fake: FakeService
) -> None:
    app_id = await demo_app(api, fake, "a")
    await data(api, app_id)
    await api.query(UPDATE, {"id": app_id, "input": {"integrationEnabled": False}})
    assert "disabled" in (await data(api, app_id))["error"]["message"]
    await api.query(UPDATE, {"id": app_id, "input": {"integrationEnabled": True}})
    await data(api, app_id)
    fake.values["a"] = 9
    await api.query(
        'mutation($a: ID!) { refreshIntegrationData(appId: $a, endpointId: "reading") { json } }',
        {"a": app_id},
    )
    assert (await data(api, app_id))["json"] == {"value": 9}


async def test_roles_and_tokens_are_checked_on_cached_responses(
    tmp_path: Path, fake: FakeService
) -> None:
    secret = "c" * 40
    async with api_for(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=secret) as api:
        api.token = mint_token(secret, Role.ADMIN)
        app_id = await demo_app(api, fake, "a")
        await data(api, app_id)
        api.token = mint_token(secret, Role.VIEWER)
        assert (await data(api, app_id))["json"] == {"value": 42}
        api.token = None
        [error] = await api.errors(
            "query($app: ID!, $endpoint: ID!) { integrationData(appId: $app, endpointId: $endpoint) { json } }",
            {"app": app_id, "endpoint": "reading"},
        )
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
        expired = mint_token(secret, Role.ADMIN, ttl_seconds=-10)
        response = await api.raw(
            "query($app: ID!, $endpoint: ID!) { integrationData(appId: $app, endpointId: $endpoint) {\n"
            "  appId endpointId fetchedAt expiresAt stale json\n  error { code message status url }\n"
            "  payload { __typename ... on Reading { value } } } }",
            {"app": app_id, "endpoint": "reading"},
            token=expired,
        )
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def dashboard(app_ids: dict[str, str]) -> str:
    return (
        "{ "
        + " ".join(
            f'{name}: integrationData(appId: "{app_id}", endpointId: "reading") '
            "{ json error { message } }"
            for name, app_id in app_ids.items()
        )
        + " }"
    )


async def test_expired_dashboard_fetches_its_values_before_executing(
    api: Api, fake: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dashboard document that executed before: when its response expires, the next request
    starts its upstream calls before Strawberry executes anything, with one App lookup."""
    clock = Clock()
    api.app.state.services.live.hub.clock = clock
    app_ids = {name: await demo_app(api, fake, name) for name in ("a", "b", "slow")}
    fake.latency["slow"] = 0.2
    document = dashboard(app_ids)
    first = await api.query(document)
    assert {v["json"]["value"] for v in first.values()} == {42}

    schema = api.app.state.graphql.view.schema
    original, seen_at_execution = schema.execute, []

    async def execute(*args: object, **kwargs: object) -> object:
        # Execution waits here until every upstream has been asked: only requests started
        # before execution can arrive (bounded: without them this gives up after 5 s).
        for _ in range(500):
            if sum(fake.calls.values()) == 6:
                break
            await asyncio.sleep(0.01)
        seen_at_execution.append(dict(fake.calls))
        return await original(*args, **kwargs)

    live = api.app.state.services.live
    lookups = [0]
    targets = live.targets

    async def counting_targets(ids: list[str]) -> object:
        lookups[0] += 1
        return await targets(ids)

    monkeypatch.setattr(schema, "execute", execute)
    monkeypatch.setattr(live, "targets", counting_targets)
    clock.now += 11  # every value, and so the cached response, expired
    fake.values["b"] = 7
    second = await api.query(document)
    assert second["b"]["json"] == {"value": 7}
    assert seen_at_execution == [{"a": 2, "b": 2, "slow": 2}]  # all were asked already
    assert dict(fake.calls) == {"a": 2, "b": 2, "slow": 2}
    assert fake.arrivals[-3] == "slow"  # the slowest was asked first
    assert lookups[0] == 1


async def test_warmed_dashboard_reports_an_app_deleted_since(api: Api, fake: FakeService) -> None:
    clock = Clock()
    api.app.state.services.live.hub.clock = clock
    app_ids = {name: await demo_app(api, fake, name) for name in ("a", "b")}
    document = dashboard(app_ids)
    await api.query(document)
    await api.query(DELETE, {"id": app_ids["b"]})
    clock.now += 11
    result = await api.query(document)
    assert result["a"]["json"] == {"value": 42}
    assert result["b"] == {"json": None, "error": {"message": f"no App with id {app_ids['b']!r}"}}


def test_only_pure_integration_data_queries_are_dashboard_documents() -> None:
    from graphql import parse

    assert is_dashboard_document(
        parse('{ a: integrationData(appId: "1", endpointId: "x") { json } }'), None
    )
    assert not is_dashboard_document(parse("{ apps { id } }"), None)
    assert not is_dashboard_document(
        parse('{ integrationData(appId: "1", endpointId: "x") { json } apps { id } }'), None
    )
    assert not is_dashboard_document(
        parse('mutation { refreshIntegrationData(appId: "1", endpointId: "x") { json } }'), None
    )
    assert not is_dashboard_document(parse("{ ...F } fragment F on Query { apps { id } }"), None)
    two = parse(
        'query A { integrationData(appId: "1", endpointId: "x") { json } } query B { apps { id } }'
    )
    assert is_dashboard_document(two, None) is False


async def test_oversized_body_is_refused(api: Api) -> None:
    response = await api.http.post(
        "/graphql", content=b"x" * (1024 * 1024 + 1), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


async def test_a_padded_body_is_answered_but_never_kept(
    api: Api, fake: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The response cache keys on the body: 256 dashboards padded to 1 MB would hold 256 MB."""
    executions = count_executions(api, monkeypatch)
    app_id = await demo_app(api, fake, "a")
    request = {
        "query": DATA,
        "variables": {"app": app_id, "endpoint": "reading"},
        "padding": "x" * (128 * 1024),
    }
    for _ in range(3):
        response = await api.http.post("/graphql", json=request)
        assert response.json()["data"]["integrationData"]["json"] == {"value": 42}
    assert executions[0] == 4  # createApp, then every padded request
    assert fake.calls["a"] == 1  # the values themselves are still cached
    cache = api.app.state.graphql.cache
    assert all(len(body) <= 64 * 1024 for body, _ in cache._entries)
