"""Repeated dashboard documents are answered from the response cache, and only while every
value in them is fresh and no App changed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.auth import Role, mint_token
from schema.response_cache import is_dashboard_document
from tests.schema.test_apps import UPDATE
from tests.schema.test_integration_data import Clock, data, demo_app
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
