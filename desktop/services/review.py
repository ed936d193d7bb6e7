"""Read models for the city's packet screens: the close-out review queue and the
packet history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    CloseoutDecision,
    CloseoutRequest,
    Evidence,
    InspectionRound,
    OrgUnit,
    PacketRecord,
    Task,
)
from desktop.domain.closeout import StepLine
from desktop.i18n import Msg

__all__ = ["PendingRequest", "ReviewDetail", "RoundOf", "packet_history", "pending_items",
           "pending_requests", "queue_item", "request_detail", "round_count", "rounds_of"]


@dataclass(frozen=True)
class PendingRequest:
    request_uuid: str
    task_uuid: str
    unit_code: str
    unit_name: str
    number: int
    title: str
    requested_on: date
    requested_by: str
    note: str


def pending_requests(session: Session) -> list[PendingRequest]:
    """Close-out requests without a decision, oldest first."""
    decided = select(CloseoutDecision.request_uuid)
    names = dict(session.execute(select(OrgUnit.code, OrgUnit.name)).all())
    rows = session.execute(
        select(CloseoutRequest, Task)
        .join(Task, Task.uuid == CloseoutRequest.task_uuid)
        .where(CloseoutRequest.uuid.not_in(decided), Task.status == "closeout_requested")
        .order_by(CloseoutRequest.requested_on, Task.unit_code, Task.number)
    ).all()
    return [PendingRequest(r.uuid, t.uuid, t.unit_code, names.get(t.unit_code, t.unit_code),
                           t.number, t.title, r.requested_on, r.requested_by, r.note)
            for r, t in rows]


@dataclass(frozen=True)
class EvidenceRow:
    name: str
    caption: str
    media_type: str
    sha256: str


@dataclass(frozen=True)
class ReviewDetail:
    """What the city sees before it decides: the checklist as the approval will run
    it, the line of steps, the county's self-check, the city's acceptance, the notice
    with its objections, and the evidence."""

    unmet: list[Msg]
    steps: list[StepLine]
    self_check: str
    acceptance: str
    notice: str
    objections: list[str]
    evidence: list[EvidenceRow]


def request_detail(session: Session, request_uuid: str, today: date) -> ReviewDetail:
    from desktop.services import closeout, procedure

    req = session.get(CloseoutRequest, request_uuid)
    if req is None:
        return ReviewDetail([], [], "", "", "", [], [])
    unmet = closeout.unmet_conditions(session, req.task_uuid,
                                      city=procedure.city_facts(session, req, today))
    own = closeout.latest_acceptance(session, req.task_uuid)
    acc = procedure.city_acceptance(session, req.uuid)
    notice = procedure.notice_of(session, req.uuid)
    objections = procedure.objections(session, notice.uuid) if notice is not None else []
    evidence = session.scalars(select(Evidence).where(Evidence.task_uuid == req.task_uuid)
                               .order_by(Evidence.name))
    method = procedure.METHODS
    return ReviewDetail(
        unmet=[u.msg for u in unmet],
        steps=procedure.procedure(session, req.task_uuid, today),
        self_check=f"{own.checked_on}  {own.inspector}：{own.opinion}" if own else "",
        acceptance=(f"{acc.accepted_on}  {acc.inspectors}（{method[acc.method].zh}）"
                    f"{'通过' if acc.passed else '未通过：' + acc.reasons}：{acc.opinion}"
                    if acc else ""),
        notice=f"{notice.starts_on} — {notice.ends_on}  {notice.contact}" if notice else "",
        objections=[f"{o.received_on}  {o.text}  →  "
                    + (f"{o.handled_on} {o.handling}" if o.handled_on else "未处理")
                    for o in objections],
        evidence=[EvidenceRow(e.name, e.caption, e.media_type, e.sha256) for e in evidence],
    )


@dataclass(frozen=True)
class RoundOf:
    """The inspection round a queued request's task belongs to."""

    uuid: str
    name: str


def rounds_of(session: Session, task_uuids: list[str]) -> dict[str, RoundOf]:
    """Task uuid → its round: a task number alone is ambiguous once a desk holds
    several rounds, so the queue names the round beside it."""
    if not task_uuids:
        return {}
    rows = session.execute(
        select(Task.uuid, InspectionRound.uuid, InspectionRound.name)
        .join(InspectionRound, InspectionRound.uuid == Task.round_uuid)
        .where(Task.uuid.in_(set(task_uuids)))).all()
    return {t: RoundOf(r, name) for t, r, name in rows}


def round_count(session: Session) -> int:
    """How many rounds the desk holds: the queue shows a round column only above one."""
    return len(session.scalars(select(InspectionRound.uuid)).all())


def queue_item(r: PendingRequest) -> dict[str, Any]:
    """One review-queue item for the command line's JSON: ``id``, ``kind``, ``number``
    (the task's) and ``unit_code`` are shared with the other kinds of the queue."""
    return {"id": r.request_uuid, "kind": "closeout", "number": r.number,
            "unit_code": r.unit_code, "unit_name": r.unit_name, "task_uuid": r.task_uuid,
            "title": r.title, "requested_on": r.requested_on.isoformat(),
            "requested_by": r.requested_by, "note": r.note}


def pending_items(session: Session) -> list[dict[str, Any]]:
    """The city's review queue: close-out requests and extension requests, each with
    ``id`` (the request's uuid), ``kind`` (``closeout`` | ``extension``), ``number`` (the
    task's), ``unit_code``, and the task's round (``round_uuid``, ``round_name``)."""
    from desktop.services import extensions

    items: list[dict[str, Any]] = [queue_item(r) for r in pending_requests(session)]
    items += [{**e.__dict__, "kind": "extension", "request_uuid": e.id,
               "requested_on": e.requested_on.isoformat(),
               "previous_deadline": e.previous_deadline.isoformat()
               if e.previous_deadline else None,
               "new_deadline": e.new_deadline.isoformat()}
              for e in extensions.pending(session)]
    rounds = rounds_of(session, [i["task_uuid"] for i in items])
    for i in items:
        r = rounds.get(i["task_uuid"])
        i["round_uuid"], i["round_name"] = (r.uuid, r.name) if r else ("", "")
    return sorted(items, key=lambda i: (i["requested_on"], i["unit_code"], i["number"]))


def packet_history(session: Session, limit: int = 2000) -> list[dict[str, Any]]:
    rows = session.scalars(select(PacketRecord).order_by(PacketRecord.updated_at.desc(),
                                                         PacketRecord.sequence.desc())
                           .limit(limit))
    return [{
        "direction": p.direction, "kind": p.kind, "sender": p.sender_code,
        "recipient": p.recipient_code, "period": p.period, "sequence": p.sequence,
        "status": p.status, "file": p.file_name,
        "when": p.updated_at.isoformat(sep=" ", timespec="minutes") if p.updated_at else "",
        "warnings": len((p.report or {}).get("warnings", [])),
    } for p in rows]
