"""The error for a stored value the program cannot use (a hand-edited database).
Standard library only, so that the plain-SQL row readers (``services.ledger_rows``)
can raise it without loading SQLAlchemy."""

from __future__ import annotations

import math
import sqlite3
from datetime import date

from db.labels import column_words, label
from desktop.i18n import Msg, UserError


class UnreadableValue(UserError):
    """A stored value that is not a date / not a finite number."""

    def __init__(self, table: str, column: str, raw: object, kind: str = "date",
                 tasks: tuple[int, ...] = (), records: int = 0) -> None:
        zh, en = label(table)
        col_zh, col_en = column_words(column)
        where_zh = f"任务编号 {'、'.join(map(str, tasks))} 的" if tasks else ""
        where_en = f" of task {', '.join(map(str, tasks))}" if tasks else ""
        count_zh = f"（共 {records} 条记录）" if records > 1 else ""
        super().__init__(Msg(
            f"台账中{where_zh}“{zh}”记录的“{col_zh}”一项无法读取（存的是“{raw}”）{count_zh}。"
            "数据库可能被其他程序改动过：请运行 rectdesk audit verify 查看，"
            "在窗口中改正这条记录，或用 rectdesk restore 从备份恢复。未写出任何文件。",
            f"A {en} record{where_en} holds an unreadable {col_en} (“{raw}”). The database "
            "may have been edited by another program: run rectdesk audit verify, fix the "
            "record in the window or restore a backup (rectdesk restore). Nothing was written."))
        self.table, self.column, self.raw, self.kind = table, column, raw, kind
        self.tasks, self.records = tasks, records



def finite(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def read_date(text: object, table: str, column: str) -> date | None:
    """ISO text as SQLAlchemy's Date stores it; UnreadableValue for anything else."""
    if text is None or text == "":
        return None
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise UnreadableValue(table, column, text, "date") from None


def read_number(value: object, table: str, column: str) -> float | None:
    if value is None or finite(value):
        return value  # type: ignore[return-value]
    raise UnreadableValue(table, column, value, "number")


def is_readable(kind: str, raw: object) -> bool:
    """Would a column of ``kind`` ("date" or "number") read the raw value?"""
    if raw is None:
        return True
    if kind == "number":
        return finite(raw)
    try:
        date.fromisoformat(str(raw))
    except ValueError:
        return False
    return True


def locate(conn: sqlite3.Connection, err: UnreadableValue) -> UnreadableValue:
    """The same error naming the task numbers of the records that hold such values
    (plain SQL, so that the quick readers without SQLAlchemy can ask it too)."""
    if err.tasks:
        return err
    try:
        cols = {r[1] for r in conn.execute(f'PRAGMA table_info("{err.table}")')}
        if err.column not in cols:
            return err
        link = "number" if err.table == "task" else "task_uuid" if "task_uuid" in cols else None
        bad = [row for row in conn.execute(
            f'SELECT "{err.column}", {link or "NULL"} FROM "{err.table}"')
            if not is_readable(err.kind, row[0])]
        numbers: set[int] = set()
        for _raw, key in bad:
            if link == "number":
                numbers.add(key)
            elif key is not None:
                found = conn.execute("SELECT number FROM task WHERE uuid = ?", (key,)).fetchone()
                if found:
                    numbers.add(found[0])
    except sqlite3.Error:
        return err
    return UnreadableValue(err.table, err.column, err.raw, err.kind,
                           tuple(sorted(numbers)), len(bad) or 1)
