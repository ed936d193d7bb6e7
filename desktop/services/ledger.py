"""Reading the ledger: one row per task with its light, days left and latest progress,
and the counts the status view and the command line show."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from db.models import Extension, Measure, OrgUnit, Progress, Task
from desktop.domain import periods
from desktop.domain.lights import Light, MeasureDates, days_left, effective_deadline, light
from desktop.domain.settings import DeskSettings
from desktop.domain.status import Status


@dataclass
class TaskRow:
    uuid: str
    number: int
    title: str
    unit_code: str
    unit_name: str
    lead_unit: str
    responsible: list[str]
    category: str
    deadline: date | None  # in force, after approved extensions
    original_deadline: date | None
    ongoing: bool
    days_left: int | None
    status: str
    light: str
    latest_period: str | None
    percent: float | None
    owner: str
    feedback: str = field(default="", repr=False)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("feedback")
        for k in ("deadline", "original_deadline"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


def unit_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(OrgUnit.code, OrgUnit.name)).all())


def task_rows(
    session: Session,
    today: date,
    settings: DeskSettings,
    *,
    light_filter: str | None = None,
    status_filter: str | None = None,
    unit_filter: str | None = None,
) -> list[TaskRow]:
    """All tasks (optionally filtered) in number order, computed in a few set-based
    queries so that a city ledger of many thousand tasks stays quick."""
    names = unit_names(session)
    ext = dict(
        session.execute(
            select(Extension.task_uuid, func.max(Extension.new_deadline))
            .where(Extension.approved.is_(True))
            .group_by(Extension.task_uuid)
        ).all()
    )
    # The earliest planned date among each task's open measures is all the light
    # rule needs to know about them; the rule itself decides whether that is overdue.
    earliest_open = dict(
        session.execute(
            select(Measure.task_uuid, func.min(Measure.planned_date))
            .where(Measure.done_date.is_(None), Measure.planned_date.is_not(None))
            .group_by(Measure.task_uuid)
        ).all()
    )
    latest = (
        select(Progress.task_uuid, func.max(Progress.period).label("p"))
        .group_by(Progress.task_uuid)
        .subquery()
    )
    progress = {
        t: (p, pct)
        for t, p, pct in session.execute(
            select(Progress.task_uuid, Progress.period, Progress.percent).join(
                latest,
                and_(latest.c.task_uuid == Progress.task_uuid, latest.c.p == Progress.period),
            )
        )
    }
    q = select(Task).order_by(Task.number, Task.unit_code)
    if status_filter:
        q = q.where(Task.status == status_filter)
    if unit_filter:
        q = q.where(Task.unit_code == unit_filter)
    rows: list[TaskRow] = []
    window = settings.warning_window_days
    for t in session.scalars(q):
        extension = ext.get(t.uuid)
        dl = effective_deadline(t.deadline, [extension] if extension else [])
        planned = earliest_open.get(t.uuid)
        open_measures = [MeasureDates(planned, None)] if planned else []
        lt = light(t.status, dl, today, open_measures, window)
        if light_filter and lt != light_filter:
            continue
        p = progress.get(t.uuid)
        rows.append(
            TaskRow(
                uuid=t.uuid,
                number=t.number,
                title=t.title,
                unit_code=t.unit_code,
                unit_name=names.get(t.unit_code, t.unit_code),
                lead_unit=names.get(t.lead_unit_code, t.lead_unit_code),
                responsible=[names.get(c, c) for c in t.responsible_units or []],
                category=t.category,
                deadline=dl,
                original_deadline=t.deadline,
                ongoing=t.ongoing,
                days_left=None if lt == Light.NONE else days_left(dl, today),  # closed: not counted
                status=t.status,
                light=str(lt),
                latest_period=p[0] if p else None,
                percent=p[1] if p else None,
                owner=t.owner,
                feedback=t.feedback,
            )
        )
    return rows


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
