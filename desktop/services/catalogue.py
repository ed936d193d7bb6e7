"""The city's task catalogue: one numbered task of a round, and its copies.

A task applies to some units; each of them keeps a copy (a ``Task`` row with its
``unit_code``) and the city keeps the copies of its own departments.  A unit the task
does not apply to has no copy, so it can never show red for it.  A new copy starts
with the plan's four lists (问题 → problem list, 整改措施 → one measure per item,
责任单位/责任人 → responsibility, 整改目标 → effect), owned by the unit that does the
work: the county receives them once in the city's packet and keeps them from then on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Effect, Measure, Problem, Responsibility, Task
from desktop.domain.plan import REPORTING_KINDS, Deadline, split_measures

# Catalogue fields of a task copy, as the importer compares them.
FIELDS = ("title", "feedback", "category", "target", "lead_unit_code", "responsible_units",
          "lead_official", "deadline", "ongoing")


@dataclass(frozen=True)
class CatalogueTask:
    """One row of the plan's task list, its names already matched to unit codes."""

    number: int
    title: str
    feedback: str
    target: str
    measures: str
    lead_unit_code: str
    responsible_units: tuple[str, ...]  # codes, in the plan's order
    lead_official: str
    deadline: Deadline
    category: str
    units: tuple[str, ...]  # the units that keep a copy

    def values(self) -> dict[str, Any]:
        return {"title": self.title, "feedback": self.feedback, "category": self.category,
                "target": self.target, "lead_unit_code": self.lead_unit_code,
                "responsible_units": list(self.responsible_units),
                "lead_official": self.lead_official, "deadline": self.deadline.on,
                "ongoing": self.deadline.ongoing}


def copies(session: Session, round_uuid: str, number: int) -> dict[str, Task]:
    return {t.unit_code: t for t in session.scalars(select(Task).where(
        Task.round_uuid == round_uuid, Task.number == number))}


def differences(task: Task, entry: CatalogueTask) -> dict[str, tuple[Any, Any]]:
    """Catalogue field → (stored, new) where they differ."""
    out: dict[str, tuple[Any, Any]] = {}
    for name, new in entry.values().items():
        old = getattr(task, name)
        if (list(old or []) if name == "responsible_units" else old) != new:
            out[name] = (old, new)
    return out


def save_task(session: Session, city: str, round_uuid: str, entry: CatalogueTask,
              kinds: dict[str, str], names: dict[str, str]) -> list[Task]:
    """Create or update every copy of ``entry``; returns the copies created or changed.
    ``kinds``: unit code → kind (a department's copy is kept by the city); ``names``:
    unit code → name."""
    have = copies(session, round_uuid, entry.number)
    touched: list[Task] = []
    for unit in entry.units:
        task = have.get(unit)
        if task is None:
            task = Task(owner=city, round_uuid=round_uuid, number=entry.number, unit_code=unit,
                        status="not_started", **entry.values())
            session.add(task)  # its uuid is made with it: the starting rows refer to it
            worker = unit if kinds.get(unit) in REPORTING_KINDS else city
            _starting_rows(session, task, entry, worker, unit_name=names.get(unit, unit))
            touched.append(task)
            continue
        diff = differences(task, entry)
        for name, (_old, new) in diff.items():
            setattr(task, name, new)
        if diff:
            touched.append(task)
    return touched


def _starting_rows(session: Session, task: Task, entry: CatalogueTask, worker: str,
                   unit_name: str) -> None:
    if entry.feedback:
        session.add(Problem(task_uuid=task.uuid, owner=worker, seq=1,
                            description=entry.feedback))
    for i, text in enumerate(split_measures(entry.measures), start=1):
        session.add(Measure(task_uuid=task.uuid, owner=worker, seq=i, description=text,
                            planned_date=entry.deadline.on, status="planned"))
    session.add(Responsibility(task_uuid=task.uuid, owner=worker, seq=1,
                               unit_name=unit_name, person=entry.lead_official,
                               role="责任单位"))
    if entry.target:
        session.add(Effect(task_uuid=task.uuid, owner=worker, seq=1,
                           indicator=entry.target[:200]))


def no_copies_beyond(session: Session, round_uuid: str, number: int, units: tuple[str, ...]
                     ) -> list[str]:
    """Units that keep a copy the plan no longer gives them (left as they are)."""
    return sorted(set(copies(session, round_uuid, number)) - set(units))


