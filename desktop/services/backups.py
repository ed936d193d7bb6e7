"""Backups of the ledger: made automatically once a day, on demand, and restored."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from db import backup as db_backup
from db import migrate
from desktop.i18n import Msg, UserError
from desktop.services.desk import DeskContext

AUTO_INTERVAL = timedelta(hours=24)


def make_backup(ctx: DeskContext) -> Path:
    try:
        return db_backup.rotating_backup(
            ctx.paths.database, ctx.paths.backups, ctx.settings.backup_keep, datetime.now()
        )
    except (OSError, sqlite3.Error) as e:
        raise UserError(
            Msg(f"备份失败：{e}。请检查磁盘空间。", f"Backup failed: {e}. Check disk space.")
        ) from e


def auto_backup(ctx: DeskContext) -> Path | None:
    """A backup when the newest one is more than a day old (or there is none)."""
    existing = db_backup.list_backups(ctx.paths.backups)
    if existing:
        age = datetime.now() - datetime.fromtimestamp(existing[0].stat().st_mtime)
        if age < AUTO_INTERVAL:
            return None
    return make_backup(ctx)


def list_backups(ctx: DeskContext) -> list[Path]:
    return db_backup.list_backups(ctx.paths.backups)


def restore(ctx: DeskContext, source: Path) -> Path:
    """Replace the ledger with ``source``; the current ledger is backed up first.
    Returns that safety backup.  Needs the desk opened with its lock."""
    if not source.is_file():
        raise UserError(Msg(f"找不到备份文件“{source}”。", f"Backup file “{source}” not found."))
    try:
        db_backup.check_ledger_file(source)
    except db_backup.NotALedger as e:
        raise UserError(
            Msg(
                f"“{source.name}”不是有效的台账备份（{e}），未做任何改动。",
                f"“{source.name}” is not a valid ledger backup ({e}); nothing was changed.",
            )
        ) from e
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    if rev and rev[0] not in migrate.known_revisions():
        raise UserError(
            Msg(
                "这个备份由更新版本的整改台账写入，不能恢复到本程序。未做任何改动。",
                "This backup was written by a newer version; nothing was changed.",
            )
        )
    safety = db_backup.online_backup(
        ctx.paths.database,
        ctx.paths.backups / f"before-restore-{datetime.now():%Y%m%d-%H%M%S}.sqlite3",
    )
    ctx.store.dispose()
    db_backup.restore_into(source, ctx.paths.database)
    migrate.upgrade(ctx.store.engine, ctx.paths.database, ctx.paths.backups)
    return safety
