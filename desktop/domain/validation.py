"""Checks on values typed by a clerk or read from a file; each returns the reason in
the clerk's words, or None when the value is fine."""

from __future__ import annotations

import re
from datetime import date

from desktop.i18n import Msg

_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{1,31}$")
_CN_DATE = re.compile(
    r"^\s*(\d{4})\s*(?:年|\.|/|-)\s*(\d{1,2})\s*(?:月|\.|/|-)\s*(\d{1,2})\s*日?\s*$"
)


def check_code(code: str) -> Msg | None:
    if not isinstance(code, str) or not _CODE.match(code):
        return Msg(
            f"单位代码“{code}”无效：应为2到32位字母或数字。",
            f"Unit code “{code}” is invalid: 2–32 letters or digits.",
        )
    return None


def parse_date(text: str) -> date:
    """Dates as clerks write them: 2020-05-01, 2020年5月1日, 2020.5.1, 2020/5/1.
    ValueError for anything else, including impossible dates like 2月30日."""
    if isinstance(text, date):
        return text
    m = _CN_DATE.match(str(text))
    if not m:
        raise ValueError(text)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def check_date(text: str) -> Msg | None:
    try:
        parse_date(text)
    except ValueError:
        return Msg(
            f"日期“{text}”无效，请写成 2026-05-01 或 2026年5月1日。",
            f"Date “{text}” is invalid; write 2026-05-01.",
        )
    return None


def check_percent(value: object) -> Msg | None:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        v = float("nan")
    if not 0 <= v <= 100:
        return Msg("完成比例应为0到100之间的数。", "Percent complete must be 0–100.")
    return None


def check_required(value: object, field_zh: str, field_en: str) -> Msg | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Msg(f"“{field_zh}”不能为空。", f"“{field_en}” is required.")
    return None
