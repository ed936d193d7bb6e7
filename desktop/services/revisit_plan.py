"""Revisits (回头看) due and overdue across the ledger: those scheduled for closed-out
tasks and handled petitions, and the regular revisit of every long-running (长期坚持)
task, due every ``ongoing_revisit_months`` after its last one (or after the round's
feedback when it has had none)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import InspectionRound, OrgUnit, Petition, Revisit, Task
from desktop.domain.revisits import next_ongoing
from desktop.domain.settings import DeskSettings
from desktop.domain.status import Status


@dataclass(frozen=True)
class RevisitDue:
    kind: str  # task | petition | ongoing (a long-running task's regular revisit)
    revisit_uuid: str | None  # None for an ongoing task's revisit not yet scheduled
    subject: str
    unit_code: str
    unit_name: str
    due_date: date
    days_left: int
    task_uuid: str | None = None
    petition_uuid: str | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "revisit": self.revisit_uuid, "subject": self.subject,
                "unit_code": self.unit_code, "unit_name": self.unit_name,
                "due_date": self.due_date.isoformat(), "days_left": self.days_left,
                "overdue": self.overdue, "task": self.task_uuid, "petition": self.petition_uuid}


def due_revisits(session: Session, today: date, settings: DeskSettings,
                 unit_code: str | None = None) -> list[RevisitDue]:
    """Revisits due within the warning window, and every overdue one, earliest first."""
    horizon = today + timedelta(days=settings.warning_window_days)
    names = dict(session.execute(select(OrgUnit.code, OrgUnit.name)).all())
    out: list[RevisitDue] = []
    pending_tasks: set[str] = set()
    for rv, task, petition in session.execute(
        select(Revisit, Task, Petition)
        .outerjoin(Task, Task.uuid == Revisit.task_uuid)
        .outerjoin(Petition, Petition.uuid == Revisit.petition_uuid)
        .where(Revisit.done_date.is_(None))
    ):
        if task is not None:
            pending_tasks.add(task.uuid)
        unit = task.unit_code if task is not None else petition.unit_code if petition else ""
        if rv.due_date > horizon or (unit_code and unit != unit_code):
            continue
        subject = (f"第{task.number}号 {task.title}" if task is not None
                   else petition.case_no if petition is not None else "")
        out.append(RevisitDue("task" if task is not None else "petition", rv.uuid, subject,
                              unit, names.get(unit, unit), rv.due_date,
                              (rv.due_date - today).days, rv.task_uuid, rv.petition_uuid))
    last_done = dict(session.execute(
        select(Revisit.task_uuid, func.max(Revisit.done_date))
        .where(Revisit.task_uuid.is_not(None), Revisit.done_date.is_not(None))
        .group_by(Revisit.task_uuid)).all())
    feedback = dict(session.execute(select(InspectionRound.uuid,
                                           InspectionRound.feedback_date)).all())
    q = select(Task).where(Task.ongoing.is_(True), Task.status != Status.CLOSED_OUT)
    if unit_code:
        q = q.where(Task.unit_code == unit_code)
    for task in session.scalars(q):
        if task.uuid in pending_tasks:
            continue  # its scheduled revisit is listed above
        since = last_done.get(task.uuid) or feedback.get(task.round_uuid)
        if since is None:
            continue
        due = next_ongoing(since, settings.ongoing_revisit_months)
        if due <= horizon:
            out.append(RevisitDue("ongoing", None, f"第{task.number}号 {task.title}",
                                  task.unit_code, names.get(task.unit_code, task.unit_code),
                                  due, (due - today).days, task.uuid))
    out.sort(key=lambda r: (r.due_date, r.unit_code, r.subject))
    return out
