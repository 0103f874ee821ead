"""The local PostgreSQL server as the tests use it: probe, create, reset, drop databases.

Every call is synchronous (run on a private event loop in a worker thread) so fixtures of any
kind, inside or outside a running loop, can use it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

import asyncpg

T = TypeVar("T")


def _run(factory: Callable[[], Awaitable[T]]) -> T:
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(factory())  # type: ignore[arg-type]
        except BaseException as err:
            box["error"] = err

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=60)
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


class PostgresServer:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def url(self, database: str) -> str:
        return f"{self.base_url}/{database}"

    async def _execute(self, database: str, sql: str) -> None:
        conn = await asyncpg.connect(self.url(database), timeout=5)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    def problem(self) -> str | None:
        """None if the server answers, else why not."""
        try:
            _run(lambda: self._execute("postgres", "SELECT 1"))
        except Exception as err:
            return f"{type(err).__name__}: {err}"
        return None

    def create(self, name: str) -> None:
        _run(lambda: self._execute("postgres", f'CREATE DATABASE "{name}"'))

    def drop(self, name: str) -> None:
        _run(lambda: self._execute("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def reset(self, database: str) -> None:
        """Empty the database: a fresh public schema, so migrations start from nothing."""
        _run(lambda: self._execute(database, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
