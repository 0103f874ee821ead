"""Bearer JWT auth: viewers read, admins write, everything else is refused with a reason."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import jwt
import pytest

from app.auth import ISSUER, Role, mint_token
from tests.support.api import Api, api_for

SECRET = "test-jwt-secret-" + "x" * 32
CREATE = 'mutation { createApp(input: {name: "x"}) { __typename } }'


@pytest.fixture
async def secured(tmp_path: Path) -> AsyncIterator[Api]:
    async with api_for(f"sqlite://{tmp_path / 'db.sqlite3'}", tmp_path, jwt_secret=SECRET) as api:
        yield api


def token(
    role: str = "admin", secret: str = SECRET, exp_offset: int = 3600, **claims: object
) -> str:
    now = int(time.time())
    payload = {"role": role, "iss": ISSUER, "iat": now, "exp": now + exp_offset, **claims}
    return jwt.encode(payload, secret, algorithm="HS256")


async def error_of(api: Api, query: str, bearer: str | None) -> tuple[str, str]:
    [error] = await api.errors(query, token=bearer)
    return error["extensions"]["code"], error["message"]


async def test_admin_may_query_and_mutate(secured: Api) -> None:
    admin = mint_token(SECRET, Role.ADMIN)
    assert (await secured.query(CREATE, token=admin))["createApp"]["__typename"] == "App"
    assert len((await secured.query("{ apps { id } }", token=admin))["apps"]) == 1


async def test_viewer_may_query_but_not_mutate(secured: Api) -> None:
    viewer = mint_token(SECRET, Role.VIEWER)
    assert (await secured.query("{ apps { id } }", token=viewer))["apps"] == []
    assert await error_of(secured, CREATE, viewer) == (
        "FORBIDDEN",
        "this operation needs the admin role",
    )
    assert (await secured.query("{ apps { id } }", token=viewer))["apps"] == []


@pytest.mark.parametrize(
    ("bearer", "message"),
    [
        (None, "authentication required"),
        (token(secret="another-secret-" + "y" * 32), "signature is not valid"),
        (token(exp_offset=-10), "expired"),
        (token(role="root"), "role must be"),
        ("garbage", "not valid"),
        (jwt.encode({"role": "admin", "iss": ISSUER}, SECRET, algorithm="HS256"), "not valid"),
        (token(iss="someone-else"), "not valid"),
    ],
)
async def test_rejected_credentials(secured: Api, bearer: str | None, message: str) -> None:
    for query in ("{ apps { id } }", CREATE):
        code, text = await error_of(secured, query, bearer)
        assert code == "UNAUTHENTICATED"
        assert message in text


async def test_wrong_scheme_is_explained(secured: Api) -> None:
    response = await secured.http.post(
        "/graphql", json={"query": "{ apps { id } }"}, headers={"Authorization": "Basic abc"}
    )
    assert "Bearer <token>" in response.json()["errors"][0]["message"]


async def test_alg_none_is_refused(secured: Api) -> None:
    forged = jwt.encode(
        {"role": "admin", "iss": ISSUER, "exp": int(time.time()) + 60}, None, algorithm="none"
    )
    code, _ = await error_of(secured, CREATE, forged)
    assert code == "UNAUTHENTICATED"


async def test_a_subscription_without_a_role_never_starts_whatever_the_transport() -> None:
    """AccessControl's refusal holds for a streamed subscription too (Strawberry would start
    the subscription whatever an extension set as the result)."""
    from types import SimpleNamespace

    from schema.context import Context
    from schema.schema import build_schema

    started: list[str] = []
    live = SimpleNamespace(subscribe=lambda *key: started.append("subscribed"))
    context = Context(services=SimpleNamespace(live=live), role=None, auth_error="no token")  # type: ignore[arg-type]
    stream = await build_schema().stream(
        'subscription { integrationData(appId: "a", endpointId: "e") { json } }',
        context_value=context,
    )
    results = [result async for result in stream]
    assert [r.errors[0].extensions for r in results if r.errors] == [{"code": "UNAUTHENTICATED"}]
    assert [r.errors[0].message for r in results if r.errors] == ["no token"]
    assert started == []
