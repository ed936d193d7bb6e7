"""The light history: each task copy's light at the end of every month, kept for ever.

Lights are computed live; supervision needs them kept ("red three months running",
"rebounded").  A snapshot of a month is taken as of its last day from what this desk
holds, so the city and a county that hold the same records take the same snapshot.  It
is derived data: not audited (the records it is computed from are) and never sent.
"""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.engine import driver_connection
from db.models import LightSnapshot
from desktop.domain import periods
from desktop.domain.settings import DeskSettings
from desktop.services import ledger_rows


def period_end(period: str) -> date:
    first = periods.parse_period(period)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def last_ended(today: date) -> str:
    """The latest month that has ended by ``today``."""
    return periods.shift(periods.period_of(today), -1)


def compute(session: Session, period: str, settings: DeskSettings) -> list[LightSnapshot]:
    """The month's snapshot rows, as of its last day (not stored)."""
    conn = driver_connection(session)
    end = period_end(period)
    percent = dict(conn.execute(
        "SELECT p.task_uuid, p.percent FROM progress AS p JOIN ("
        " SELECT task_uuid, max(period) AS period FROM progress WHERE period <= ?"
        " GROUP BY task_uuid) AS l ON l.task_uuid = p.task_uuid AND l.period = p.period",
        (period,)).fetchall())
    return [
        LightSnapshot(period=period, task_uuid=r.uuid, unit_code=r.unit_code, light=r.light,
                      status=r.status, days_overdue=max(0, -(r.days_left or 0)),
                      percent=percent.get(r.uuid))
        for r in ledger_rows.task_rows(conn, end, settings)
    ]


def take(session: Session, period: str, settings: DeskSettings) -> int:
    """Store (or take again) the month's snapshot; returns the rows kept."""
    rows = compute(session, period, settings)
    session.execute(delete(LightSnapshot).where(LightSnapshot.period == period))
    session.add_all(rows)
    return len(rows)


def taken(session: Session) -> set[str]:
    return set(session.scalars(select(LightSnapshot.period).distinct()))


def missing(session: Session, today: date, back: int = 24) -> list[str]:
    """Ended months with tasks but no snapshot yet (at most ``back`` of them)."""
    if not session.scalar(select(func.count()).select_from(LightSnapshot)) and back > 1:
        back = 1  # a desk new to the history starts with last month, not two years
    last = last_ended(today)
    have = taken(session)
    return [p for p in periods.periods_between(periods.shift(last, 1 - back), last)
            if p not in have]


def history(session: Session, unit: str | None = None, since: str | None = None
            ) -> dict[str, dict[str, str]]:
    """task uuid → {period: light}, from ``since`` on when given."""
    q = select(LightSnapshot.task_uuid, LightSnapshot.period, LightSnapshot.light)
    if unit:
        q = q.where(LightSnapshot.unit_code == unit)
    if since:
        q = q.where(LightSnapshot.period >= since)
    out: dict[str, dict[str, str]] = {}
    for task, period, lt in session.execute(q):
        out.setdefault(task, {})[period] = lt
    return out


def red_running(lights: dict[str, str], upto: str) -> int:
    """Months red running up to and including ``upto`` (0 when not red then)."""
    n, p = 0, upto
    while lights.get(p) == "red":
        n += 1
        p = periods.shift(p, -1)
    return n
