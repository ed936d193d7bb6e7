"""Bringing a desk's database to the current schema at start-up.

A database written by a newer program is refused (we cannot know what its tables
mean).  An older one is copied with SQLite's online backup API first, then upgraded
step by step with foreign keys off during the table rebuilds and checked after.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from db.backup import online_backup
from db.revisions import MIGRATIONS, head_revision, known_revisions, stored_revision

__all__ = ["DatabaseTooNew", "current_revision", "head_revision", "known_revisions",
           "needs_upgrade", "upgrade"]


class DatabaseTooNew(Exception):
    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


class ForeignKeyViolation(Exception):
    pass


if TYPE_CHECKING:
    from alembic.config import Config


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        return stored_revision(raw)


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
