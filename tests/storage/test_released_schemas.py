"""Every released schema opens in this version: the stored database is upgraded
step by step (after a backup) and keeps its records and a valid audit chain.

To add a schema when a migration is released: build a small demo at that revision
and save it here as schema-<revision>.sqlite3."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from db import audit, migrate
from desktop.services.desk import open_desk

DATA = Path(__file__).with_name("data")
STORED = sorted(DATA.glob("schema-*.sqlite3"))


def _counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'alembic%'"
            )
        ]
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


@pytest.mark.parametrize("stored", STORED, ids=[p.stem for p in STORED])
def test_stored_schema_upgrades_and_keeps_data(stored: Path, tmp_path: Path) -> None:
    home = tmp_path / "desk"
    home.mkdir()
    shutil.copy(stored, home / "ledger.sqlite3")
    before = _counts(home / "ledger.sqlite3")
    ctx = open_desk(home)
    try:
        assert migrate.current_revision(ctx.store.engine) == migrate.head_revision()
        after = _counts(ctx.paths.database)
        for table, n in before.items():
            assert after.get(table) == n, table
        with ctx.store.read() as s:
            assert audit.verify(s).ok
        revision = stored.stem.removeprefix("schema-")
        if revision != migrate.head_revision():
            assert (home / "backups" / f"before-upgrade-from-{revision}.sqlite3").exists()
    finally:
        ctx.close()


def test_there_is_a_stored_schema() -> None:
    assert STORED, "tests/storage/data holds no stored databases"
