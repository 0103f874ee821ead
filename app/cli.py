"""The ``tilewire`` command: serve, migrate, rotate-keys, token, generate-key, export-schema,
integration-docs, new-integration, install-graphiql."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app.settings import Settings, SettingsError, load_settings

logger = logging.getLogger("tilewire")

DOCS_PATH = Path(__file__).resolve().parent.parent / "docs" / "integrations.md"
README_PATH = DOCS_PATH.parent.parent / "README.md"


def _configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from app.main import create_app, return_large_blocks

    host = args.host or settings.host
    port = args.port or settings.port
    if not settings.auth_enabled and host not in ("127.0.0.1", "localhost", "::1"):
        raise SettingsError(
            f"refusing to serve on {host} with authentication off: set JWT_SECRET, "
            "or serve on 127.0.0.1"
        )
    workers = args.workers or settings.workers
    # With proxy sign-in the client address must be the TCP peer's: uvicorn would otherwise
    # replace it with X-Forwarded-For's when the peer is on loopback.
    proxy_headers = not settings.trusted_proxies
    if settings.migrate_on_start:
        # Once, here: workers start together and would all try at the same time.
        _migrate_apart(settings)
        settings = settings.model_copy(update={"migrate_on_start": False})
        os.environ["TILEWIRE_MIGRATE_ON_START"] = "false"  # for the workers' own settings
    if workers == 1:
        return_large_blocks()
        uvicorn.run(
            create_app(settings, freeze_heap=True),
            host=host,
            port=port,
            log_level=settings.log_level.lower(),
            proxy_headers=proxy_headers,
        )
        return 0
    if not settings.redis_url:
        logger.warning(
            "%d workers without REDIS_URL: each caches and polls on its own (set REDIS_URL to "
            "share one cache and one upstream call per key)",
            workers,
        )
    uvicorn.run(
        "app.main:serving_app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        proxy_headers=proxy_headers,
    )
    return 0


def _migrate_apart(settings: Settings) -> None:
    """Apply pending migrations in a forked child, so that the serving process never loads
    the migration tooling (aerich and its CLI stack: ~1.7 MB a server would keep for nothing)."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        _apply_migrations(settings)
        return
    child = multiprocessing.get_context("fork").Process(
        target=_migrate_child, args=(settings,), name="tilewire-migrate"
    )
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SettingsError("the database migrations failed (the reason is logged above)")


def _migrate_child(settings: Settings) -> None:
    try:
        _apply_migrations(settings)
    except Exception as err:  # the URL may hold a password: the error's type and text only
        logger.error("migrating the database failed: %s: %s", type(err).__name__, err)
        raise SystemExit(1) from None


def _apply_migrations(settings: Settings) -> list[str]:
    from app import db

    async def run() -> list[str]:
        try:
            return await db.migrate(settings.resolved_database_url)
        finally:
            await db.close()

    return asyncio.run(run())


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    applied = _apply_migrations(settings)
    print(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else ""))
    return 0


def _rotate_keys(settings: Settings, _args: argparse.Namespace) -> int:
    """Every row that can be re-encrypted is; the ones that cannot are named (id and name,
    never a secret) and make the command fail, so that a script notices."""
    from app import db
    from app.apps import AppService, Rotation
    from app.keys import keyring

    async def run() -> Rotation:
        await db.migrate(settings.resolved_database_url)
        try:
            return await AppService(keyring(settings)).rotate_keys()
        finally:
            await db.close()

    result = asyncio.run(run())
    for failure in result.failed:
        print(
            f"tilewire: cannot re-encrypt the config of App {failure.app_id} "
            f"({failure.name!r}): {failure.reason}",
            file=sys.stderr,
        )
    print(f"re-encrypted {result.rotated} of {result.total} App config(s) under the newest key")
    if result.failed:
        print(
            f"tilewire: {len(result.failed)} App config(s) could not be decrypted and were left "
            "as they are: add the key that encrypted them to INTEGRATION_ENCRYPTION_KEY, or "
            "enter their config again",
            file=sys.stderr,
        )
        return 1
    return 0


