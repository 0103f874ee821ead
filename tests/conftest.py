"""Shared fixtures: databases (SQLite and PostgreSQL), the ASGI app, and a GraphQL client."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.live.services import known, prestart, stop_prestarting
from tests.support.api import Api, api_for
from tests.support.availability import unavailable
from tests.support.demo import Demo, demo, register_demo
from tests.support.postgres import PostgresServer

register_demo()  # before any test builds a schema (each app builds its own)

POSTGRES = PostgresServer(
    os.environ.get("TILEWIRE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of our own on the local PostgreSQL server, dropped at the end."""
    problem = POSTGRES.problem()
    if problem:
        unavailable(
            f"PostgreSQL is not reachable ({problem}); start it or set TILEWIRE_TEST_POSTGRES_URL"
        )
    name = f"tilewire_test_{uuid.uuid4().hex[:8]}"
    POSTGRES.create(name)
    try:
        yield name
    finally:
        POSTGRES.drop(name)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the PostgreSQL server ``postgres``, so that
    ``-m "not postgres"`` leaves them out."""
    for item in items:
        if "postgres_database" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the real services the selected live tests need in the background, in the order
    the tests need them: a module's ``LIVE_SERVICES``, else its folder's name (the ``svc``
    fixture of tests/integrations). Nothing starts for a run without live tests."""
    if session.config.option.collectonly:
        return
    wanted: list[str] = []
    for item in session.items:
        if item.get_closest_marker("live") is None:
            continue
        module = getattr(item, "module", None)
        names = getattr(module, "LIVE_SERVICES", None) or (item.path.parent.name,)
        wanted.extend(name for name in names if name not in wanted and known(name))
    if wanted:
        prestart(wanted)


def pytest_sessionfinish() -> None:
    stop_prestarting()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each supported kind (migrations run in the test or the app)."""
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'tilewire.sqlite3'}"
    name: str = request.getfixturevalue("postgres_database")
    POSTGRES.reset(name)
    return POSTGRES.url(name)


@pytest.fixture
async def api(database_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    """The whole application in process (lifespan run, migrations applied), auth off."""
    async with api_for(database_url, tmp_path) as client:
        yield client


@pytest.fixture
def demo_integration() -> Demo:
    return demo
