"""Acceptance, close-out requests and decisions, revisits and rebounds."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    Acceptance,
    CloseoutDecision,
    CloseoutRequest,
    Desk,
    Effect,
    Evidence,
    Measure,
    Petition,
    Revisit,
    SupervisionNotice,
    Task,
)
from desktop.domain import closeout as rules
from desktop.domain.revisits import schedule
from desktop.domain.rights import CITY
from desktop.domain.status import Status
from desktop.i18n import Msg, UserError
from desktop.services.records import get, move_status


def latest_acceptance(session: Session, task_uuid: str) -> Acceptance | None:
    return session.scalars(
        select(Acceptance)
        .where(Acceptance.task_uuid == task_uuid)
        .order_by(Acceptance.checked_on.desc(), Acceptance.updated_at.desc())
    ).first()


def open_petitions(session: Session, task_uuid: str) -> list[str]:
    """Case numbers of petitions linked to the task and not yet done."""
    rows = session.scalars(select(Petition).where(Petition.rectification_status != "done"))
    return sorted(p.case_no for p in rows if task_uuid in (p.task_uuids or []))


def open_supervisions(session: Session, task_uuid: str) -> list[str]:
    """Numbers of the supervision notices (督办) still open on the task: the city settles
    (closes) its notice before the task can close out."""
    return list(session.scalars(select(SupervisionNotice.number).where(
        SupervisionNotice.task_uuid == task_uuid, SupervisionNotice.status == "open")
        .order_by(SupervisionNotice.year, SupervisionNotice.seq)))


def unmet_conditions(session: Session, task_uuid: str, *, city: rules.CityFacts | None = None
                     ) -> list[rules.Unmet]:
    """The checklist (domain/closeout.checklist) over the task's records; ``city``
    adds the city's steps of the request being decided."""
    measures = session.scalars(select(Measure).where(Measure.task_uuid == task_uuid)).all()
    effects = session.scalars(select(Effect).where(Effect.task_uuid == task_uuid)).all()
    counts = dict(
        session.execute(
            select(Evidence.effect_uuid, func.count())
            .where(Evidence.task_uuid == task_uuid)
            .group_by(Evidence.effect_uuid)
        ).all()
    )
    acc = latest_acceptance(session, task_uuid)
    last_rebound = session.scalar(
        select(func.max(Revisit.done_date)).where(
            Revisit.task_uuid == task_uuid, Revisit.rebound.is_(True)
        )
    )
    return rules.checklist(
        [rules.MeasureFacts(m.description, m.done_date is not None, m.done_date)
         for m in measures],
        [rules.EffectFacts(e.indicator, e.achieved, counts.get(e.uuid, 0), e.target,
                           e.higher_is_better, e.unit_of_measure or "") for e in effects],
        None if acc is None else acc.passed,
        rebound_since_acceptance=last_rebound is not None
        and (acc is None or acc.checked_on <= last_rebound),
        acceptance_on=None if acc is None else acc.checked_on,
        open_petitions=open_petitions(session, task_uuid),
        open_supervisions=open_supervisions(session, task_uuid),
        city=city,
    )


def record_acceptance(
    session: Session,
    task_uuid: str,
    desk_code: str,
    role: str,
    *,
    checked_on: date,
    inspector: str,
    opinion: str,
    passed: bool,
) -> Acceptance:
    task = get(session, Task, task_uuid)
    if not inspector.strip():
        raise UserError(Msg("请填写验收人。", "The inspector is required."))
    acc = Acceptance(
        task_uuid=task.uuid,
        checked_on=checked_on,
        inspector=inspector.strip(),
        opinion=opinion,
        passed=passed,
        owner=desk_code,
    )
    session.add(acc)
    if passed and task.status in (
        Status.IN_PROGRESS,
        Status.RETURNED,
        Status.REOPENED,
        Status.NOT_STARTED,
    ):
        if task.status == Status.NOT_STARTED:
            move_status(session, task, Status.IN_PROGRESS, role)
        move_status(session, task, Status.ACCEPTED, role)
    elif not passed and task.status == Status.ACCEPTED:
        move_status(session, task, Status.IN_PROGRESS, role)
    return acc


class CloseoutRefused(UserError):
    def __init__(self, unmet: list[rules.Unmet]) -> None:
        zh = "不能申请销号，尚有以下条件未满足：\n" + "\n".join(f"· {u.msg.zh}" for u in unmet)
        en = "Close-out cannot be requested; unmet conditions:\n" + "\n".join(
            f"· {u.msg.en}" for u in unmet
        )
        super().__init__(Msg(zh, en))
        self.unmet = unmet


def request_closeout(
    session: Session,
    task_uuid: str,
    desk_code: str,
    role: str,
    *,
    requested_on: date,
    requested_by: str = "",
    note: str = "",
) -> CloseoutRequest:
    task = get(session, Task, task_uuid)
    session.flush()
    unmet = unmet_conditions(session, task.uuid)
    if unmet:
        raise CloseoutRefused(unmet)
    if task.status != Status.ACCEPTED:
        move_status(session, task, Status.ACCEPTED, role)
    req = CloseoutRequest(
        task_uuid=task.uuid,
        requested_on=requested_on,
        requested_by=requested_by,
        note=note,
        owner=desk_code,
    )
    session.add(req)
    move_status(session, task, Status.CLOSEOUT_REQUESTED, role)
    return req


