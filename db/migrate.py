"""Bringing a desk's database to the current schema at start-up.

A database written by a newer program is refused (we cannot know what its tables
mean).  An older one is copied with SQLite's online backup API first, then upgraded
step by step with foreign keys off during the table rebuilds and checked after.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from db.backup import online_backup

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseTooNew(Exception):
    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


class ForeignKeyViolation(Exception):
    pass


if TYPE_CHECKING:
    from alembic.config import Config

_REV = re.compile(r"^revision\s*(?::\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _graph() -> dict[str, str | None]:
    """revision → down_revision, read from the migration files' headers.  Checking
    the schema version at every start must not cost importing Alembic (~0.25 s)."""
    graph: dict[str, str | None] = {}
    for f in (MIGRATIONS / "versions").glob("*.py"):
        body = f.read_text("utf-8")
        rev, down = _REV.search(body), _DOWN.search(body)
        if rev:
            graph[rev.group(1)] = down.group(1) if down else None
    return graph


def head_revision() -> str:
    graph = _graph()
    heads = set(graph) - {d for d in graph.values() if d}
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_graph())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def needs_upgrade(engine: Engine) -> bool:
    rev = current_revision(engine)
    if rev is not None and rev not in known_revisions():
        raise DatabaseTooNew(rev)
    return rev != head_revision()


def upgrade(engine: Engine, db_path: Path, backup_dir: Path) -> Path | None:
    """Upgrade to the newest schema; returns the backup made first, if any."""
    rev = current_revision(engine)
    if rev is not None and rev not in known_revisions():
        raise DatabaseTooNew(rev)
    if rev == head_revision():
        return None
    backup = None
    if rev is not None:
        backup_dir.mkdir(parents=True, exist_ok=True)
        backup = backup_dir / f"before-upgrade-from-{rev}.sqlite3"
        online_backup(db_path, backup)
    from alembic import command

    cfg = _config()
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")  # table rebuilds would cascade otherwise
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise ForeignKeyViolation(repr(bad[:5]))
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
    return backup
