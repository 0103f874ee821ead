"""PostgreSQL unreachable: /readyz fails, operations get a clear error, nothing is half
written, and Tilewire resumes by itself when the database is back."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import POSTGRES
from tests.schema.test_apps import CREATE
from tests.support.api import api_for
from tests.support.proxy import TcpProxy


@pytest.fixture
async def proxy() -> AsyncIterator[TcpProxy]:
    proxy = TcpProxy("127.0.0.1", 5432)
    await proxy.up()
    yield proxy
    await proxy.down()


async def test_database_outage_and_recovery(
    postgres_database: str, proxy: TcpProxy, tmp_path: Path
) -> None:
    POSTGRES.reset(postgres_database)
    url = f"postgres://postgres@127.0.0.1:{proxy.port}/{postgres_database}"
    async with api_for(url, tmp_path) as api:
        await api.query(CREATE, {"input": {"name": "before"}})
        assert (await api.http.get("/readyz")).status_code == 200

        await proxy.down()
        ready = await api.http.get("/readyz")
        assert ready.status_code == 503 and ready.json()["database"] == "unreachable"
        for query, variables in (
            ("{ apps { id } }", None),
            (CREATE, {"input": {"name": "during"}}),
        ):
            [error] = await api.errors(query, variables)
            assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE", error
            assert "database is unreachable" in error["message"]
            assert "Traceback" not in str(error)

        await proxy.up()
        deadline = time.monotonic() + 15
        while (await api.http.get("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, "did not recover"
            await asyncio.sleep(0.2)
        names = [a["name"] for a in (await api.query("{ apps { name } }"))["apps"]]
        assert names == ["before"]  # nothing from the outage was half written
        await api.query(CREATE, {"input": {"name": "after"}})
        assert len((await api.query("{ apps { name } }"))["apps"]) == 2


async def test_known_dashboard_during_an_outage_gets_the_clear_error(
    postgres_database: str, proxy: TcpProxy, tmp_path: Path
) -> None:
    """A dashboard document seen before is warmed before execution; with the database gone,
    warming fails quietly and the request reports the outage like any other."""
    from tests.schema.test_integration_data import Clock, demo_app
    from tests.schema.test_response_cache import dashboard
    from tests.support.fake_service import running_fake_service

    POSTGRES.reset(postgres_database)
    url = f"postgres://postgres@127.0.0.1:{proxy.port}/{postgres_database}"
    async with running_fake_service() as fake, api_for(url, tmp_path) as api:
        clock = Clock()
        api.app.state.services.live.hub.clock = clock
        document = dashboard({"a": await demo_app(api, fake, "a")})
        assert (await api.query(document))["a"]["json"] == {"value": 42}
        await proxy.down()
        clock.now += 11  # the value and the cached response expired
        [error] = await asyncio.wait_for(api.errors(document), 30)
        assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE", error
        await proxy.up()
        deadline = time.monotonic() + 15
        while (await api.http.get("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, "did not recover"
            await asyncio.sleep(0.2)
        assert (await api.query(document))["a"]["json"] == {"value": 42}


async def test_api_keys_during_an_outage(
    postgres_database: str, proxy: TcpProxy, tmp_path: Path
) -> None:
    """A key this process checked recently keeps working (revoking needs the database too);
    a key it has not seen cannot be checked and is refused with DATABASE_UNAVAILABLE."""
    from app.api_keys import RECHECK, UNCHECKED
    from app.auth import Role, mint_token
    from tests.schema.test_integration_data import Clock
    from tests.support.signin import CREATE_KEY, ME

    POSTGRES.reset(postgres_database)
    secret = "o" * 40
    url = f"postgres://postgres@127.0.0.1:{proxy.port}/{postgres_database}"
    async with api_for(url, tmp_path, jwt_secret=secret) as api:
        clock = Clock()
        api.app.state.services.keys.clock = clock
        api.token = mint_token(secret, Role.ADMIN)
        keys = [
            (await api.query(CREATE_KEY, {"name": name, "role": "VIEWER"}))["createApiKey"]["key"]
            for name in ("used", "unused")
        ]
        used, unused = keys
        assert (await api.query(ME, token=used))["me"]["name"] == "used"

        await proxy.down()
        clock.now += RECHECK + 1  # due for a check, which cannot be made
        assert (await api.query(ME, token=used))["me"]["name"] == "used"
        [error] = await api.errors(ME, token=unused)
        assert (error["extensions"]["code"], error["message"]) == (
            "DATABASE_UNAVAILABLE",
            UNCHECKED,
        )
        await proxy.up()
        deadline = time.monotonic() + 15
        while (await api.http.get("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, "did not recover"
            await asyncio.sleep(0.2)
        assert (await api.query(ME, token=unused))["me"]["name"] == "unused"
