"""Opening the desk's SQLite file with the guarantees a ledger needs.

Every connection: foreign keys on, WAL journal, ``synchronous=FULL`` (a commit the
program reported is on disk), a busy timeout.  Write transactions start with
``BEGIN IMMEDIATE`` so a second writer waits, then fails cleanly, instead of
hitting a lock upgrade deadlock half way through an edit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.unreadable import UnreadableValue, locate
from desktop.fileio import make_private

BUSY_TIMEOUT_MS = 10_000


def _private(path: Path) -> None:
    """The ledger for this user only.  SQLite creates the file under the umask (often
    0644) and makes the -wal and -shm files with the database's own mode, so
    tightening the database before WAL is switched on tightens all three; existing
    looser -wal/-shm files are tightened too."""
    for suffix in ("", "-wal", "-shm"):
        make_private(Path(f"{path}{suffix}"))


def _on_connect(path: Path, dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook, not pysqlite, decide when transactions start.
    dbapi_conn.isolation_level = None
    _private(path)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def _on_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")
    # Foreign keys are checked at COMMIT: the ORM does not order inserts of tables
    # that refer to each other by key only, and a ledger edit is all-or-nothing anyway.
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")


def driver_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under ``session``, inside its transaction: for the
    few reads written as plain SQL so that they also run without SQLAlchemy."""
    raw = session.connection().connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", partial(_on_connect, path))
    event.listen(engine, "begin", _on_begin)
    return engine


class Store:
    """The database of one desk.  ``read()`` and ``write()`` give sessions; a write
    session commits when its block ends and rolls everything back on an error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )
        audit.install(Session)
        self.desk_code = ""

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as s:
            s.info["read_only"] = True
            try:
                yield s
            except UnreadableValue as e:
                raise self._located(e) from None
            s.rollback()

    @contextmanager
    def read_raw(self) -> Iterator[sqlite3.Connection]:
        """A read transaction as a plain sqlite3 connection (see ``driver_connection``)."""
        with self.read() as s:
            yield driver_connection(s)

    @contextmanager
    def write(self, actor: str = "clerk") -> Iterator[Session]:
        with self._write() as s:
            s.info["actor"] = actor
            s.info["desk_code"] = self.desk_code
            try:
                yield s
                s.commit()
            except UnreadableValue as e:
                s.rollback()
                raise self._located(e) from None
            except BaseException:
                s.rollback()
                raise

    def _located(self, err: UnreadableValue) -> UnreadableValue:
        """Name the task numbers of the records holding the unreadable value (a
        fresh read-only look; the failed session is left alone)."""
        if err.tasks:
            return err
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            return locate(conn, err)
        except sqlite3.Error:
            return err
        finally:
            conn.close()

    def compact(self) -> None:
        """Give the space of deleted rows back to the disk (VACUUM runs outside any
        transaction, on a connection of its own)."""
        self.engine.dispose()
        conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            conn.execute("VACUUM")
        finally:
            conn.close()

    def dispose(self) -> None:
        self.engine.dispose()
