"""Column types that refuse to hand the program a value it cannot use.

A database edited by hand (sqlite3, a disk fault) can hold ``inf``, text in a number
column or ``2026-13-45`` in a date column.  Read through the plain types such a value
either raises deep inside a report or export (a traceback) or flows on as a wrong
number.  These types check every value as it is read and raise ``UnreadableValue``
naming the table and column; ``Store`` then finds the records that hold it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Date, Dialect, Float, MetaData
from sqlalchemy.types import TypeDecorator

from db.unreadable import UnreadableValue, finite


class _Checked(TypeDecorator[Any]):
    cache_ok = True
    where: tuple[str, str] = ("?", "?")  # (table, column), set by ``name_columns``

    kind = "date"

    def _fail(self, raw: object) -> UnreadableValue:
        return UnreadableValue(self.where[0], self.where[1], raw, self.kind)


class CheckedDate(_Checked):
    impl = Date
    cache_ok = True  # asked of each class, not inherited

    def result_processor(self, dialect: Dialect, coltype: object
                         ) -> Callable[[Any], Any] | None:
        parse = self.impl_instance.result_processor(dialect, coltype)

        def process(value: Any) -> Any:
            if value is None:
                return None
            try:
                out = parse(value) if parse else value
            except (ValueError, TypeError):
                raise self._fail(value) from None
            if not isinstance(out, date):
                raise self._fail(value)
            return out
        return process


class CheckedFloat(_Checked):
    impl = Float
    kind = "number"
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None or finite(value):
            return value
        raise self._fail(value)


def plain_type(column_type: object) -> object:
    """The plain SQLAlchemy type under a checked one (Date, Float), for code that picks
    a rule by isinstance (the packet wire and merge)."""
    return column_type.impl_instance if isinstance(column_type, _Checked) else column_type


def name_columns(metadata: MetaData) -> None:
    """Tell each checked column which table and column it is, for the message."""
    for table in metadata.tables.values():
        for column in table.columns:
            if isinstance(column.type, _Checked):
                column.type.where = (table.name, column.name)
