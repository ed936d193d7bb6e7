"""The city's task catalogue: one numbered task of a round, and its copies.

A task applies to some units; each of them keeps a copy (a ``Task`` row with its
``unit_code``) and the city keeps the copies of its own departments.  A unit the task
does not apply to has no copy, so it can never show red for it.  A new copy starts
with the plan's four lists (问题 → problem list, 整改措施 → one measure per item,
责任单位/责任人 → responsibility, 整改目标 → effect), owned by the unit that does the
work: the county receives them once in the city's packet and keeps them from then on.

A changed plan reaches the copies: the catalogue fields, and the measures.  The
measures the plan gave (``Task.plan_measures``) are matched by position to the copy's
starting measure rows; a row still as the plan made it (planned, not done, no one
named, the old text) takes the new text, a new plan measure becomes a new starting row
(its uuid derived from the task and the position, so the city and the county make the
same row), and a row the plan dropped is deleted if untouched, else kept and reported.
The county does the same on its own rows when the city's packet brings the new plan
(``follow_plan``, called by the packet merge): each desk judges "untouched" on what it
holds, so a county's edit not yet reported is never overwritten.

A unit taken out of a task's applicable units: its copy is withdrawn.  Decision: a city
department's copy (kept here) is deleted if no one worked on it; a reporting unit's
copy is marked ``withdrawn`` with the reason (the mark travels in the city's packet),
and the county deletes it there if it never worked on it, else keeps it.  A withdrawn
copy is not counted, never red and not in the plan grid (services/ledger_rows skips
it); the catalogue view shows it greyed with the reason.  Adding the unit back clears
the mark.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Base, Effect, Measure, Problem, Responsibility, Task
from desktop.domain.plan import REPORTING_KINDS, Deadline, split_measures
from desktop.i18n import Msg

# Catalogue fields of a task copy, as the importer compares them.
FIELDS = ("title", "feedback", "category", "target", "lead_unit_code", "responsible_units",
          "lead_official", "deadline", "ongoing", "plan_measures", "withdrawn")

WITHDRAWN_UNTOUCHED = "整改任务清单已不再适用于本单位（未开展工作）"
WITHDRAWN_KEPT = "整改任务清单已不再适用于本单位（已有工作记录，保留备查）"


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
                "ongoing": self.deadline.ongoing,
                "plan_measures": split_measures(self.measures), "withdrawn": ""}


class Saved(list[Task]):
    """The copies created or changed, and what the clerk should be told: plan
    measures a unit had already worked on (kept as they are) and withdrawn units."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[Msg] = []
        self.withdrawn: list[str] = []


def copies(session: Session, round_uuid: str, number: int) -> dict[str, Task]:
    return {t.unit_code: t for t in session.scalars(select(Task).where(
        Task.round_uuid == round_uuid, Task.number == number))}


def _as_list(value: Any) -> list[Any]:
    return list(value or [])


def differences(task: Task, entry: CatalogueTask) -> dict[str, tuple[Any, Any]]:
    """Catalogue field → (stored, new) where they differ."""
    out: dict[str, tuple[Any, Any]] = {}
    for name, new in entry.values().items():
        old = getattr(task, name)
        if name in ("responsible_units", "plan_measures"):
            old = _as_list(old)
        if old != new:
            out[name] = (old, new)
    return out


