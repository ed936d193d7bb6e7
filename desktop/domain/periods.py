"""Monthly reporting periods (YYYY-MM) and their due dates."""

from __future__ import annotations

import re
from datetime import date

from desktop.domain.dates import add_months
from desktop.i18n import Msg

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_period(text: str) -> date:
    """First day of the period; ValueError for anything but a real YYYY-MM."""
    m = _PERIOD.match(text.strip()) if isinstance(text, str) else None
    if not m or not 2000 <= int(m.group(1)) <= 2100:
        raise ValueError(text)
    return date(int(m.group(1)), int(m.group(2)), 1)


def is_period(text: str) -> bool:
    try:
        parse_period(text)
    except ValueError:
        return False
    return True


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shift(period: str, months: int) -> str:
    return period_of(add_months(parse_period(period), months))


def due_date(period: str, due_day: int = 5) -> date:
    """The report for a month is due on ``due_day`` of the following month."""
    nxt = add_months(parse_period(period), 1)
    return nxt.replace(day=min(due_day, 28))


def next_report(today: date, due_day: int = 5) -> tuple[str, date]:
    """The period whose report is due next, and when: last month's until its due
    day has passed, then this month's."""
    previous = shift(period_of(today), -1)
    due = due_date(previous, due_day)
    if today <= due:
        return previous, due
    current = period_of(today)
    return current, due_date(current, due_day)


def periods_between(first: str, last: str) -> list[str]:
    out: list[str] = []
    p = first
    while parse_period(p) <= parse_period(last):
        out.append(p)
        p = shift(p, 1)
    return out


def ended_problem(period: str, today: date) -> Msg | None:
    """A month's end-of-month figures (lights kept, a ranking) exist once it has ended."""
    if period >= period_of(today):
        return Msg(f"{period} 尚未结束，月末数据要到下月才有。",
                   f"{period} has not ended yet; its month-end figures come next month.")
    return None
