"""Editing records: ownership, validation and the ordered four lists.

Every change goes through here so that the owner rule ("only the owning desk may
change a record") and the typed checks hold for the GUI, imports and scripts alike.
The audit log is written by the session hook in db.audit.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.labels import FIELD_LABELS
from db.models import (
    Effect,
    Measure,
    Problem,
    Progress,
    Record,
    Responsibility,
    Task,
)
from desktop.domain import text
from desktop.domain.status import Status, check_move
from desktop.domain.validation import check_percent, check_period, check_value, parse_date
from desktop.i18n import Msg, UserError

R = TypeVar("R", bound=Record)

LIST_MODELS: dict[str, type[Record]] = {
    "problem": Problem,
    "measure": Measure,
    "responsibility": Responsibility,
    "effect": Effect,
}

# Field labels for messages next to the field: (中文, English); kept in db.labels.
LABELS = FIELD_LABELS
REQUIRED = {"description", "unit_name", "indicator"}
DATE_FIELDS = {
    "planned_date",
    "done_date",
    "checked_on",
    "requested_on",
    "new_deadline",
    "due_date",
    "received_date",
    "handed_over_date",
    "decided_on",
}
NUMBER_FIELDS = {"baseline", "target", "achieved", "value"}
# A month's narrative is a paragraph or two; thousands of characters are a paste gone wrong.
LONG_TEXT_FIELDS = {"narrative", "difficulties", "next_steps"}
MAX_TEXT = 2000


class FieldError(UserError):
    """A value rejected for one field; the GUI shows it next to that field."""

    def __init__(self, field_name: str, msg: Msg) -> None:
        super().__init__(msg)
        self.field = field_name


def _label(name: str) -> tuple[str, str]:
    return LABELS.get(name, (name, name))


def field_label(name: str) -> str:
    """The field's name as the clerk sees it, the same for every way in."""
    return _label(name)[0]


def clean_value(name: str, value: Any, table: str = "") -> Any:
    """Turn typed text into the stored value, or raise FieldError in plain words: the
    one text rule (domain.text) first, then the field's type, then, with ``table``, its
    list (domain.validation)."""
    problem = text.check_field(name, value, field_label(name))
    if problem is not None:
        raise FieldError(name, problem)
    cleaned = _clean(name, value)
    bad = check_value(table, name, cleaned)  # no table: a plausible date still
    if bad is not None:
        raise FieldError(name, bad)
    return cleaned


def _clean(name: str, value: Any) -> Any:
    zh, en = _label(name)
    problem = text.check_field(name, value, zh)
    if problem is not None:
        raise FieldError(name, problem)
    if name in DATE_FIELDS:
        if value in (None, ""):
            return None
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value))
        except ValueError:
            raise FieldError(
                name,
                Msg(
                    f"“{zh}”不是有效日期：{value}（例如 2026-05-01 或 2026年5月1日）。",
                    f"“{en}” is not a valid date: {value} (e.g. 2026-05-01).",
                ),
            ) from None
    if name == "percent":
        bad = check_percent(value)
        if bad:
            raise FieldError(name, bad)
        return float(value)
    if name in NUMBER_FIELDS:
        if value in (None, ""):
            return None
        try:
            number = float(str(value).replace(",", "").replace("，", ""))
        except ValueError:
            raise FieldError(
                name, Msg(f"“{zh}”应为数字：{value}", f"“{en}” must be a number: {value}")
            ) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise FieldError(
                name, Msg(f"“{zh}”应为数字：{value}", f"“{en}” must be a number: {value}")
            )
        return number
    if name == "period":
        bad = check_period(str(value))
        if bad is not None:
            raise FieldError(name, bad)
        return str(value)
    if name in LONG_TEXT_FIELDS and isinstance(value, str) and len(value.strip()) > MAX_TEXT:
        raise FieldError(name, Msg(
            f"“{zh}”太长：{len(value.strip())} 字，最多 {MAX_TEXT} 字。",
            f"“{en}” is too long: {len(value.strip())} characters, at most {MAX_TEXT}."))
    if name in REQUIRED and (value is None or not str(value).strip()):
        raise FieldError(name, Msg(f"“{zh}”不能为空。", f"“{en}” is required."))
    if isinstance(value, str):
        return value.strip()
    return value


