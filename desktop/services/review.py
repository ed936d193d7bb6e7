"""Read models for the city's packet screens: the close-out review queue and the
packet history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CloseoutDecision, CloseoutRequest, OrgUnit, PacketRecord, Task

__all__ = ["PendingRequest", "packet_history", "pending_items", "pending_requests"]


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


def pending_items(session: Session) -> list[dict[str, Any]]:
    """The city's review queue: close-out requests and extension requests, each with an
    ``id`` (the request's uuid) and a ``kind`` (``closeout`` | ``extension``)."""
    from desktop.services import extensions

    items: list[dict[str, Any]] = [
        {"id": r.request_uuid, "kind": "closeout", **r.__dict__}
        for r in pending_requests(session)]
    items += [{**e.__dict__, "kind": "extension", "request_uuid": e.id}
              for e in extensions.pending(session)]
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
