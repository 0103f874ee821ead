"""The sign-in API: ``me`` for each way of signing in, the API key mutations' typed results and
access rules, and a revoked key never answered from the response cache."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.auth import Role, mint_token
from tests.schema.test_integration_data import DATA, demo_app
from tests.schema.test_response_cache import count_executions
from tests.support.api import Api, api_for
from tests.support.fake_service import FakeService, running_fake_service
from tests.support.signin import CREATE_KEY, LIST_KEYS, ME, REVOKE_KEY

SECRET = "m" * 40


@pytest.fixture
async def secured(database_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with api_for(database_url, tmp_path, jwt_secret=SECRET) as api:
        api.token = mint_token(SECRET, Role.ADMIN, subject="root")
        yield api


@pytest.fixture
async def fake() -> AsyncIterator[FakeService]:
    async with running_fake_service() as service:
        yield service


async def new_key(api: Api, name: str, role: str = "VIEWER") -> tuple[str, str]:
    created = (await api.query(CREATE_KEY, {"name": name, "role": role}))["createApiKey"]
    assert created["__typename"] == "CreatedApiKey", created
    return created["key"], created["apiKey"]["id"]


async def test_me_with_authentication_off_is_an_anonymous_admin(api: Api) -> None:
    assert await api.query(ME) == {"me": {"name": None, "role": "ADMIN", "via": "NONE"}}
    # keys may be created beforehand; with authentication off they change nothing
    key, _ = await new_key(api, "for later")
    assert await api.query(ME, token=key) == {"me": {"name": None, "role": "ADMIN", "via": "NONE"}}


async def test_me_with_a_jwt_and_with_an_api_key(secured: Api) -> None:
    assert await secured.query(ME) == {"me": {"name": "root", "role": "ADMIN", "via": "JWT"}}
    key, _ = await new_key(secured, "deploy", "ADMIN")
    assert await secured.query(ME, token=key) == {
        "me": {"name": "deploy", "role": "ADMIN", "via": "API_KEY"}
    }
    [error] = await secured.errors(ME, token="tw_nothing")
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_key_mutations_return_typed_errors_naming_the_field(secured: Api) -> None:
    await new_key(secured, "grafana")
    for name, code in [("", "MISSING"), ("n" * 65, "TOO_LONG"), ("grafana", "TAKEN")]:
        result = (await secured.query(CREATE_KEY, {"name": name, "role": "VIEWER"}))["createApiKey"]
        assert result["__typename"] == "ValidationErrors"
        errors = [(e["argument"], e["field"], e["code"]) for e in result["errors"]]
        assert errors == [("name", None, code)]
    for missing in ("00000000-0000-0000-0000-000000000000", "x" * 5000, "a\x00b", "ü", "1 OR 1=1"):
        result = (await secured.query(REVOKE_KEY, {"id": missing}))["revokeApiKey"]
        assert result["__typename"] == "ValidationErrors"
        errors = [(e["argument"], e["field"], e["code"]) for e in result["errors"]]
        assert errors == [("id", None, "NOT_FOUND")]
    [error] = await secured.errors(CREATE_KEY, {"name": "x", "role": "ROOT"})
    assert "ROOT" in error["message"]  # not a Role: refused by validation


async def test_only_admins_see_and_manage_keys(secured: Api) -> None:
    viewer_key, key_id = await new_key(secured, "viewer key")
    for bearer in (viewer_key, mint_token(SECRET, Role.VIEWER)):
        [error] = await secured.errors(LIST_KEYS, token=bearer)
        assert (error["extensions"]["code"], error["message"]) == (
            "FORBIDDEN",
            "apiKeys needs the admin role",
        )
        for document, variables in (
            (CREATE_KEY, {"name": "mine", "role": "ADMIN"}),
            (REVOKE_KEY, {"id": key_id}),
        ):
            [error] = await secured.errors(document, variables, token=bearer)
            assert error["extensions"]["code"] == "FORBIDDEN"
    assert [k["name"] for k in (await secured.query(LIST_KEYS))["apiKeys"]] == ["viewer key"]


async def test_a_revoked_key_is_not_answered_from_the_response_cache(
    tmp_path: Path, fake: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with api_for(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=SECRET) as api:
        admin = mint_token(SECRET, Role.ADMIN)
        api.token = admin
        app_id = await demo_app(api, fake, "a")
        key, key_id = await new_key(api, "wall")
        variables = {"app": app_id, "endpoint": "reading"}
        executions = count_executions(api, monkeypatch)
        first = await api.query(DATA, variables, token=key)
        assert await api.query(DATA, variables, token=key) == first
        assert executions[0] == 1, "the second request was not answered from the cache"

        await api.query(REVOKE_KEY, {"id": key_id}, token=admin)
        [error] = await api.errors(DATA, variables, token=key)
        assert (error["extensions"]["code"], error["message"]) == (
            "UNAUTHENTICATED",
            "the API key is not valid (unknown or revoked)",
        )
        # the cached response is still there for those who may read it
        assert await api.query(DATA, variables, token=mint_token(SECRET, Role.VIEWER)) == first