def save_task(session: Session, city: str, round_uuid: str, entry: CatalogueTask,
              kinds: dict[str, str], names: dict[str, str]) -> Saved:
    """Create or update every copy of ``entry``, withdraw the copies of units it no
    longer applies to; returns the copies created or changed.  ``kinds``: unit code →
    kind (a department's copy is kept by the city); ``names``: unit code → name."""
    have = copies(session, round_uuid, entry.number)
    touched = Saved()
    for unit in entry.units:
        task = have.get(unit)
        worker = unit if kinds.get(unit) in REPORTING_KINDS else city
        if task is None:
            task = Task(owner=city, round_uuid=round_uuid, number=entry.number, unit_code=unit,
                        status="not_started", **entry.values())
            session.add(task)  # its uuid is made with it: the starting rows refer to it
            _starting_rows(session, task, entry, worker, unit_name=names.get(unit, unit))
            touched.append(task)
            continue
        diff = differences(task, entry)
        old_plan, old_deadline = _as_list(task.plan_measures), task.deadline
        for name, (_old, new) in diff.items():
            setattr(task, name, new)
        if diff:
            touched.append(task)
        if "plan_measures" in diff or "deadline" in diff:
            touched.kept.extend(reconcile_measures(session, task, old_plan, old_deadline,
                                                   worker, names.get(unit, unit)))
    for unit, task in have.items():
        if unit in entry.units or task.withdrawn:
            continue
        touched.withdrawn.append(unit)
        _withdraw(session, task, kinds)
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


# --- a changed plan reaches the starting measure rows -----------------------------------

def plan_measure_uuid(task_uuid: str, position: int) -> str:
    """The uuid of the starting row a later plan adds at ``position`` (0-based): the
    same at the city and at the county, so the row is one record at both desks."""
    return str(uuidlib.uuid5(uuidlib.UUID(task_uuid), f"plan-measure-{position}"))


def _measures(session: Session, task_uuid: str) -> list[Measure]:
    return list(session.scalars(select(Measure).where(Measure.task_uuid == task_uuid)
                                .order_by(Measure.seq)))


def _slot(rows: list[Measure], task_uuid: str, position: int, old_count: int
          ) -> Measure | None:
    """The starting row of the plan's measure at ``position``: the one a later plan
    added there, else the first catalogue's row with that number."""
    derived = plan_measure_uuid(task_uuid, position)
    for m in rows:
        if m.uuid == derived:
            return m
    if old_count == 0 or position < old_count:
        for m in rows:
            if m.seq == position + 1:
                return m
    return None


def _untouched(m: Measure, worker: str, old_text: str | None) -> bool:
    """Still as the plan made it (``old_text`` None: the old plan is not known, as on a
    ledger from before plans were kept)."""
    return (m.owner == worker and m.status == "planned" and m.done_date is None
            and not m.responsible and (old_text is None or m.description == old_text))


def reconcile_measures(session: Session, task: Task, old_plan: list[str],
                       old_deadline: date | None, worker: str, unit_name: str = ""
                       ) -> list[Msg]:
    """Bring the copy's starting measure rows to ``task.plan_measures`` (see the module
    notes); returns the plan changes not applied because the unit worked on the row."""
    new_plan = _as_list(task.plan_measures)
    rows = _measures(session, task.uuid)
    kept: list[Msg] = []
    who = unit_name or task.unit_code

    def keep(text: str) -> None:
        kept.append(Msg(f"第 {task.number} 号任务（{who}）的措施“{text[:30]}”已由单位填报，"
                        "保留原样未改", f"task {task.number} ({who}): measure “{text[:30]}” "
                        "already worked on by the unit, kept as it is"))

    for i, text in enumerate(new_plan):
        row = _slot(rows, task.uuid, i, len(old_plan))
        old_text = old_plan[i] if i < len(old_plan) else None
        if row is None:
            taken = {m.seq for m in rows}
            seq = i + 1 if i + 1 not in taken else max(taken) + 1
            row = Measure(uuid=plan_measure_uuid(task.uuid, i), task_uuid=task.uuid,
                          owner=worker, seq=seq, description=text,
                          planned_date=task.deadline, status="planned")
            session.add(row)
            rows.append(row)
        elif _untouched(row, worker, old_text):
            if row.description != text:
                row.description = text
            if row.planned_date == old_deadline and row.planned_date != task.deadline:
                row.planned_date = task.deadline
        elif row.description != text:
            keep(row.description)
    for i in range(len(new_plan), len(old_plan)):
        row = _slot(rows, task.uuid, i, len(old_plan))
        if row is None:
            continue
        if _untouched(row, worker, old_plan[i]):
            session.delete(row)
            rows.remove(row)
        else:
            keep(row.description)
    return kept


