"""The aerich migrations build, on SQLite and PostgreSQL, exactly the schema the models describe."""

from __future__ import annotations

import shutil
from pathlib import Path

from tortoise import connections

from app import db
from app.auth import Role
from app.models import ActionRun, ApiKey, App, Widget


async def columns(table: str) -> dict[str, bool]:
    """column name -> nullable, read back from the database itself."""
    conn = connections.get("default")
    if conn.schema_generator.DIALECT == "sqlite":
        rows = await conn.execute_query_dict(f'PRAGMA table_info("{table}")')
        return {r["name"]: not r["notnull"] and not r["pk"] for r in rows}
    rows = await conn.execute_query_dict(
        "SELECT column_name, is_nullable FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = $1",
        [table],
    )
    return {r["column_name"]: r["is_nullable"] == "YES" for r in rows}


def expected_columns(
    model: type[App] | type[Widget] | type[ApiKey] | type[ActionRun],
) -> dict[str, bool]:
    meta = model._meta
    out = {}
    for name, column in meta.fields_db_projection.items():
        out[column] = bool(meta.fields_map[name].null)
    return out


async def test_migrations_apply_on_empty_database_and_match_models(
    database_url: str, tmp_path: Path
) -> None:
    applied = await db.migrate(database_url)
    try:
        assert applied == sorted(p.name for p in (db.MIGRATIONS_DIR / "models").glob("[0-9]*_*.py"))
        for model in (App, Widget, ApiKey, ActionRun):
            assert await columns(model._meta.db_table) == expected_columns(model)
        # a second run applies nothing
        assert await db.migrate(database_url) == []
        # aerich sees no difference between the migrated state and the models
        from aerich import Command
        from aerich.migrate import Migrate

        location = tmp_path / "migrations"
        shutil.copytree(db.MIGRATIONS_DIR / "models", location / "models")
        command = Command(
            tortoise_config=db.tortoise_config(database_url), app="models", location=str(location)
        )
        await command.init()
        Migrate.upgrade_operators.clear()
        Migrate.downgrade_operators.clear()
        pending = await Migrate.migrate("pending", empty=False, no_input=True)
        assert pending == "", f"models changed without a migration: {pending}"
    finally:
        await db.close()


async def test_migrated_database_round_trips_records(database_url: str) -> None:
    await db.migrate(database_url)
    try:
        app = await App.create(name="Pi-hole", integration_enabled=True)
        await Widget.create(type="NOTE", config={"text": "ünïcode ✓"}, app=app)
        widget = await Widget.get(app_id=app.id)
        assert widget.config == {"text": "ünïcode ✓"}
        await app.delete()
        assert await Widget.all().count() == 0  # ON DELETE CASCADE
    finally:
        await db.close()


async def test_a_database_of_the_first_release_is_upgraded_with_its_records(
    database_url: str, tmp_path: Path
) -> None:
    """A database migrated by the first migration only (as the first release left it) gets
    the api_keys and action_runs tables and the Apps' allowed_actions, and keeps its Apps and
    Widgets (written as the first release wrote them: with its columns only)."""
    from aerich import Command

    first = tmp_path / "first" / "models"
    first.mkdir(parents=True)
    shutil.copy(db.MIGRATIONS_DIR / "models" / "0_20261126120000_init.py", first)
    await db.init(database_url, migrating=True)
    try:
        command = Command(
            tortoise_config=db.tortoise_config(database_url),
            app="models",
            location=str(first.parent),
        )
        await command.init()
        assert await command.upgrade(run_in_transaction=True) == ["0_20261126120000_init.py"]
        assert await columns("api_keys") == {}
        conn = connections.get("default")
        await conn.execute_query(
            'INSERT INTO "apps" ("id", "name", "sort_order", "integration_enabled", '
            "\"created_at\", \"updated_at\") VALUES ('app-1', 'Sonarr', 0, false, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
        await conn.execute_query(
            'INSERT INTO "widgets" ("id", "type", "position", "config", "app_id", "created_at", '
            "\"updated_at\") VALUES ('widget-1', 'NOTE', 0, '{\"text\": \"kept\"}', 'app-1', "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
    finally:
        await db.close()
    applied = await db.migrate(database_url)
    try:
        assert applied == ["1_20261204120000_api_keys.py", "2_20261205120000_actions.py"]
        assert await columns("api_keys") == expected_columns(ApiKey)
        assert await columns("action_runs") == expected_columns(ActionRun)
        assert [(a.name, a.allowed_actions) for a in await App.all()] == [("Sonarr", None)]
        assert (await Widget.get(app_id="app-1")).config == {"text": "kept"}
        key = await ApiKey.create(
            name="ci", role=Role.VIEWER, prefix="0" * 12, secret_hash="f" * 64
        )
        assert (await ApiKey.get(id=key.id)).role is Role.VIEWER
    finally:
        await db.close()
