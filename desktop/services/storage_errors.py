"""Storage failures said in the clerk's words.  The transaction that met them was
rolled back, so the ledger is as it was; these say so, and what to do."""

from __future__ import annotations

import errno
import sqlite3
import sys

from desktop.i18n import Msg, UserError


def _sqlite_cause(e: BaseException) -> sqlite3.Error | None:
    if isinstance(e, sqlite3.Error):
        return e
    # SQLAlchemy's DBAPIError keeps the driver's exception in ``.orig``.  It is looked up
    # only if SQLAlchemy is already loaded (it must be, to have raised one), so that the
    # command line can import this module without paying for SQLAlchemy at start.
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(e, sa_exc.DBAPIError):
        orig = e.orig
        if isinstance(orig, sqlite3.Error):
            return orig
    return None


def as_user_error(e: BaseException) -> UserError | None:
    """A UserError for a full disk, a locked or read-only database or a broken disk;
    None for anything else (a bug, to be shown with its details)."""
    if isinstance(e, UserError):
        return e
    if isinstance(e, OSError) and e.errno == errno.ENOSPC:
        return UserError(Msg("磁盘已满，未能保存。请清理磁盘空间后再试，已有数据未受影响。",
                             "The disk is full; nothing was saved. Free some space and "
                             "try again; existing data is unaffected."), str(e))
    cause = _sqlite_cause(e)
    if cause is None:
        return None
    text = str(cause).lower()
    if "full" in text:
        msg = Msg("磁盘已满（或数据文件已达上限），本次修改未保存，已有数据未受影响。"
                  "请清理磁盘空间后再试。",
                  "The disk is full; this change was not saved and existing data is "
                  "unaffected. Free some space and try again.")
    elif "locked" in text or "busy" in text:
        msg = Msg("数据文件正被另一个程序占用，本次修改未保存。请稍后再试。",
                  "The data file is busy in another program; this change was not saved. "
                  "Try again shortly.")
    elif "readonly" in text or "read-only" in text:
        msg = Msg("数据文件是只读的，本次修改未保存。请检查文件夹权限。",
                  "The data file is read-only; this change was not saved. Check permissions.")
    elif "disk i/o" in text or "malformed" in text or "not a database" in text:
        msg = Msg("读写数据文件时出错（磁盘故障或文件损坏），本次修改未保存。"
                  "请从备份恢复或检查磁盘。",
                  "Reading or writing the data file failed (disk fault or damage); this "
                  "change was not saved. Restore a backup or check the disk.")
    else:
        return None
    return UserError(msg, str(cause))
