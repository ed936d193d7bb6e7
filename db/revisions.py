"""The schema revisions this program knows, read from the migration files' headers.

Plain Python on purpose: the window checks the schema version before its first
paint, before SQLAlchemy or Alembic is imported.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_REV = re.compile(r"^revision\s*(?::\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def graph() -> dict[str, str | None]:
    """revision → down_revision."""
    out: dict[str, str | None] = {}
    for f in (MIGRATIONS / "versions").glob("*.py"):
        body = f.read_text("utf-8")
        rev, down = _REV.search(body), _DOWN.search(body)
        if rev:
            out[rev.group(1)] = down.group(1) if down else None
    return out


def head_revision() -> str:
    g = graph()
    heads = set(g) - {d for d in g.values() if d}
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return next(iter(heads))


def known_revisions() -> set[str]:
    return set(graph())


def stored_revision(conn: sqlite3.Connection) -> str | None:
    """The revision a database says it has; None for one never migrated."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None
