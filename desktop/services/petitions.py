"""Public complaint cases (信访件): registering, editing, linking to tasks, revisits.
Complainant details are private and only leave this module when asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import InspectionRound, Petition, Revisit, Task
from desktop.domain import validation
from desktop.i18n import Msg, UserError
from desktop.services.records import FieldError, clean_value, get, set_fields

SUBSTANTIATED = validation.SUBSTANTIATED  # the lists live in the domain, one place
RECTIFICATION = validation.RECTIFICATION
PRIVATE_FIELDS = ("complainant_name", "complainant_phone", "complainant_id")
MASK = "＊＊＊"
EDITABLE = ("case_no", "received_date", "handed_over_date", "location", "content", "category",
            "substantiated", "result", "rectification_status", *PRIVATE_FIELDS)


@dataclass
class PetitionRow:
    uuid: str
    case_no: str
    received_date: date | None
    handed_over_date: date | None
    location: str
    content: str
    category: str
    substantiated: str
    result: str
    rectification_status: str
    complainant_name: str
    complainant_phone: str
    complainant_id: str
    task_numbers: list[int]
    task_uuids: list[str]
    revisits_due: int
    owner: str
    unit_code: str = ""
    due_date: date | None = None
    closed_on: date | None = None
    overdue: bool = False  # past its due date without a closing date: red


def check_field(name: str, value: Any) -> Any:
    if name == "case_no" and not str(value or "").strip():
        raise FieldError(name, Msg("“案件编号”不能为空。", "“Case number” is required."))
    return clean_value(name, value, "petition")


def list_petitions(session: Session, today: date, *, show_private: bool = False,
                   unit_code: str | None = None) -> list[PetitionRow]:
    numbers = dict(session.execute(select(Task.uuid, Task.number)).all())
    due: dict[str, int] = {}
    for pid in session.scalars(
        select(Revisit.petition_uuid).where(Revisit.petition_uuid.is_not(None),
                                            Revisit.done_date.is_(None), Revisit.due_date <= today)
    ):
        if pid is not None:
            due[pid] = due.get(pid, 0) + 1
    q = select(Petition).order_by(Petition.received_date.desc(), Petition.case_no)
    if unit_code:
        q = q.where(Petition.unit_code == unit_code)
    out = []
    for p in session.scalars(q):
        private = [getattr(p, f) for f in PRIVATE_FIELDS]
        if not show_private:
            private = [MASK if v else "" for v in private]
        out.append(PetitionRow(
            uuid=p.uuid, case_no=p.case_no, received_date=p.received_date,
            handed_over_date=p.handed_over_date, location=p.location, content=p.content,
            category=p.category, substantiated=p.substantiated, result=p.result,
            rectification_status=p.rectification_status,
            complainant_name=private[0], complainant_phone=private[1], complainant_id=private[2],
            task_numbers=sorted(numbers[t] for t in p.task_uuids or [] if t in numbers),
            task_uuids=list(p.task_uuids or []), revisits_due=due.get(p.uuid, 0), owner=p.owner,
            unit_code=p.unit_code, due_date=p.due_date, closed_on=p.closed_on,
            overdue=p.due_date is not None and p.closed_on is None and p.due_date < today,
        ))
    return out


def private_details(session: Session, petition_uuid: str) -> dict[str, str]:
    p = get(session, Petition, petition_uuid)
    return {f: getattr(p, f) for f in PRIVATE_FIELDS}


def register(session: Session, desk_code: str, unit_code: str, values: dict[str, Any],
             task_uuids: list[str] | tuple[str, ...] = ()) -> Petition:
    cleaned = {k: check_field(k, v) for k, v in values.items() if k in EDITABLE}
    check_field("case_no", cleaned.get("case_no"))
    if session.scalars(select(Petition).where(Petition.case_no == cleaned["case_no"])).first():
        raise FieldError("case_no", Msg(f"案件编号“{cleaned['case_no']}”已存在。",
                                        f"Case number “{cleaned['case_no']}” already exists."))
    # The round the inspection team received it in, and when it is due: set once.
    if values.get("round_uuid"):
        cleaned["round_uuid"] = get(session, InspectionRound, values["round_uuid"]).uuid
    if values.get("due_date") is not None:
        cleaned["due_date"] = due = clean_value("due_date", values["due_date"])
        received = cleaned.get("received_date")
        if due is not None and received is not None and due < received:
            raise FieldError("due_date", Msg(
                f"办理期限（{due.isoformat()}）不能早于受理日期（{received.isoformat()}）。",
                f"The due date ({due.isoformat()}) is before the day received "
                f"({received.isoformat()})."))
    p = Petition(owner=desk_code, unit_code=unit_code, task_uuids=[], **cleaned)
    session.add(p)
    if task_uuids:
        session.flush()
        link_tasks(session, desk_code, p.uuid, list(task_uuids))
    return p


def update(session: Session, desk_code: str, petition_uuid: str,
           changes: dict[str, Any]) -> Petition:
    for k, v in changes.items():
        if k not in EDITABLE and k != "task_uuids":
            raise UserError(Msg(f"字段“{k}”不能在这里修改。",
                                f"Field “{k}” cannot be edited here."))
        if k != "task_uuids":
            check_field(k, v)
    return set_fields(session, Petition, petition_uuid, desk_code, changes)


def link_tasks(session: Session, desk_code: str, petition_uuid: str,
               task_uuids: list[str]) -> Petition:
    known = set(session.scalars(select(Task.uuid).where(Task.uuid.in_(task_uuids))))
    missing = [t for t in task_uuids if t not in known]
    if missing:
        raise UserError(Msg("要关联的任务不存在。", "A task to link does not exist."))
    return set_fields(session, Petition, petition_uuid, desk_code,
                      {"task_uuids": list(dict.fromkeys(task_uuids))})


def revisits(session: Session, petition_uuid: str) -> list[dict[str, Any]]:
    rows = session.scalars(select(Revisit).where(Revisit.petition_uuid == petition_uuid)
                           .order_by(Revisit.due_date))
    return [{c.key: getattr(r, c.key) for c in Revisit.__table__.columns} for r in rows]


def add_revisit(session: Session, desk_code: str, petition_uuid: str, due: Any) -> Revisit:
    p = get(session, Petition, petition_uuid)
    due_date = clean_value("due_date", due)
    if due_date is None:
        raise FieldError("due_date", Msg("请填写回头看日期。", "Enter the revisit date."))
    rv = Revisit(petition_uuid=p.uuid, due_date=due_date, owner=desk_code)
    session.add(rv)
    return rv


def task_choices(session: Session) -> list[tuple[str, int, str]]:
    """(uuid, number, title) of every task, for the link picker."""
    return list(session.execute(select(Task.uuid, Task.number, Task.title)
                                .order_by(Task.number)))
