"""One task with everything that hangs off it, as plain values for the task window,
and the few edits that are not a plain field change (adding a child record,
withdrawing an acceptance)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Acceptance,
    CloseoutDecision,
    CloseoutRequest,
    Evidence,
    Extension,
    Progress,
    Record,
    Revisit,
    Task,
)
from desktop.domain.closeout import Unmet
from desktop.domain.status import Status
from desktop.i18n import Msg, UserError
from desktop.services import closeout, records
from desktop.services.ledger import unit_names
from desktop.services.records import LIST_MODELS, clean_value, get, move_status

# Every kind of record the task window shows, by the name the UI uses.
MODELS: dict[str, type[Record]] = {
    **LIST_MODELS,
    "progress": Progress,
    "extension": Extension,
    "revisit": Revisit,
    "evidence": Evidence,
    "acceptance": Acceptance,
    "closeout_request": CloseoutRequest,
    "closeout_decision": CloseoutDecision,
}
_ORDER = {
    "progress": Progress.period.desc(),
    "extension": Extension.requested_on,
    "revisit": Revisit.due_date,
    "evidence": Evidence.name,
    "acceptance": Acceptance.checked_on.desc(),
    "closeout_request": CloseoutRequest.requested_on.desc(),
    "closeout_decision": CloseoutDecision.decided_on.desc(),
}


def model(kind: str) -> type[Record]:
    try:
        return MODELS[kind]
    except KeyError:
        raise UserError(Msg(f"未知的记录类型“{kind}”。",
                            f"Unknown record kind “{kind}”.")) from None


def values_of(obj: Record) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in type(obj).__table__.columns}


def task_header(session: Session, task_uuid: str) -> dict[str, Any]:
    task = get(session, Task, task_uuid)
    names = unit_names(session)
    out = values_of(task)
    out["lead_unit"] = names.get(task.lead_unit_code, task.lead_unit_code)
    out["responsible"] = [names.get(c, c) for c in task.responsible_units or []]
    out["unit_name"] = names.get(task.unit_code, task.unit_code)
    return out


def child_rows(session: Session, kind: str, task_uuid: str) -> list[dict[str, Any]]:
    m = model(kind)
    order = _ORDER.get(kind, getattr(m, "seq", None))
    q = select(m).where(m.task_uuid == task_uuid)  # type: ignore[attr-defined]
    if order is not None:
        q = q.order_by(order)
    return [values_of(o) for o in session.scalars(q)]


def add_child(session: Session, kind: str, task_uuid: str, desk_code: str, role: str,
              values: dict[str, Any], today: date) -> Record:
    """A new child record of the task, validated like every other edit."""
    if kind in LIST_MODELS:
        return records.add_list_item(session, kind, task_uuid, desk_code, values)
    task = get(session, Task, task_uuid)
    if kind == "progress":
        period = clean_value("period", values.get("period", ""))
        if session.scalars(select(Progress).where(Progress.task_uuid == task.uuid,
                                                  Progress.period == period)).first():
            # Adding must not silently overwrite: undo would then delete the month.
            raise records.FieldError("period", Msg(
                f"{period} 已有进展，请在表格中直接修改。",
                f"{period} already has progress; edit it in the table."))
        rest = {k: v for k, v in values.items() if k != "period"}
        return records.save_progress(session, task.uuid, desk_code, role,
                                     values.get("period", ""), rest)
    if kind == "extension":  # the window's request: the command line's rules
        from desktop.services import extensions

        new_deadline = clean_value("new_deadline", values.get("new_deadline"))
        if new_deadline is None:
            raise records.FieldError("new_deadline", Msg("请填写申请延期到的日期。",
                                                         "Enter the requested new deadline."))
        return extensions.request(
            session, desk_code, task, until=new_deadline, reason=str(values.get("reason") or ""),
            today=today, requested_on=clean_value("requested_on", values.get("requested_on")))
    if kind == "revisit":
        due = clean_value("due_date", values.get("due_date"))
        if due is None:
            raise records.FieldError("due_date", Msg("请填写回头看日期。",
                                                     "Enter the revisit date."))
        rv = Revisit(task_uuid=task.uuid, due_date=due, owner=desk_code)
        session.add(rv)
        return rv
    raise UserError(Msg(f"不能在这里添加“{kind}”。", f"Cannot add “{kind}” here."))


def withdraw_acceptance(session: Session, acceptance_uuid: str, desk_code: str,
                        role: str) -> dict[str, Any]:
    """Undo of an acceptance check: delete it and, if no passed check remains, take
    the task back from accepted to in progress (a transition the rules allow)."""
    acc = get(session, Acceptance, acceptance_uuid)
    task = get(session, Task, acc.task_uuid)
    values = records.delete_record(session, Acceptance, acc.uuid, desk_code)
    session.flush()
    latest = closeout.latest_acceptance(session, task.uuid)
    if task.status == Status.ACCEPTED and (latest is None or not latest.passed):
        move_status(session, task, Status.IN_PROGRESS, role)
    return values


@dataclass
class CloseoutState:
    status: str
    unmet: list[Unmet]
    acceptances: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)


def closeout_state(session: Session, task_uuid: str) -> CloseoutState:
    task = get(session, Task, task_uuid)
    return CloseoutState(
        status=task.status,
        unmet=closeout.unmet_conditions(session, task.uuid),
        acceptances=child_rows(session, "acceptance", task.uuid),
        requests=child_rows(session, "closeout_request", task.uuid),
        decisions=child_rows(session, "closeout_decision", task.uuid),
    )


def effect_choices(session: Session, task_uuid: str) -> list[tuple[str, str]]:
    """(uuid, indicator) of the task's effects, for linking evidence to one."""
    return [(r["uuid"], r["indicator"]) for r in child_rows(session, "effect", task_uuid)]
