"""A look at a desk before the data layer loads: the instance lock, the desk's name
and role, its settings, and a plain sqlite3 connection for the ledger's rows.

The window paints the ledger from this while SQLAlchemy loads in the background
(importing it costs more than the whole rest of a start).  Only a database at
exactly this program's schema is peeked at; anything else (older, newer, damaged)
returns None and the full open decides, upgrades or explains.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn, TypeVar

from db.revisions import head_revision, stored_revision
from db.unreadable import UnreadableValue, locate
from desktop.domain.settings import DeskSettings
from desktop.fileio import make_private
from desktop.i18n import Msg, UserError
from desktop.instance import AlreadyRunning, InstanceLock
from desktop.netshare import refuse_network_share
from desktop.paths import DeskPaths

T = TypeVar("T")


def check_folder(home: Path, create: bool) -> None:
    """The data folder exists (or is made) and can be written, and is not on a
    network share; else a UserError."""
    refuse_network_share(home)
    if not home.exists():
        if not create:
            raise UserError(
                Msg(
                    f"数据文件夹“{home}”不存在。请先用 rectdesk init 或 rectdesk demo 建立台账。",
                    f"Data folder “{home}” does not exist. Create a ledger with "
                    "rectdesk init or rectdesk demo first.",
                )
            )
        try:
            home.mkdir(parents=True)
            make_private(home)
        except OSError as e:
            raise UserError(
                Msg(
                    f"无法建立数据文件夹“{home}”：{e.strerror}。",
                    f"Cannot create data folder “{home}”: {e.strerror}.",
                )
            ) from e
    if not home.is_dir():
        raise UserError(Msg(f"“{home}”不是文件夹。", f"“{home}” is not a folder."))
    try:
        with tempfile.TemporaryFile(dir=home):
            pass
    except OSError as e:
        raise UserError(
            Msg(
                f"数据文件夹“{home}”不可写入：{e.strerror}。请检查权限或磁盘空间。",
                f"Data folder “{home}” is not writable: {e.strerror}. "
                "Check permissions or disk space.",
            )
        ) from e


SQLITE_HEADER = b"SQLite format 3\x00"


def refuse_foreign(paths: DeskPaths) -> None:
    """A UserError unless the file at the ledger's path is a ledger (any schema version
    this or an older program wrote: it carries Alembic's version table).  An empty
    file or another program's SQLite database would otherwise be filled with the
    ledger's tables.  Only reads, through plain sqlite3; call it when the file exists."""
    db = paths.database
    try:
        with open(db, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as e:
        raise UserError(Msg(f"无法读取数据文件“{db}”：{e.strerror}。",
                            f"Cannot read the data file “{db}”: {e.strerror}.")) from e
    if not header:
        _foreign(db, Msg("文件是空的", "the file is empty"))
    if header != SQLITE_HEADER:
        _foreign(db, Msg("不是 SQLite 数据库", "not an SQLite database"), damaged=True)
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as e:
        _foreign(db, Msg(f"无法读取：{e}", f"unreadable: {e}"), damaged=True)
    if "alembic_version" not in tables:
        shown = "、".join(sorted(tables)[:5]) or "（无）"
        _foreign(db, Msg(f"是另一个程序的数据库，其中的表：{shown}",
                         f"another program's database, with tables: {shown}"))


def _foreign(db: Path, why: Msg, damaged: bool = False) -> NoReturn:
    # A file that cannot be read may be a ledger gone bad: the clerk's way out is a backup.
    if damaged:
        raise UserError(Msg(
            f"数据文件“{db}”已损坏或不是整改台账的数据文件（{why.zh}），未做任何改动。"
            "可以在“设置—备份”中从备份恢复（命令：rectdesk restore 备份文件）。",
            f"The data file “{db}” is damaged or not a ledger ({why.en}); nothing was "
            "changed. Restore a backup (rectdesk restore FILE).",
        ))
    raise UserError(Msg(
        f"“{db}”不是整改台账的数据文件（{why.zh}），未做任何改动。"
        "请把这个文件移走或换一个数据文件夹。",
        f"“{db}” is not a ledger data file ({why.en}); nothing was changed. "
        "Move the file away or choose another data folder.",
    ))


def take_lock(paths: DeskPaths) -> InstanceLock:
    """The one-program-per-folder lock, or a UserError naming the holder."""
    lock = InstanceLock(paths.lock)
    try:
        lock.acquire()
    except AlreadyRunning as e:
        raise UserError(
            Msg(
                f"整改台账已在使用这个数据文件夹（进程 {e.pid}）。请切换到已打开的窗口，"
                "或先关闭它再试。",
                f"Rectification Desk is already using this data folder (process {e.pid}). "
                "Switch to that window, or close it and try again.",
            )
        ) from e
    return lock


@dataclass
class Peek:
    paths: DeskPaths
    conn: sqlite3.Connection
    role: str
    code: str
    name: str
    demo: bool
    settings: DeskSettings = field(default_factory=DeskSettings)
    lock: InstanceLock | None = None  # held for the full open that follows

    @property
    def is_city(self) -> bool:
        return self.role == "city"

    def close(self) -> None:
        self.conn.close()


def open_reader(paths: DeskPaths) -> sqlite3.Connection:
    """A plain connection that only reads (a look, never a change); transactions are
    begun by hand, so a few queries can share one snapshot."""
    conn = sqlite3.connect(paths.database, isolation_level=None)
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def in_snapshot(conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
    """``fn`` over a plain connection (``open_reader``) in one read transaction, so its
    several queries see one state of the ledger."""
    conn.execute("BEGIN")
    try:
        return fn(conn)
    except UnreadableValue as e:  # a hand-edited value: say which task holds it
        raise locate(conn, e) from None
    finally:
        conn.execute("ROLLBACK")  # nothing was written: ends the snapshot


def peek(paths: DeskPaths) -> Peek | None:
    """Read the desk, or None when only the full open can (see the module note).
    A ledger on a network share is refused here too (a UserError), as by the open."""
    if not paths.database.is_file() or paths.demo_marker.exists():
        return None  # the full open explains an unfinished demo
    refuse_network_share(paths.home)
    try:
        conn = open_reader(paths)
    except sqlite3.Error:
        return None
    try:
        if stored_revision(conn) != head_revision():
            conn.close()
            return None
        desk = conn.execute("SELECT role, code, name, demo FROM desk LIMIT 1").fetchone()
        if desk is None:
            conn.close()
            return None
        stored = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM setting")}
        role, code, name, demo = desk
        return Peek(paths, conn, role, code, name, bool(demo), DeskSettings.from_stored(stored))
    except (sqlite3.Error, ValueError, TypeError):
        conn.close()
        return None
