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


_ROLE = {"county": Msg("县级", "county"), "city": Msg("市级", "city")}


def _desk_text(code: str, name: str, role: str) -> Msg:
    r = _ROLE.get(role, Msg(role, role))
    return Msg(f"{code} {name}（{r.zh}）", f"{code} {name} ({r.en})")


def other_desk(ctx: DeskContext, source: Path) -> Msg | None:
    """What a restore of ``source`` would change about which desk this is: None when
    the backup is this desk's (same code and role), else "from … to …".  A backup of
    another desk turns this folder into that desk (a city running as a county)."""
    _check_backup(source)
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT code, name, role FROM desk LIMIT 1").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    code, name, role = row if row else ("", "", "")
    if (code, role) == (ctx.code, ctx.role):
        return None
    now, then = _desk_text(ctx.code, ctx.name, ctx.role), _desk_text(code, name, role)
    if not row:
        then = Msg("一个还没有单位的空台账", "an empty ledger with no desk")
    return Msg(f"备份“{source.name}”属于另一个台账：恢复后本台账将从 {now.zh}变为 {then.zh}。",
               f"Backup “{source.name}” belongs to another desk: restoring it turns this desk "
               f"from {now.en} into {then.en}.")


def _check_backup(source: Path) -> None:
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


def restore(ctx: DeskContext, source: Path, *, other_desk_ok: bool = False) -> Path:
    """Replace the ledger with ``source``; the current ledger is backed up first.
    Returns that safety backup.  Needs the desk opened with its lock.  A backup of
    another desk (code or role differs) is refused unless ``other_desk_ok``."""
    _check_backup(source)
    change = other_desk(ctx, source)
    if change is not None and not other_desk_ok:
        raise UserError(Msg(
            f"{change.zh}未做任何改动。如确实要这样做，请加 --other-desk 再运行一次。",
            f"{change.en} Nothing was changed. Add --other-desk to do it anyway.",
        ))
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
