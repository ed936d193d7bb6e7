"""Storage guarantees: migrations, pragmas, newer-version refusal, one instance,
backups and restore, and no acknowledged commit lost when the writer is killed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text

from db import migrate
from db.engine import Store
from db.models import Base
from desktop.i18n import UserError
from desktop.services import backups
from desktop.services.desk import DeskContext, init_desk, open_desk
from tests.helpers import dump


def test_migrations_build_every_table_from_empty(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.sqlite3")
    assert migrate.upgrade(store.engine, store.path, tmp_path / "b") is None  # nothing to back up
    tables = set(sa_inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    store.dispose()


def test_connection_pragmas(county_demo: DeskContext) -> None:
    with county_demo.store.read() as s:
        pragma = {
            n: s.execute(text(f"PRAGMA {n}")).scalar()
            for n in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 10000,
    }


def test_write_transactions_begin_immediate(county_demo: DeskContext, tmp_path: Path) -> None:
    """While one writer holds its transaction, a second cannot even begin one."""
    with county_demo.store.write() as s:
        s.execute(text("SELECT 1"))  # a session begins its transaction on first use
        other = sqlite3.connect(county_demo.paths.database, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_newer_database_refused_and_untouched(county_home: Path) -> None:
    db = county_home / "ledger.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = dump(db)
    with pytest.raises(UserError, match="更新版本"):
        open_desk(county_home)
    assert dump(db) == before


def test_upgrade_from_older_schema_backs_up_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database one step behind is backed up with the online API, then upgraded."""
    home = tmp_path / "d"
    init_desk(home, "county", "130602", "竞秀区").close()
    db = home / "ledger.sqlite3"
    # Pretend a newer release added a revision after ours.
    versions = Path(migrate.MIGRATIONS) / "versions"
    base = migrate.head_revision()
    extra = versions / "9000_test_extra.py"
    extra.write_text(
        textwrap.dedent(f"""
        from alembic import op
        import sqlalchemy as sa
        revision = "9000"
        down_revision = "{base}"
        branch_labels = None
        depends_on = None
        def upgrade():
            with op.batch_alter_table("desk") as b:
                b.add_column(sa.Column("motto", sa.String(20)))
        def downgrade():
            pass
    """)
    )
    try:
        ctx = open_desk(home)
        ctx.close()
        assert (home / "backups" / f"before-upgrade-from-{base}.sqlite3").exists()
        cols = {r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(desk)")}
        assert "motto" in cols
        assert sqlite3.connect(db).execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        extra.unlink()
        for p in versions.glob("__pycache__/9000_*"):
            p.unlink()


def test_second_instance_refused(county_home: Path) -> None:
    first = open_desk(county_home, lock=True)
    try:
        code = subprocess.run(
            [sys.executable, "-m", "desktop", "--home", str(county_home), "backup"],
            capture_output=True,
            text=True,
            env={**os.environ, "RECTDESK_LANG": "zh"},
        )
        assert code.returncode == 1
        assert "已在使用这个数据文件夹" in code.stderr
        assert "Traceback" not in code.stderr
    finally:
        first.close()
    # Once the first is closed, the lock is free again.
    open_desk(county_home, lock=True).close()


def test_backup_and_restore(county_demo: DeskContext) -> None:
    path = backups.make_backup(county_demo)
    assert path.exists()
    before = dump(county_demo.paths.database)
    with county_demo.store.write() as s:
        s.execute(text("DELETE FROM progress"))
    assert dump(county_demo.paths.database) != before
    safety = backups.restore(county_demo, path)
    assert safety.exists()
    assert [r for r in dump(county_demo.paths.database)] == before


def test_restore_refuses_non_ledger_and_changes_nothing(
    county_demo: DeskContext, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    before = dump(county_demo.paths.database)
    with pytest.raises(UserError, match="不是有效的台账备份"):
        backups.restore(county_demo, junk)
    assert dump(county_demo.paths.database) == before


def test_backups_rotate(county_demo: DeskContext) -> None:
    from datetime import datetime, timedelta

    from db.backup import rotating_backup

    start = datetime(2026, 1, 1)
    for i in range(13):
        rotating_backup(
            county_demo.paths.database, county_demo.paths.backups, 10, start + timedelta(hours=i)
        )
    kept = backups.list_backups(county_demo)
    assert len(kept) == 10
    assert kept[0].name == "ledger-20260101-120000.sqlite3"


WRITER = """
import sys
from pathlib import Path
from desktop.services.desk import open_desk
from db.models import Progress, Task
from sqlalchemy import select
ctx = open_desk(Path(sys.argv[1]))
with ctx.store.read() as s:
    task = s.scalars(select(Task)).first().uuid
i = 0
while True:
    i += 1
    with ctx.store.write() as s:
        s.add(Progress(task_uuid=task, period=f"{2100 + i // 12:04d}-{i % 12 + 1:02d}",
                       narrative=f"commit {i}", owner=ctx.code))
    print(i, flush=True)
"""


def test_sigkill_loses_no_acknowledged_commit(county_home: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(county_home)], stdout=subprocess.PIPE, text=True
    )
    acked = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        acked = int(line)
        if acked >= 60:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    conn = sqlite3.connect(county_home / "ledger.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    got = {
        r[0] for r in conn.execute("SELECT narrative FROM progress WHERE narrative LIKE 'commit %'")
    }
    conn.close()
    assert {f"commit {i}" for i in range(1, acked + 1)} <= got
    ctx = open_desk(county_home)
    from db import audit

    with ctx.store.read() as s:
        assert audit.verify(s).ok
    ctx.close()
