"""Checks on values typed by a clerk or read from a file; each returns the reason in
the clerk's words, or None when the value is fine."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from desktop import clock
from desktop.domain.periods import is_period, parse_period, period_of
from desktop.domain.status import Status
from desktop.i18n import Msg

_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{1,31}$")
_CN_DATE = re.compile(
    r"^\s*(\d{4})\s*(?:年|\.|/|-)\s*(\d{1,2})\s*(?:月|\.|/|-)\s*(\d{1,2})\s*日?\s*$"
)


def check_code(code: str, what: Msg | None = None) -> Msg | None:
    """A code (a unit's by default; ``what`` names another kind) of 2-32 letters or
    digits."""
    if not isinstance(code, str) or not _CODE.match(code):
        what = what or Msg("单位代码", "Unit code")
        return Msg(
            f"{what.zh}“{code}”无效：应为2到32位字母或数字。",
            f"{what.en} “{code}” is invalid: 2–32 letters or digits.",
        )
    return None


def check_indicator_targets(*, percent: bool, target: float | None,
                            relative_target: float | None) -> Msg | None:
    """Targets a city could set: an annual target from 0 (to 100 for a percentage), a
    change on the previous year above -100 % (a value cannot fall below nothing)."""
    if target is not None:
        bad = check_indicator_value(target, percent=percent)
        if bad is not None:
            top = 100 if percent else INDICATOR_MAX
            return Msg(f"年度目标应为0到{top:g}之间的数：{target}",
                       f"The annual target must be from 0 to {top:g}: {target}")
    if relative_target is not None and (not math.isfinite(relative_target)
                                        or not -100 < relative_target <= 1000):
        return Msg(f"较上年的目标应在 -100% 到 1000% 之间：{relative_target}",
                   f"The change on last year must be above -100 % and at most 1000 %: "
                   f"{relative_target}")
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


# --- the lists and ranges a clerk's value must fall in ------------------------------
# One place for every way in: the window and the command line (services.records,
# services.petitions), the Excel import and a record arriving in a packet
# (packets.merge), so each refuses the same values with the same words.

MEASURE_STATUSES = ("planned", "doing", "done")
TASK_STATUSES = tuple(s.value for s in Status)
SUBSTANTIATED = ("", "属实", "部分属实", "不属实")
RECTIFICATION = ("in_progress", "done")
# Dates a ledger of this work can hold: the inspections began in the 2010s; a deadline
# is set a few years ahead at most.
EARLIEST_YEAR, LATEST_YEAR = 1990, 2099

_CHOICES: dict[tuple[str, str], tuple[tuple[str, ...], Msg]] = {
    ("measure", "status"): (MEASURE_STATUSES, Msg(
        "措施状态只能是“计划”“进行中”或“已完成”。",
        "A measure's status must be planned, doing or done.")),
    ("task", "status"): (TASK_STATUSES, Msg("任务状态无效。", "Invalid task status.")),
    ("petition", "substantiated"): (SUBSTANTIATED, Msg(
        "是否属实只能是“属实”“部分属实”或“不属实”。",
        "Substantiated must be 属实, 部分属实 or 不属实.")),
    ("petition", "rectification_status"): (RECTIFICATION, Msg(
        "整改状态无效。", "Invalid rectification status.")),
}
_PERCENT: frozenset[tuple[str, str]] = frozenset({("progress", "percent")})
_PERIOD_TABLES = frozenset({"progress", "period_declaration", "indicator_value", "period_lock"})


def check_period(value: object, today: date | None = None) -> Msg | None:
    """A month written YYYY-MM and not after the current one: a month's progress,
    declaration or indicator value cannot be reported before the month has begun.
    Every way in (window, command line, Excel import, packet) asks this one rule."""
    if not isinstance(value, str) or value != value.strip() or not is_period(value):
        return Msg(f"月份应写成 2026-05 这样的格式：{value}",
                   f"Period must look like 2026-05: {value}")
    current = period_of(today or clock.today())
    if parse_period(value) > parse_period(current):
        return Msg(f"月份“{value}”还没到（本月是 {current}），不能填报以后的月份。",
                   f"Period {value} is in the future (this month is {current}).")
    return None


def check_date_range(value: date) -> Msg | None:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return Msg(f"日期“{value.isoformat()}”不合常理"
                   f"（应在{EARLIEST_YEAR}年到{LATEST_YEAR}年之间）。",
                   f"Date {value.isoformat()} is implausible ({EARLIEST_YEAR}–{LATEST_YEAR}).")
    return None


def has_list_or_range(table: str, field: str) -> bool:
    """Does ``check_value`` ask more of this field than a plausible date?"""
    return ((table, field) in _CHOICES or (table, field) in _PERCENT
            or (field == "period" and table in _PERIOD_TABLES)
            or (table, field) == ("indicator_value", "value"))


# Environmental figures (concentrations, ratios, counts) are never negative; a value
# beyond this is a typing slip or a forgery, never a measurement.
INDICATOR_MAX = 1e9


def check_indicator_value(value: object, percent: bool = False) -> Msg | None:
    """A monthly indicator value: a finite number from 0 up (to 100 for a percentage)."""
    top = 100.0 if percent else INDICATOR_MAX
    if (not isinstance(value, int | float) or isinstance(value, bool)
            or not math.isfinite(value) or not 0 <= value <= top):
        return Msg(f"指标数值应为0到{top:g}之间的数：{value}",
                   f"An indicator value must be a number from 0 to {top:g}: {value}")
    return None


def check_value(table: str, field: str, value: object) -> Msg | None:
    """None when ``value`` is one a clerk could enter for ``field`` of a ``table``
    record: its list, its range, a plausible date, a month written YYYY-MM."""
    if (table, field) == ("indicator_value", "value"):
        return check_indicator_value(value)
    choice = _CHOICES.get((table, field))
    if choice is not None and value not in choice[0]:
        return choice[1]
    if (table, field) in _PERCENT:
        return check_percent(value)
    if field == "period" and table in _PERIOD_TABLES:
        return check_period(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return check_date_range(value)
    return None


def check_extension_request(new_deadline: date | None, reason: object,
                            requested_on: date | None,
                            previous_deadline: date | None) -> Msg | None:
    """An extension request as a clerk may make it: a reason, and a new deadline later
    than the day it was asked for and than the deadline it extends.  Asked of a request
    typed at the county, entered in its window and arriving in its packet alike."""
    if not str(reason or "").strip():
        return Msg("请写明延期理由。", "Give the reason for the extension.")
    if new_deadline is None:
        return Msg("请写明申请延期到的日期。", "Give the deadline asked for.")
    if requested_on is not None and new_deadline <= requested_on:
        return Msg("申请延期到的日期应晚于申请日期。",
                   "The deadline asked for must be after the day of the request.")
    if previous_deadline is not None and new_deadline <= previous_deadline:
        return Msg(f"申请延期到的日期应晚于现行时限 {previous_deadline.isoformat()}。",
                   f"The new deadline must be after {previous_deadline.isoformat()}.")
    return None