# --- a unit taken out of a task ----------------------------------------------------------

def _children() -> list[type[Any]]:
    """Every kind of record hanging off a task copy."""
    return [m.class_ for m in Base.registry.mappers
            if "task_uuid" in m.columns and hasattr(m.class_, "__tablename__")]


_LISTS = ("problem", "measure", "responsibility", "effect")


def worked_on(session: Session, task: Task) -> bool:
    """Has the unit done anything on this copy beyond the plan's starting rows?"""
    if task.status != "not_started":
        return True
    plan = _as_list(task.plan_measures)
    for model in _children():
        rows = list(session.scalars(select(model).where(model.task_uuid == task.uuid)))
        name = model.__tablename__
        if name not in _LISTS:
            if rows:
                return True
        elif name == "measure":
            if len(rows) > len(plan) or any(
                    m.status != "planned" or m.done_date is not None or m.responsible
                    for m in rows):
                return True
        elif len(rows) > 1 or (name == "effect" and any(r.achieved is not None for r in rows)):
            return True
    return False


def delete_copy(session: Session, task: Task) -> None:
    """A copy no one worked on, with its starting rows."""
    for model in _children():
        for row in session.scalars(select(model).where(model.task_uuid == task.uuid)):
            session.delete(row)
    session.flush()
    session.delete(task)


def follow_plan(session: Session, task: Task, old_plan: list[str], old_deadline: date | None,
                was_withdrawn: bool, worker: str) -> list[Msg]:
    """At the county, after the city's packet changed ``task``: withdrawn → deleted if
    never worked on; a changed plan → the starting measure rows follow it."""
    if task.withdrawn and not was_withdrawn and not worked_on(session, task):
        delete_copy(session, task)
        return []
    if task.withdrawn:
        return []
    if _as_list(task.plan_measures) != old_plan or task.deadline != old_deadline:
        return reconcile_measures(session, task, old_plan, old_deadline, worker)
    return []


def no_copies_beyond(session: Session, round_uuid: str, number: int, units: tuple[str, ...]
                     ) -> list[str]:
    """Units that keep a copy the plan no longer gives them (withdrawn by save_task)."""
    return sorted(u for u, t in copies(session, round_uuid, number).items()
                  if u not in units and not t.withdrawn)


# --- one task from the window's form or the command line ---------------------------------

def title_of(feedback: str) -> str:
    """A short name for the task: the problem's first sentence, at most 60 characters."""
    first = feedback.replace("\n", " ")
    for stop in "。；;":
        first = first.split(stop)[0]
    return first[:60]


def entry_of(session: Session, round_uuid: str, number: int) -> CatalogueTask | None:
    """The task as the catalogue holds it (its copies still applied), or None."""
    held = [t for t in copies(session, round_uuid, number).values() if not t.withdrawn]
    if not held:
        return None
    t = min(held, key=lambda x: x.unit_code)
    return CatalogueTask(
        number=number, title=t.title, feedback=t.feedback or "", target=t.target or "",
        measures="\n".join(_as_list(t.plan_measures)), lead_unit_code=t.lead_unit_code or "",
        responsible_units=tuple(_as_list(t.responsible_units)),
        lead_official=t.lead_official or "", deadline=Deadline(t.deadline, bool(t.ongoing)),
        category=t.category or "", units=tuple(sorted(x.unit_code for x in held)))


