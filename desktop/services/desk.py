"""Opening and creating a desk: its data folder, database, lock and settings."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError, OperationalError

from db import migrate
from db.engine import Store
from db.models import Desk, OrgUnit, Setting
from desktop.domain import settings as settings_rules
from desktop.domain.settings import DeskSettings
from desktop.domain.validation import check_code
from desktop.fileio import make_private
from desktop.i18n import Msg, UserError
from desktop.instance import InstanceLock
from desktop.paths import DeskPaths
from desktop.services.desk_peek import check_folder, refuse_foreign, take_lock

if TYPE_CHECKING:
    from desktop.services.door import Ledger

ROLES = ("county", "city")


@dataclass
class DeskContext:
    """An open desk.  Close it (or use ``with``) to release the lock."""

    paths: DeskPaths
    store: Store
    role: str = ""
    code: str = ""
    name: str = ""
    demo: bool = False
    settings: DeskSettings = field(default_factory=DeskSettings)
    lock: InstanceLock | None = None
    _ledger: Any = field(default=None, repr=False)

    @property
    def is_city(self) -> bool:
        return self.role == "city"

    @property
    def ledger(self) -> Ledger:
        """The one door to this desk's ledger (desktop/services/door.py)."""
        if self._ledger is None:
            from desktop.services.door import Ledger  # the door imports the services

            self._ledger = Ledger(self)
        return self._ledger

    def close(self) -> None:
        self.store.dispose()
        if self.lock:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> DeskContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def corrupt_error(paths: DeskPaths, detail: str = "") -> UserError:
    return UserError(
        Msg(
            f"数据文件“{paths.database}”已损坏或不是整改台账的数据库，未做任何改动。"
            "可以在“设置—备份”中从备份恢复（命令：rectdesk restore 备份文件）。",
            f"The data file “{paths.database}” is damaged or not a ledger database; nothing "
            "was changed. Restore a backup (rectdesk restore FILE).",
        ),
        detail,
    )


def _open_store(paths: DeskPaths, upgrade: bool) -> Store:
    store = Store(paths.database)
    try:
        if upgrade:
            migrate.upgrade(store.engine, paths.database, paths.backups)
        elif migrate.needs_upgrade(store.engine):
            raise UserError(
                Msg(
                    "数据库需要升级，请先关闭正在运行的整改台账后再试。",
                    "The database needs an upgrade; close the running program and try again.",
                )
            )
    except migrate.DatabaseTooNew as e:
        store.dispose()
        raise UserError(
            Msg(
                f"这个数据文件由更新版本的整改台账写入（结构版本 {e.revision}），"
                "本程序不能打开它。请安装新版本。数据未做任何改动。",
                f"This data file was written by a newer version (schema {e.revision}); "
                "please install the newer program. Nothing was changed.",
            )
        ) from e
    except (DatabaseError, OperationalError, sqlite3.DatabaseError) as e:
        store.dispose()
        raise corrupt_error(paths, str(e)) from e
    except UserError:
        store.dispose()
        raise
    return store


# The program's own temporary names (and only those): db.backup's unfinished copy
# and desktop.fileio's temporary beside an evidence file named by its hash.
_BACKUP_PART = re.compile(r"^.+\.sqlite3\.part$")
_EVIDENCE_TMP = re.compile(r"^\.[0-9a-f]{64}\..+\.tmp$")
_HEX2 = re.compile(r"^[0-9a-f]{2}$")


def tidy_folder(paths: DeskPaths) -> None:
    """At an open that holds the instance lock (so no other run is writing them):
    tighten the data folder to this user (an older program, or a copy, may have left
    it readable by everyone) and remove the temporary files a killed run left in the
    program's own folders.  Evidence files themselves are not walked: their folder
    is private, and new ones are written private."""
    for folder in (paths.home, paths.evidence, paths.backups, paths.keys, paths.packets,
                   paths.exports):
        make_private(folder)
    for suffix in ("", "-wal", "-shm"):
        make_private(Path(f"{paths.database}{suffix}"))
    make_private(paths.lock)
    for folder in (paths.backups, paths.keys):
        for entry in _entries(folder):
            if entry.is_file(follow_symlinks=False):
                if folder == paths.backups and _BACKUP_PART.match(entry.name):
                    _unlink(entry.path)
                else:
                    make_private(Path(entry.path))
    for sub in _entries(paths.evidence):
        if _HEX2.match(sub.name) and sub.is_dir(follow_symlinks=False):
            make_private(Path(sub.path))
            for entry in _entries(Path(sub.path)):
                if _EVIDENCE_TMP.match(entry.name) and entry.is_file(follow_symlinks=False):
                    _unlink(entry.path)


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except OSError:
        return []


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):  # tidying is a courtesy, never a reason not to open
        os.unlink(path)


