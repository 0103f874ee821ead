"""aerich migrations for Tilewire's models (``models/``), applied at start-up and by
``tilewire migrate``.

aerich writes SQL for the dialect it was run against. Each migration here carries the SQL of
every dialect Tilewire supports and picks the one of the connection it runs on, so the same
files migrate SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

SUPPORTED = ("sqlite", "postgres")


def by_dialect(db: Any, **sql: str) -> str:
    """The SQL for ``db``'s dialect, from ``sqlite=...``, ``postgres=...``."""
    dialect = db.schema_generator.DIALECT
    if dialect not in sql:
        raise RuntimeError(
            f"this migration has no SQL for {dialect!r}; Tilewire supports {', '.join(SUPPORTED)}"
        )
    return sql[dialect]