class DecisionRefused(UserError):
    def __init__(self, unmet: list[rules.Unmet]) -> None:
        zh = "不能批准销号，尚有以下条件未满足：\n" + "\n".join(f"· {u.msg.zh}" for u in unmet)
        en = "Close-out cannot be approved; unmet conditions:\n" + "\n".join(
            f"· {u.msg.en}" for u in unmet)
        super().__init__(Msg(zh, en))
        self.unmet = unmet


def decide_closeout(
    session: Session,
    request_uuid: str,
    desk_code: str,
    *,
    approved: bool,
    decided_on: date,
    reasons: str = "",
    decided_by: str = "",
    revisit_months: tuple[int, ...] = (3, 12),
) -> CloseoutDecision:
    """The city's decision.  An approval runs the whole checklist again (the city's
    acceptance and the notice included), allocates the close-out number and schedules
    the revisits; a return needs reasons.  Only a city ledger decides, whoever calls."""
    from desktop.services import procedure  # the city's steps build on this module

    desk = session.scalars(select(Desk.role)).first()
    if desk != CITY:
        raise UserError(Msg("只有市级台账可以审核销号申请。",
                            "Only the city desk can decide close-out requests."))
    req = get(session, CloseoutRequest, request_uuid)
    task = get(session, Task, req.task_uuid)
    if session.scalars(select(CloseoutDecision.uuid)
                       .where(CloseoutDecision.request_uuid == req.uuid)).first():
        raise UserError(Msg("这份销号申请已经审核过。", "This request has already been decided."))
    if not approved and not reasons.strip():
        raise UserError(Msg("退回须写明理由。", "A return needs reasons."))
    number, year, seq = "", None, None
    if approved:
        session.flush()
        unmet = unmet_conditions(session, task.uuid,
                                 city=procedure.city_facts(session, req, decided_on))
        if unmet:
            raise DecisionRefused(unmet)
        number, year, seq = procedure.allocate_number(session, task, decided_on)
    dec = CloseoutDecision(
        request_uuid=req.uuid,
        task_uuid=task.uuid,
        decided_on=decided_on,
        approved=approved,
        closeout_number=number,
        number_year=year,
        number_seq=seq,
        reasons=reasons,
        decided_by=decided_by,
        owner=desk_code,
    )
    session.add(dec)
    move_status(session, task, Status.CLOSED_OUT if approved else Status.RETURNED, "city")
    if approved:
        for due in schedule(decided_on, revisit_months):
            session.add(Revisit(task_uuid=task.uuid, due_date=due, owner=task.unit_code))
    return dec


def record_revisit(
    session: Session,
    revisit_uuid: str,
    desk_code: str,
    role: str,
    *,
    done_date: date,
    inspector: str,
    findings: str,
    rebound: bool,
) -> Revisit:
    """A rebound reopens the task; its earlier close-out decision stays on record."""
    rv = get(session, Revisit, revisit_uuid)
    if rv.owner != desk_code:
        # Only the owner's copy travels: a result filled in here would never reach it.
        raise UserError(Msg(
            f"这次回头看由“{rv.owner}”负责，结果应由其填写，本台账（{desk_code}）不能记录。",
            f"This revisit belongs to {rv.owner}, whose result it is to record; "
            f"this desk ({desk_code}) cannot record it.",
        ))
    rv.done_date, rv.inspector, rv.findings, rv.rebound = done_date, inspector, findings, rebound
    if rebound:
        apply_rebound(session, rv, role)
    return rv


def apply_rebound(session: Session, rv: Revisit, role: str) -> list[Task | Petition]:
    """What a revisit that found the problem back does, recorded here or arriving from
    the city: a closed-out task is reopened, a petition goes back to handling (its
    close-out decision and its result stay on record). Returns the records changed."""
    changed: list[Task | Petition] = []
    if rv.task_uuid:
        task = get(session, Task, rv.task_uuid)
        if task.status == Status.CLOSED_OUT:
            move_status(session, task, Status.REOPENED, role)
            changed.append(task)
    if rv.petition_uuid:
        petition = get(session, Petition, rv.petition_uuid)
        if petition.rectification_status != "in_progress":
            petition.rectification_status = "in_progress"
            changed.append(petition)
    return changed


def pending_revisits(session: Session, task_uuid: str) -> list[Revisit]:
    """Revisits of the task not yet carried out, earliest first."""
    return list(session.scalars(
        select(Revisit)
        .where(Revisit.task_uuid == task_uuid, Revisit.done_date.is_(None))
        .order_by(Revisit.due_date)
    ))


def closeout_record(session: Session, task_uuid: str) -> CloseoutDecision | None:
    """The approved close-out in force (latest approval)."""
    return session.scalars(
        select(CloseoutDecision)
        .where(CloseoutDecision.task_uuid == task_uuid, CloseoutDecision.approved.is_(True))
        .order_by(CloseoutDecision.decided_on.desc())
    ).first()
