"""Reading one cell of an edited ledger workbook into a stored value.

Each parser returns the value or raises :class:`CellError` with the reason in the
clerk's words; the caller adds the sheet, row and column.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from desktop.domain.validation import check_percent, parse_date
from desktop.exports.ledger_schema import Column, Kind
from desktop.exports.xlsx_text import from_cell
from desktop.i18n import Msg


class CellError(Exception):
    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.zh)
        self.msg = msg


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    """Any cell value as the text a clerk sees (numbers typed into text columns)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return from_cell(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _shown(value: Any) -> str:
    return as_text(value).strip()


def parse(col: Column, value: Any) -> Any:
    """The stored value for ``value`` in column ``col`` (text comes back unstripped)."""
    kind = col.kind
    if kind in (Kind.TEXT, Kind.READONLY) and col.field.endswith("_date"):
        return parse_date_cell(value)
    if kind in (Kind.TEXT, Kind.READONLY, Kind.KEY, Kind.ID, Kind.TASK_ID, Kind.DISPLAY):
        return as_text(value)
    if kind == Kind.DATE:
        return parse_date_cell(value)
    if kind == Kind.NUMBER:
        return parse_number(value)
    if kind == Kind.PERCENT:
        return parse_percent(value)
    return parse_choice(col, value)


def parse_date_cell(value: Any) -> date | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _shown(value)
    if isinstance(value, str):
        try:
            return parse_date(text)
        except ValueError:
            pass
    raise CellError(Msg(
        f"“{text}”不是有效日期（可写成 2026-05-01 或 2026年5月1日）",
        f"“{text}” is not a valid date (write 2026-05-01)",
    ))


def parse_number(value: Any) -> float | None:
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        text = _shown(value)
        try:
            number = float(text.replace(",", "").replace("，", ""))
        except ValueError:
            raise CellError(Msg(f"“{text}”不是数字", f"“{text}” is not a number")) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise CellError(Msg(f"“{_shown(value)}”不是数字", f"“{_shown(value)}” is not a number"))
    return number


def parse_percent(value: Any) -> float:
    if is_blank(value):
        raise CellError(Msg("不能为空，请填写 0 到 100 之间的数",
                            "must not be empty: write a number from 0 to 100"))
    text = _shown(value).rstrip("%％")
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else text
    if check_percent(number) is not None:
        raise CellError(Msg(f"“{_shown(value)}”应为 0 到 100 之间的数",
                            f"“{_shown(value)}” must be a number from 0 to 100"))
    return float(number)


def parse_choice(col: Column, value: Any) -> Any:
    if is_blank(value):
        if col.blank_ok:
            return ""
        raise CellError(Msg("不能为空", "must not be empty"))
    if col.kind == Kind.BOOL and isinstance(value, bool):
        return value
    text = _shown(value)
    for code, label in col.choices:
        if text in (label, str(code)):
            return code
    options = "、".join(label for _, label in col.choices)
    raise CellError(Msg(f"“{text}”不是可选的值（可选：{options}）",
                        f"“{text}” is not one of the choices ({options})"))
