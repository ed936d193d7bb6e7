"""Copies of the database made with SQLite's online backup API (a plain file copy of
a WAL database can miss committed pages still in the -wal file)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from desktop.fileio import make_private, private_dir

PREFIX = "ledger-"
SUFFIX = ".sqlite3"
# An unfinished backup's name; one left by a killed run is removed at the next open.
PART = ".part"


class NotALedger(Exception):
    """The file is not a readable SQLite database holding a desk's ledger."""


def online_backup(src: Path, dest: Path) -> Path:
    private_dir(dest.parent)
    tmp = dest.with_name(dest.name + PART)
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    source = sqlite3.connect(src)
    try:
        target = sqlite3.connect(tmp)
        try:
            make_private(tmp)  # a backup is the whole ledger: not under the umask
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
    finally:
        source.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dest)
    return dest


def rotating_backup(src: Path, folder: Path, keep: int, when: datetime) -> Path:
    dest = folder / f"{PREFIX}{when.strftime('%Y%m%d-%H%M%S')}{SUFFIX}"
    online_backup(src, dest)
    for old in list_backups(folder)[keep:]:
        old.unlink(missing_ok=True)
    return dest


def list_backups(folder: Path) -> list[Path]:
    """Newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), reverse=True)


def check_ledger_file(path: Path) -> None:
    """Raise NotALedger unless ``path`` is an intact SQLite file with a desk table."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as e:
        raise NotALedger(str(e)) from e
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()
        if not ok or ok[0] != "ok":
            raise NotALedger(f"integrity_check: {ok}")
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "desk" not in names or "alembic_version" not in names:
            raise NotALedger("no desk table")
    except sqlite3.Error as e:
        raise NotALedger(str(e)) from e
    finally:
        conn.close()


def restore_into(backup: Path, live: Path) -> None:
    """Replace the live database's content with the backup's, page by page, through
    SQLite (so the WAL and any reader stay consistent)."""
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(live)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
