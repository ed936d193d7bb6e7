"""Reading the ledger: one row per task with its light, days left and latest progress,
and the counts the status view and the command line show."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from db.engine import driver_connection
from desktop.domain.settings import DeskSettings
from desktop.services import ledger_rows
from desktop.services.ledger_rows import TaskRow

__all__ = ["TaskRow", "summary", "task_rows", "unit_names"]


def unit_names(session: Session) -> dict[str, str]:
    return ledger_rows.unit_names(driver_connection(session))


def task_rows(session: Session, today: date, settings: DeskSettings,
              **filters: Any) -> list[TaskRow]:
    """All tasks in number order, with ``ledger_rows.task_rows``'s filters."""
    return ledger_rows.task_rows(driver_connection(session), today, settings, **filters)


def summary(session: Session, today: date, settings: DeskSettings) -> dict[str, Any]:
    return ledger_rows.summary(driver_connection(session), today, settings)