def not_owner_msg(owner: str, desk_code: str) -> Msg:
    return Msg(
        f"这条记录属于“{owner}”，本台账（{desk_code}）不能修改它。",
        f"This record belongs to “{owner}”; this desk ({desk_code}) cannot change it.",
    )


def check_owner(obj: Record, desk_code: str) -> None:
    if obj.owner != desk_code:
        raise UserError(not_owner_msg(obj.owner, desk_code))


def get(session: Session, model: type[R], uuid: str) -> R:
    obj = session.get(model, uuid)
    if obj is None:
        raise UserError(
            Msg("找不到这条记录，可能已被删除。", "Record not found; it may have been deleted.")
        )
    return obj


def set_fields(
    session: Session, model: type[R], uuid: str, desk_code: str, changes: dict[str, Any]
) -> R:
    obj = get(session, model, uuid)
    check_owner(obj, desk_code)
    for name, value in changes.items():
        if name in {"uuid", "owner", "revision", "updated_at", "task_uuid"}:
            raise UserError(Msg(f"字段“{name}”不能直接修改。", f"Field “{name}” cannot be edited."))
        setattr(obj, name, clean_value(name, value, model.__tablename__))
    if isinstance(obj, Measure):
        if obj.done_date and obj.status != "done":
            obj.status = "done"
        elif not obj.done_date and obj.status == "done":
            obj.status = "doing"
    return obj


def add_list_item(
    session: Session, kind: str, task_uuid: str, desk_code: str, values: dict[str, Any]
) -> Record:
    model = LIST_MODELS[kind]
    task = get(session, Task, task_uuid)
    seq = session.scalar(
        select(func.coalesce(func.max(model.seq), 0)).where(model.task_uuid == task.uuid)  # type: ignore[attr-defined]
    )
    # Rows added in this transaction and not yet flushed count too (the demo's replay
    # adds several rows of a list between flushes).
    seq = max([seq or 0, *(getattr(o, "seq", 0) or 0 for o in session.new
                           if isinstance(o, model) and getattr(o, "task_uuid", None) == task.uuid)])
    cleaned = {k: clean_value(k, v, kind) for k, v in values.items()}
    for req in REQUIRED & set(model.__table__.columns.keys()):
        if req not in cleaned:
            clean_value(req, None)
    obj = model(task_uuid=task.uuid, seq=(seq or 0) + 1, owner=desk_code, **cleaned)
    if isinstance(obj, Measure) and obj.done_date:
        obj.status = "done"
    session.add(obj)
    return obj


def delete_record(session: Session, model: type[R], uuid: str, desk_code: str) -> dict[str, Any]:
    """Delete and return the values, so an undo can put the record back as it was."""
    obj = get(session, model, uuid)
    check_owner(obj, desk_code)
    values = {c.key: getattr(obj, c.key) for c in model.__table__.columns}
    session.delete(obj)
    return values


def restore_record(session: Session, model: type[R], values: dict[str, Any]) -> R:
    """Put a deleted record back (undo).  It comes back as a newer revision than the
    one deleted, so a copy of that older one on another desk gives way to it."""
    kept = {k: v for k, v in values.items() if k not in {"revision", "updated_at"}}
    obj = model(**kept, revision=(values.get("revision") or 0) + 1)
    session.add(obj)
    return obj


def move_status(session: Session, task: Task, target: Status, role: str) -> None:
    if task.status == target:
        return
    bad = check_move(task.status, target, role)
    if bad:
        raise UserError(bad)
    task.status = target.value


def save_progress(
    session: Session, task_uuid: str, desk_code: str, role: str, period: str, values: dict[str, Any]
) -> Progress:
    """Create or update the task's entry for ``period``; the first real progress
    moves a not-started task to in progress."""
    task = get(session, Task, task_uuid)
    period = clean_value("period", period, "progress")
    cleaned = {k: clean_value(k, v, "progress") for k, v in values.items()}
    row = session.scalars(
        select(Progress).where(Progress.task_uuid == task.uuid, Progress.period == period)
    ).first()
    if row is None:
        row = Progress(task_uuid=task.uuid, period=period, owner=desk_code, **cleaned)
        session.add(row)
    else:
        check_owner(row, desk_code)
        for k, v in cleaned.items():
            setattr(row, k, v)
    if task.status == Status.NOT_STARTED and not row.no_change:
        move_status(session, task, Status.IN_PROGRESS, role)
    return row