def build_entry(session: Session, round_uuid: str, *, number: Any, feedback: str,
                target: str = "", measures: list[str] | tuple[str, ...] = (),
                lead: str = "", responsible: list[str] | tuple[str, ...] = (),
                lead_official: str = "", deadline: Any = None, ongoing: bool = False,
                category: str = "", units: list[str] | tuple[str, ...] = (),
                all_units: bool = False, title: str = "") -> CatalogueTask:
    """One task from the fields a clerk types (the form, the command line), by the
    import's rules: a positive number, the problem, a deadline in any form the plans
    use (or 长期坚持), units named by code, name or short name.  UserError lists every
    problem in the clerk's words."""
    from desktop.domain.plan import match_unit, name_index, parse_deadline
    from desktop.i18n import UserError
    from desktop.services import rounds

    round_ = rounds.find_round(session, round_uuid)
    known = rounds.unit_names(session)
    index = name_index(known)
    reporting = sorted(u.code for u in known if u.kind in REPORTING_KINDS)
    errors: list[Msg] = []

    def codes(written: list[str] | tuple[str, ...], what: str) -> list[str]:
        out: list[str] = []
        for w in (x.strip() for x in written):
            if not w:
                continue
            code = match_unit(index, w)
            if code is None:
                errors.append(Msg(f"{what}“{w}”不在本市单位名单中（先用 rectdesk unit add 登记）",
                                  f"{what} “{w}” is not one of the city's units"))
            elif code not in out:
                out.append(code)
        return out

    try:
        n = int(str(number).strip())
        if n <= 0:
            raise ValueError
    except ValueError:
        errors.append(Msg(f"序号“{number}”应为正整数", f"number “{number}” is not a positive "
                          "whole number"))
        n = 0
    feedback = (feedback or "").strip()
    if not feedback:
        errors.append(Msg("问题不能为空", "the problem is empty"))
    text = "" if deadline is None else str(deadline).strip()
    due: Deadline | None = None
    if not text and ongoing:
        due = Deadline(None, ongoing=True)
    else:
        try:
            parsed = parse_deadline(deadline if not isinstance(deadline, str) else text,
                                    round_.plan_issued or round_.feedback_date)
            due = Deadline(parsed.on, parsed.ongoing or ongoing)
        except ValueError as e:
            errors.append(e.args[0] if e.args and isinstance(e.args[0], Msg)
                          else Msg(str(e), str(e)))
    lead_codes = codes([lead] if lead else [], "牵头单位")
    resp = codes(list(responsible), "责任单位")
    applied = list(reporting) if all_units else codes(list(units), "适用单位")
    if not applied:
        applied = resp or lead_codes
    if not applied and not errors:
        errors.append(Msg("没有适用单位（写责任单位、牵头单位或适用单位）",
                          "no unit: give responsible, lead or applicable units"))
    items = [m.strip() for m in measures if m and m.strip()]
    if len(title or title_of(feedback)) > 300 or len(lead_official) > 100 or len(category) > 40:
        errors.append(Msg("任务名称、责任人或类别过长", "title, official or category too long"))
    if errors or due is None:
        raise UserError(Msg("；".join(e.zh for e in errors), "; ".join(e.en for e in errors)))
    return CatalogueTask(
        number=n, title=(title or title_of(feedback))[:300], feedback=feedback,
        target=(target or "").strip(), measures="\n".join(items),
        lead_unit_code=lead_codes[0] if lead_codes else "",
        responsible_units=tuple(resp or lead_codes), lead_official=lead_official.strip(),
        deadline=due, category=category.strip(), units=tuple(applied))


def withdraw_all(session: Session, round_uuid: str, number: int, kinds: dict[str, str]
                 ) -> list[str]:
    """Every copy of a task withdrawn (see the module notes); the units withdrawn."""
    out: list[str] = []
    for unit, task in copies(session, round_uuid, number).items():
        if task.withdrawn:
            continue
        out.append(unit)
        _withdraw(session, task, kinds)
    return out


def _withdraw(session: Session, task: Task, kinds: dict[str, str]) -> None:
    if kinds.get(task.unit_code) in REPORTING_KINDS:
        task.withdrawn = WITHDRAWN_KEPT if worked_on(session, task) else WITHDRAWN_UNTOUCHED
    elif worked_on(session, task):
        task.withdrawn = WITHDRAWN_KEPT
    else:
        delete_copy(session, task)
