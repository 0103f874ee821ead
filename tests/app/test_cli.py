"""The tilewire command: key rotation, tokens, keys, schema export, and clear errors."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import jwt

from app import db
from app.apps import AppService
from app.crypto import Keyring, generate_key
from app.models import App
from schema.schema import SDL_PATH


def run(
    *args: str, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("JWT_SECRET", "INTEGRATION_ENCRYPTION_KEY", "DATABASE_URL", "TILEWIRE_ENV")
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


def test_rotate_keys_re_encrypts_every_row_without_loss(database_url: str, tmp_path: Path) -> None:
    url = database_url
    old, new = "old:" + generate_key(), "new:" + generate_key()

    async def seed() -> dict[str, str]:
        await db.migrate(url)
        service = AppService(Keyring.parse(old))
        ids = {}
        for index in range(3):
            app = await service.create(
                {
                    "name": f"a{index}",
                    "integrationType": "demo",
                    "integrationConfig": {
                        "url": "http://h",
                        "credentials": {"apiKey": f"key-{index}"},
                    },
                }
            )
            ids[app.id] = f"key-{index}"
        await App.create(name="no integration")
        await db.close()
        return ids

    ids = asyncio.run(seed())
    env = {"DATABASE_URL": url, "TILEWIRE_DATA_DIR": str(tmp_path)}
    # only the new key: the old rows cannot be read, and the error names each App
    refused = run("rotate-keys", env={**env, "INTEGRATION_ENCRYPTION_KEY": new})
    assert refused.returncode == 1
    assert "re-encrypted 0 of 3" in refused.stdout
    for app_id in ids:
        assert f"cannot re-encrypt the config of App {app_id}" in refused.stderr
    assert "Traceback" not in refused.stderr
    done = run("rotate-keys", env={**env, "INTEGRATION_ENCRYPTION_KEY": f"{new},{old}"})
    assert done.returncode == 0, done.stderr
    assert "re-encrypted 3 of 3" in done.stdout
    again = run("rotate-keys", env={**env, "INTEGRATION_ENCRYPTION_KEY": f"{new},{old}"})
    assert "re-encrypted 0 of 3" in again.stdout

    async def check() -> None:
        await db.init(url)
        service = AppService(Keyring.parse(new))  # the old key is no longer needed
        for app_id, key in ids.items():
            app = await App.get(id=app_id)
            assert app.integration_config is not None and app.integration_config.startswith(
                "v1.new."
            )
            assert service.stored_config(app)["credentials"]["apiKey"] == key  # type: ignore[index]
        await db.close()

    asyncio.run(check())


def test_rotate_keys_rotates_every_row_it_can_and_names_the_others(
    database_url: str, tmp_path: Path
) -> None:
    """One row encrypted with a key that is gone, one copied from another App: the command
    re-encrypts the rest (each row on its own), names the two by id and name, and fails."""
    url = database_url
    old, new, lost = ("old:" + generate_key(), "new:" + generate_key(), "lost:" + generate_key())
    secret = "canary-rotate-3c9e1a"

    async def seed() -> tuple[list[str], str, str]:
        await db.migrate(url)
        service, gone = AppService(Keyring.parse(old)), AppService(Keyring.parse(lost))
        config = {"url": "http://h", "credentials": {"apiKey": secret}}
        good = []
        for index in range(3):
            app = await service.create(
                {"name": f"good {index}", "integrationType": "demo", "integrationConfig": config}
            )
            good.append(app.id)
        unkeyed = await gone.create(
            {"name": "unkeyed", "integrationType": "demo", "integrationConfig": config}
        )
        copied = await service.create(
            {"name": "copied", "integrationType": "demo", "integrationConfig": config}
        )
        copied.integration_config = (await App.get(id=good[0])).integration_config
        await copied.save()
        await db.close()
        return good, unkeyed.id, copied.id

    good, unkeyed, copied = asyncio.run(seed())
    env = {
        "DATABASE_URL": url,
        "TILEWIRE_DATA_DIR": str(tmp_path),
        "INTEGRATION_ENCRYPTION_KEY": f"{new},{old}",
    }
    result = run("rotate-keys", env=env)
    assert result.returncode == 1
    assert "re-encrypted 3 of 5" in result.stdout
    assert f"App {unkeyed} ('unkeyed'): encrypted with key 'lost'" in result.stderr
    assert f"App {copied} ('copied'): authentication failed" in result.stderr
    assert "2 App config(s) could not be decrypted" in result.stderr
    assert "Traceback" not in result.stderr
    assert secret not in result.stdout + result.stderr
    for key in (old, new, lost):
        assert key.split(":")[1] not in result.stdout + result.stderr

    async def check() -> None:
        await db.init(url)
        service = AppService(Keyring.parse(new))
        for app_id in good:
            app = await App.get(id=app_id)
            assert app.integration_config is not None
            assert app.integration_config.startswith("v1.new.")
            assert service.stored_config(app)["credentials"]["apiKey"] == secret  # type: ignore[index]
        for app_id, prefix in ((unkeyed, "v1.lost."), (copied, "v1.old.")):
            app = await App.get(id=app_id)
            assert app.integration_config is not None
            assert app.integration_config.startswith(prefix)  # left as it was
        await db.close()

    asyncio.run(check())


def test_token_command_mints_a_verifiable_token(tmp_path: Path) -> None:
    secret = "s" * 40
    result = run(
        "token", "--role", "admin", env={"JWT_SECRET": secret, "TILEWIRE_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    claims = jwt.decode(result.stdout.strip(), secret, algorithms=["HS256"], issuer="tilewire")
    assert claims["role"] == "admin"
    missing = run("token", env={"TILEWIRE_DATA_DIR": str(tmp_path)})
    assert missing.returncode == 2 and "JWT_SECRET is not set" in missing.stderr


def test_generate_key_output_is_accepted(tmp_path: Path) -> None:
    key = run("generate-key", env={"TILEWIRE_DATA_DIR": str(tmp_path)}).stdout.strip()
    assert Keyring.parse(key).primary.kid


def test_production_without_secrets_refuses_with_instructions(tmp_path: Path) -> None:
    result = run("migrate", env={"TILEWIRE_ENV": "production", "TILEWIRE_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "needs INTEGRATION_ENCRYPTION_KEY and JWT_SECRET" in result.stderr
    assert "tilewire generate-key" in result.stderr


def test_serve_refuses_public_bind_without_auth(tmp_path: Path) -> None:
    result = run("serve", "--host", "0.0.0.0", env={"TILEWIRE_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2 and "authentication off" in result.stderr


def test_exported_schema_is_up_to_date(tmp_path: Path) -> None:
    """Exported in a fresh process: this one also has the tests' demo integration registered."""
    out = tmp_path / "schema.graphql"
    result = run("export-schema", "--output", str(out), env={"TILEWIRE_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert out.read_text() == SDL_PATH.read_text(), (
        "schema/schema.graphql is stale: run `tilewire export-schema`"
    )


PROBE = """
import sys
from app.cli import _migrate_apart
from app.settings import load_settings
try:
    _migrate_apart(load_settings())
except Exception as err:
    print("refused:", err)
print("aerich loaded:", "aerich" in sys.modules)
"""


def test_serve_migrates_in_a_child_that_keeps_aerich_out_of_the_server(tmp_path: Path) -> None:
    env = {"TILEWIRE_DATA_DIR": str(tmp_path), "INTEGRATION_ENCRYPTION_KEY": generate_key()}
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env={**base, **env}, capture_output=True, text=True
    )
    assert done.stdout.splitlines() == ["aerich loaded: False"], done.stdout + done.stderr
    migrated = run("migrate", env=env)  # the child did the work: nothing is left to apply
    assert migrated.stdout.strip() == "applied 0 migration(s)", migrated.stderr
    secret = "pw-7f3k"
    unreachable = {**env, "DATABASE_URL": f"postgres://tw:{secret}@127.0.0.1:1/nowhere"}
    failed = subprocess.run(
        [sys.executable, "-c", PROBE], env={**base, **unreachable}, capture_output=True, text=True
    )
    assert "refused: the database migrations failed" in failed.stdout
    assert "migrating the database failed" in failed.stderr
    assert "Traceback" not in failed.stderr and secret not in failed.stdout + failed.stderr
