"""Database configuration, start-up migrations and the per-dialect migration helper."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from tortoise import Tortoise

import migrations

logger = logging.getLogger(__name__)

MODELS = ["app.models"]
MIGRATION_MODELS = [*MODELS, "aerich.models"]
"""With aerich's own table: only migrating needs aerich (a serving process never loads it)."""
MIGRATIONS_DIR = Path(migrations.__file__).parent


def tortoise_config(database_url: str, *, migrating: bool = True) -> dict[str, Any]:
    models = MIGRATION_MODELS if migrating else MODELS
    return {
        "connections": {"default": database_url},
        "apps": {"models": {"models": models, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


async def init(database_url: str, *, global_fallback: bool = True, migrating: bool = False) -> None:
    """Connect Tortoise. ``global_fallback`` lets uvicorn's request tasks see the lifespan's
    context (Tortoise 1.x keeps it in a contextvar)."""
    if database_url.startswith("sqlite://"):
        Path(database_url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)
    await Tortoise.init(
        config=tortoise_config(database_url, migrating=migrating),
        _enable_global_fallback=global_fallback,
    )


MIGRATION_LOCK = 7_266_337  # pg_advisory_lock key: one migrating process at a time


async def migrate(database_url: str) -> list[str]:
    """Connect (see ``init``) and apply pending aerich migrations; returns the ones applied.

    On PostgreSQL an advisory lock serialises processes starting together (workers,
    containers): the first migrates, the others find nothing left to do."""
    if database_url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        import asyncpg

        dsn = "postgresql://" + database_url.split("://", 1)[1]
        lock = await asyncpg.connect(dsn)
        try:
            await lock.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
            return await _migrate(database_url)
        finally:
            await lock.close()  # ends the session, and so the lock
    return await _migrate(database_url)


async def _migrate(database_url: str) -> list[str]:
    from aerich import Command

    await init(database_url, migrating=True)
    command = Command(
        tortoise_config=tortoise_config(database_url),
        app="models",
        location=str(MIGRATIONS_DIR),
    )
    await command.init()
    applied: list[str] = await command.upgrade(run_in_transaction=True)
    for name in applied:
        logger.info("applied migration %s", name)
    return applied


async def close() -> None:
    """Close connections. Also forgets Tortoise's per-connection-name SQL cache, which would
    otherwise hand the next database of another dialect this one's placeholders."""
    from tortoise.backends.base.executor import EXECUTOR_CACHE

    await Tortoise.close_connections()
    EXECUTOR_CACHE.clear()


async def ping() -> bool:
    from tortoise import connections

    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True


def unavailable(err: BaseException) -> bool:
    """Whether ``err`` means the database cannot be reached (rather than a bug)."""
    from tortoise.exceptions import DBConnectionError

    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBConnectionError | ConnectionError | TimeoutError):
            return True
        name = type(current).__name__
        if name in ("ConnectionDoesNotExistError", "CannotConnectNowError", "InterfaceError"):
            return True
        current = current.__cause__ or current.__context__
    return False
