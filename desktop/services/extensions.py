"""Extensions (延期): the county asks, the city decides.

The request is the county's record; the decision is written into the fields of it
that only the city sets (rights.DECIDED_BY_CITY: approved, approver, decided_on,
decision_note) and travels back in the city's packet.  The task keeps its original
deadline; the deadline in force is the latest approved extension (domain/lights)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Extension, OrgUnit, Task
from desktop.domain.status import Status
from desktop.domain.validation import check_date_range, check_extension_request
from desktop.i18n import Msg, UserError
from desktop.services import task_lookup
from desktop.services.records import get


def find_task(session: Session, unit: str, number: int, round_ref: str | None = None) -> Task:
    return task_lookup.find_task(session, number, unit=unit, round_ref=round_ref)


def request(session: Session, desk: str, task: Task, *, until: date, reason: str,
            today: date, requested_on: date | None = None) -> Extension:
    """A county's request; ``requested_on`` (a request made on paper and entered
    later) is today when not given, and never after it."""
    asked = requested_on or today
    for day in (until, asked):
        bad_date = check_date_range(day)  # what the city's packet check refuses, said now
        if bad_date is not None:
            raise UserError(bad_date)
    if asked > today:
        raise UserError(Msg("申请日期不能晚于今天。", "The request cannot be dated after today."))
    if task.status == Status.CLOSED_OUT:
        raise UserError(Msg("任务已销号，不能申请延期。", "The task is closed out."))
    if until <= today:
        raise UserError(Msg("申请延期到的日期应晚于今天。",
                            "The requested deadline must be after today."))
    current = in_force(session, task)
    bad = check_extension_request(until, reason, asked, current)
    if bad is not None:
        raise UserError(bad)
    pending = session.scalars(select(Extension.uuid).where(
        Extension.task_uuid == task.uuid, Extension.decided_on.is_(None),
        Extension.approved.is_(False))).first()
    if pending:
        raise UserError(Msg("这项任务已有一份待市级审核的延期申请。",
                            "This task already has an extension request awaiting the city."))
    ext = Extension(task_uuid=task.uuid, owner=desk, requested_on=asked,
                    previous_deadline=current, new_deadline=until, reason=str(reason).strip(),
                    approved=False)
    session.add(ext)
    return ext


def check_changed(ext: Extension) -> None:
    """An undecided request changed in the window still makes sense as a request."""
    bad = check_extension_request(ext.new_deadline, ext.reason, ext.requested_on,
                                  ext.previous_deadline)
    if bad is not None:
        raise UserError(bad)


def in_force(session: Session, task: Task) -> date | None:
    approved = [e.new_deadline for e in session.scalars(select(Extension).where(
        Extension.task_uuid == task.uuid, Extension.approved.is_(True)))]
    return max(approved, default=task.deadline)


def check_undecided(ext: Extension) -> None:
    """A request the city decided stands as decided: a new one is asked for instead."""
    if ext.decided_on is not None or ext.approved:
        raise UserError(Msg("这份延期申请市级已经审核，不能再修改；如需再延期，请重新申请。",
                            "The city decided this request; ask for a new extension instead."))


def decide(session: Session, extension_uuid: str, *, approved: bool, note: str,
           approver: str, today: date) -> Extension:
    """The city's decision, once."""
    ext = get(session, Extension, extension_uuid)
    if ext.decided_on is not None or ext.approved:
        raise UserError(Msg("这份延期申请已经审核过。", "This extension was already decided."))
    if not approved and not (note or "").strip():
        raise UserError(Msg("退回延期申请要写明理由。", "Give the reasons for returning it."))
    ext.approved = approved
    ext.approver = (approver or "").strip()
    ext.decided_on = today
    ext.decision_note = (note or "").strip()
    return ext


@dataclass(frozen=True)
class PendingExtension:
    id: str
    task_uuid: str
    unit_code: str
    unit_name: str
    number: int
    title: str
    requested_on: date
    previous_deadline: date | None
    new_deadline: date
    reason: str


def pending(session: Session) -> list[PendingExtension]:
    names = dict(session.execute(select(OrgUnit.code, OrgUnit.name)).all())
    rows = session.execute(
        select(Extension, Task).join(Task, Task.uuid == Extension.task_uuid)
        .where(Extension.decided_on.is_(None), Extension.approved.is_(False))
        .order_by(Extension.requested_on, Task.unit_code, Task.number)).all()
    return [PendingExtension(e.uuid, t.uuid, t.unit_code, names.get(t.unit_code, t.unit_code),
                             t.number, t.title, e.requested_on, e.previous_deadline,
                             e.new_deadline, e.reason) for e, t in rows]