def _token(settings: Settings, args: argparse.Namespace) -> int:
    from app.auth import Role, mint_token

    if not settings.jwt_secret:
        raise SettingsError("JWT_SECRET is not set: there is nothing to sign a token with")
    print(mint_token(settings.jwt_secret, Role(args.role), ttl_seconds=int(args.days * 86400)))
    return 0


def _generate_key(_settings: Settings, _args: argparse.Namespace) -> int:
    from app.crypto import generate_key

    print(generate_key())
    return 0


def _export_schema(_settings: Settings, args: argparse.Namespace) -> int:
    from schema.schema import SDL_PATH, export_sdl

    target = args.output or SDL_PATH
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(export_sdl())
    print(f"wrote {target}")
    return 0


def _integration_docs(_settings: Settings, args: argparse.Namespace) -> int:
    from integrations.reference import render, with_readme_table

    target = Path(args.output or DOCS_PATH)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
    if args.output is None:
        README_PATH.write_text(with_readme_table(README_PATH.read_text()), encoding="utf-8")
        print(f"updated the integration table in {README_PATH}")
    return 0


def _new_integration(_settings: Settings, args: argparse.Namespace) -> int:
    from app.scaffold import ROOT, ScaffoldError, scaffold

    root = Path(args.root or ROOT)
    try:
        written = scaffold(root, args.id, args.name)
    except ScaffoldError as err:
        print(f"tilewire: {err}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(
        "regenerated docs/integrations.md, README's integration table and schema/schema.graphql"
        "\nnext: replace the placeholders (docs_url, verification, the status path, fixtures' "
        "source), then follow docs/adding-an-integration.md; run "
        f"`pytest tests/integrations -m 'not live' -k {args.id}` as you go"
    )
    return 0


def _install_graphiql(settings: Settings, args: argparse.Namespace) -> int:
    from app.graphiql_install import InstallError, install

    try:
        done = install(settings.data_dir, force=args.force)
    except InstallError as err:
        print(f"tilewire: {err}", file=sys.stderr)
        return 1
    if not done.fresh:
        print(f"GraphiQL's files are installed and pinned in {done.directory}: nothing to do")
        return 0
    print(
        f"installed GraphiQL's files into {done.directory} ({done.files} files, "
        f"{done.size // 1024} KiB, each checked against its pinned SHA-384); "
        "the page at /graphql uses them"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tilewire", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the API (migrates first)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, help="uvicorn worker processes (TILEWIRE_WORKERS)")
    serve.set_defaults(run=_serve)
    sub.add_parser("migrate", help="apply pending database migrations").set_defaults(run=_migrate)
    sub.add_parser(
        "rotate-keys", help="re-encrypt every App's config under the newest key"
    ).set_defaults(run=_rotate_keys)
    token = sub.add_parser("token", help="mint an API token signed with JWT_SECRET")
    token.add_argument("--role", choices=["viewer", "operator", "admin"], default="viewer")
    token.add_argument("--days", type=float, default=30.0)
    token.set_defaults(run=_token)
    sub.add_parser("generate-key", help="print a new encryption key").set_defaults(
        run=_generate_key
    )
    export = sub.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("--output")
    export.set_defaults(run=_export_schema)
    docs = sub.add_parser("integration-docs", help="write the integration reference")
    docs.add_argument("--output")
    docs.set_defaults(run=_integration_docs)
    new = sub.add_parser(
        "new-integration",
        help="scaffold an integration: package, tests, fixtures, notes (see "
        "docs/adding-an-integration.md)",
    )
    new.add_argument("id", help="the integration id: lowercase letters and digits")
    new.add_argument("--name", help='the display name, e.g. "Uptime Kuma" (default: the id)')
    new.add_argument("--root", help="the Tilewire tree to write into (default: this one)")
    new.set_defaults(run=_new_integration)
    graphiql = sub.add_parser(
        "install-graphiql",
        help="install GraphiQL's browser files into the data directory (needs npm)",
    )
    graphiql.add_argument("--force", action="store_true", help="install again even if present")
    graphiql.set_defaults(run=_install_graphiql)
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        settings.check()
        _configure_logging(settings)
        return int(args.run(settings, args))
    except SettingsError as err:
        print(f"tilewire: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # the CLI's last resort: a message, not a traceback
        from app.crypto import CryptoError

        if isinstance(err, CryptoError):
            print(f"tilewire: {err}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    raise SystemExit(main())
