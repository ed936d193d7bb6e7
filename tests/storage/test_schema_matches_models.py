"""The migrations and the models describe the same database: a ledger built by running
every migration from empty has exactly the tables, columns, indexes and constraints the
models declare (Alembic's own comparison).  Several branches add migrations; a column
added to a model and forgotten in its migration fails here, not on a clerk's PC."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from db import migrate
from db.engine import Store
from db.models import Base


def test_migrated_database_matches_the_models(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.sqlite3")
    migrate.upgrade(store.engine, store.path, tmp_path / "b")
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    store.dispose()
    assert diff == []
