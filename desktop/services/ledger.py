"""Reading the ledger: one row per task with its light, days left and latest progress,
and the counts the status view and the command line show."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from db.engine import driver_connection
from desktop.domain import periods
from desktop.domain.lights import Light
from desktop.domain.settings import DeskSettings
from desktop.domain.status import Status
from desktop.services import ledger_rows
from desktop.services.ledger_rows import TaskRow

__all__ = ["TaskRow", "summary", "task_rows", "unit_names"]


def unit_names(session: Session) -> dict[str, str]:
    return ledger_rows.unit_names(driver_connection(session))


def task_rows(session: Session, today: date, settings: DeskSettings,
              **filters: str | None) -> list[TaskRow]:
    """All tasks in number order, with ``ledger_rows.task_rows``'s filters."""
    return ledger_rows.task_rows(driver_connection(session), today, settings, **filters)


def summary(session: Session, today: date, settings: DeskSettings) -> dict[str, Any]:
    rows = task_rows(session, today, settings)
    by_status = Counter(r.status for r in rows)
    by_light = Counter(r.light for r in rows)
    period, due = periods.next_report(today, settings.report_due_day)
    overdue = [r for r in rows if r.light == Light.RED]
    return {
        "today": today.isoformat(),
        "tasks_total": len(rows),
        "by_status": {s.value: by_status.get(s.value, 0) for s in Status},
        "by_light": {lt.value: by_light.get(lt.value, 0) for lt in Light},
        "next_report": {"period": period, "due": due.isoformat(), "days_left": (due - today).days},
        "overdue": [
            {
                "uuid": r.uuid,
                "number": r.number,
                "unit": r.unit_code,
                "title": r.title,
                "deadline": r.deadline.isoformat() if r.deadline else None,
                "days_overdue": -(r.days_left or 0),
            }
            for r in overdue
        ],
    }