def load_settings(session: Any) -> DeskSettings:
    return DeskSettings.from_stored({s.key: s.value for s in session.scalars(select(Setting))})


def open_desk(home: Path, *, lock: bool = True, require_desk: bool = True,
              held: InstanceLock | None = None) -> DeskContext:
    """Open an existing desk.  ``lock`` (GUI and every writing command) takes the
    one-instance lock and upgrades the schema; readers open without it.  ``held`` is
    the lock when the caller took it already (the window, before its first paint);
    the context then owns it."""
    paths = DeskPaths(home)
    check_folder(home, create=False)
    if require_desk and not paths.database.exists():
        raise UserError(
            Msg(
                f"“{home}”中还没有台账。请先运行 rectdesk init 或 rectdesk demo。",
                f"There is no ledger in “{home}” yet. Run rectdesk init or rectdesk demo first.",
            )
        )
    if held is not None:
        instance: InstanceLock | None = held
    else:
        instance = take_lock(paths) if lock else None
    try:
        if paths.database.exists():
            refuse_foreign(paths)  # before SQLAlchemy or a migration writes into it
        if require_desk and paths.demo_marker.exists():
            raise UserError(Msg(
                f"“{home}”中的演示台账没有建完（上次建立时被中断）。"
                "请再运行一次 rectdesk demo，它会重新建立。",
                f"The demo ledger in “{home}” was not finished (its build was "
                "interrupted). Run rectdesk demo again to rebuild it.",
            ))
        if instance is not None:
            tidy_folder(paths)
        store = _open_store(paths, upgrade=instance is not None)
        ctx = DeskContext(paths=paths, store=store, lock=instance)
        try:
            with store.read() as s:
                desk = s.scalars(select(Desk)).first()
                if desk is None and require_desk:
                    raise UserError(
                        Msg(
                            "台账尚未初始化。请运行 rectdesk init 或 rectdesk demo。",
                            "The ledger is not set up yet. Run rectdesk init or rectdesk demo.",
                        )
                    )
                if desk is not None:
                    ctx.role, ctx.code, ctx.name, ctx.demo = (
                        desk.role,
                        desk.code,
                        desk.name,
                        desk.demo,
                    )
                ctx.settings = load_settings(s)
        except (DatabaseError, OperationalError) as e:
            store.dispose()
            raise corrupt_error(paths, str(e)) from e
        except UserError:
            store.dispose()
            raise
        store.desk_code = ctx.code
        return ctx
    except BaseException:
        if instance:
            instance.release()
        raise


def check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(
            Msg(
                f"角色“{role}”无效，只能是 county（县级）或 city（市级）。",
                f"Role “{role}” is invalid: use county or city.",
            )
        )


def init_desk(home: Path, role: str, code: str, name: str, *,
              held: InstanceLock | None = None) -> DeskContext:
    """Create a new, empty desk in ``home`` (the folder may exist but hold no ledger).
    ``held``: the folder's lock, when the caller (the demo) took it already."""
    check_role(role)
    bad = check_code(code)
    if bad:
        raise UserError(bad)
    if not name or not name.strip() or len(name) > 100:
        raise UserError(Msg("单位名称不能为空，且不超过100字。", "Name is required (≤ 100 chars)."))
    paths = DeskPaths(home)
    check_folder(home, create=True)
    if paths.database.exists():
        refuse_foreign(paths)  # an empty or foreign file says so, rather than "a ledger"
        raise UserError(
            Msg(
                f"“{home}”中已经有台账，未做任何改动。",
                f"“{home}” already holds a ledger; nothing was changed.",
            )
        )
    ctx = open_desk(home, lock=True, require_desk=False, held=held)
    try:
        ctx.role, ctx.code, ctx.name = role, code, name.strip()
        ctx.store.desk_code = code
        with ctx.ledger.batch() as s:
            s.add(Desk(role=role, code=code, name=ctx.name, demo=False))
            if s.scalars(select(OrgUnit).where(OrgUnit.code == code)).first() is None:
                s.add(
                    OrgUnit(code=code, name=ctx.name, kind="city" if role == "city" else "county")
                )
    except BaseException:
        ctx.close()
        remove_new_database(paths)
        raise
    return ctx


def remove_new_database(paths: DeskPaths) -> None:
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(paths.database) + suffix)
        if p.exists():
            os.unlink(p)


def save_setting(ctx: DeskContext, key: str, value: Any) -> None:
    ctx.ledger.save_setting(key, value)


def store_setting(session: Any, key: str, value: Any) -> None:
    """Validate and write one setting in ``session`` (the door's transaction)."""
    bad = settings_rules.validate(key, value)
    if bad:
        raise UserError(bad)
    row = session.scalars(select(Setting).where(Setting.key == key)).first()
    stored = list(value) if isinstance(value, tuple) else value
    if row is None:
        session.add(Setting(key=key, value=stored))
    else:
        row.value = stored
