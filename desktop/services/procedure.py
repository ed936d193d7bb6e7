"""The close-out procedure's steps over a session: self-check, the city's acceptance,
the public notice and its objections, the number the city allocates, and the line of
steps the task window shows.  The rules are in ``desktop.domain.closeout``; the door
(``services/door.Ledger``) checks the role and calls these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Acceptance,
    Certificate,
    CityAcceptance,
    CloseoutDecision,
    CloseoutRequest,
    Effect,
    InspectionRound,
    Measure,
    NoticeObjection,
    OrgUnit,
    PublicNotice,
    Task,
)
from desktop.domain import closeout as rules
from desktop.domain.status import Status
from desktop.i18n import Msg, UserError
from desktop.services import closeout
from desktop.services.records import get

COUNTY_KINDS = ("county", "zone")
METHODS = {"onsite": Msg("现场核查", "on-site check"), "desk": Msg("资料审核", "desk review")}
DEFAULT_CONTACT = "市生态环境保护督察整改工作领导小组办公室"


_NO_REQUEST = Msg("该任务没有待审核的销号申请", "the task has no pending close-out request")


class StepRefused(UserError):
    """A step refused, naming every unmet condition."""

    def __init__(self, what: Msg, problems: list[Msg]) -> None:
        zh = f"不能{what.zh}：\n" + "\n".join(f"· {p.zh}" for p in problems)
        en = f"Cannot {what.en}:\n" + "\n".join(f"· {p.en}" for p in problems)
        super().__init__(Msg(zh, en))
        self.problems = problems


def open_request(session: Session, task_uuid: str) -> CloseoutRequest | None:
    """The task's close-out request the city has not yet decided (the latest)."""
    decided = select(CloseoutDecision.request_uuid)
    return session.scalars(
        select(CloseoutRequest)
        .where(CloseoutRequest.task_uuid == task_uuid, CloseoutRequest.uuid.not_in(decided))
        .order_by(CloseoutRequest.requested_on.desc(), CloseoutRequest.updated_at.desc())
    ).first()


def _latest(session: Session, model: Any, request_uuid: str) -> object | None:
    date_col = model.accepted_on if model is CityAcceptance else model.starts_on
    return session.scalars(select(model).where(model.request_uuid == request_uuid)
                           .order_by(date_col.desc(), model.updated_at.desc())).first()


def city_acceptance(session: Session, request_uuid: str) -> CityAcceptance | None:
    return _latest(session, CityAcceptance, request_uuid)  # type: ignore[return-value]


def notice_of(session: Session, request_uuid: str) -> PublicNotice | None:
    return _latest(session, PublicNotice, request_uuid)  # type: ignore[return-value]


def objections(session: Session, notice_uuid: str) -> list[NoticeObjection]:
    return list(session.scalars(select(NoticeObjection)
                                .where(NoticeObjection.notice_uuid == notice_uuid)
                                .order_by(NoticeObjection.received_on,
                                          NoticeObjection.updated_at)))


def city_facts(session: Session, req: CloseoutRequest, today: date) -> rules.CityFacts:
    acc = city_acceptance(session, req.uuid)
    notice = notice_of(session, req.uuid)
    open_obj = [o.text for o in objections(session, notice.uuid) if o.handled_on is None] \
        if notice is not None else []
    return rules.CityFacts(
        today=today,
        acceptance_on=acc.accepted_on if acc else None,
        acceptance_passed=acc.passed if acc else None,
        notice_starts=notice.starts_on if notice else None,
        notice_ends=notice.ends_on if notice else None,
        open_objections=open_obj,
    )


# --- the county's self-check -----------------------------------------------------------

def self_check(session: Session, task_uuid: str, desk_code: str, role: str, *, on: date,
               opinion: str, by: str) -> Acceptance:
    """The county checks its own work (自查) and writes its opinion: recorded as its
    acceptance check, passed."""
    task = get(session, Task, task_uuid)
    problems: list[Msg] = []
    if task.unit_code != desk_code:
        kind = session.scalars(select(OrgUnit.kind).where(OrgUnit.code == task.unit_code)).first()
        if role != "city" or kind in COUNTY_KINDS:
            problems.append(Msg(f"自查由责任单位（{task.unit_code}）自行开展",
                                f"the self-check is the responsible unit's ({task.unit_code})"))
    if task.status in (Status.CLOSEOUT_REQUESTED, Status.CLOSED_OUT):
        problems.append(Msg("任务已申请销号或已销号",
                            "the task is already requested or closed out"))
    if not opinion.strip():
        problems.append(Msg("请填写自查意见", "the self-check opinion is required"))
    if problems:
        raise StepRefused(Msg("记录自查", "record the self-check"), problems)
    return closeout.record_acceptance(session, task.uuid, desk_code, role, checked_on=on,
                                      inspector=by or desk_code, opinion=opinion.strip(),
                                      passed=True)


# --- the city's acceptance -------------------------------------------------------------

def record_city_acceptance(session: Session, task_uuid: str, desk_code: str, *, today: date,
                           accepted_on: date, inspectors: str, method: str, opinion: str,
                           passed: bool, reasons: str = "", decided_by: str = ""
                           ) -> CityAcceptance:
    """The city's acceptance of the task's open request; a failed one returns the
    request to the county with the reasons."""
    task = get(session, Task, task_uuid)
    req = open_request(session, task.uuid)
    problems: list[Msg] = []
    if req is None or task.status != Status.CLOSEOUT_REQUESTED:
        problems.append(_NO_REQUEST)
    elif city_acceptance(session, req.uuid) is not None:
        problems.append(Msg("这份申请已经验收过", "this request has already been accepted"))
    if req is not None and accepted_on < req.requested_on:
        problems.append(Msg(
            f"验收日期（{rules.cn_date(accepted_on)}）早于申请销号日期"
            f"（{rules.cn_date(req.requested_on)}）",
            f"the acceptance ({accepted_on}) is dated before the request ({req.requested_on})"))
    if accepted_on > today:
        problems.append(Msg(f"验收日期（{rules.cn_date(accepted_on)}）晚于今天",
                            f"the acceptance date ({accepted_on}) is in the future"))
    if not inspectors.strip():
        problems.append(Msg("请填写验收人员", "the inspectors are required"))
    if method not in METHODS:
        problems.append(Msg("验收方式只能是现场核查（onsite）或资料审核（desk）",
                            "the method must be onsite or desk"))
    if not opinion.strip():
        problems.append(Msg("请填写验收意见", "the acceptance opinion is required"))
    if not passed and not reasons.strip():
        problems.append(Msg("验收不通过须写明理由", "a failed acceptance needs its reasons"))
    if problems:
        raise StepRefused(Msg("记录市级验收", "record the city's acceptance"), problems)
    assert req is not None
    acc = CityAcceptance(task_uuid=task.uuid, request_uuid=req.uuid, accepted_on=accepted_on,
                         inspectors=inspectors.strip(), method=method, opinion=opinion.strip(),
                         passed=passed, reasons=reasons.strip(), owner=desk_code)
    session.add(acc)
    if not passed:
        session.flush()
        closeout.decide_closeout(session, req.uuid, desk_code, approved=False,
                                 decided_on=accepted_on,
                                 reasons=f"市级验收未通过：{reasons.strip()}",
                                 decided_by=decided_by)
    return acc


# --- the public notice -----------------------------------------------------------------

def start_notice(session: Session, task_uuid: str, desk_code: str, *, starts_on: date,
                 days: int, contact: str = "") -> PublicNotice:
    task = get(session, Task, task_uuid)
    req = open_request(session, task.uuid)
    problems: list[Msg] = []
    acc = city_acceptance(session, req.uuid) if req is not None else None
    if req is None or task.status != Status.CLOSEOUT_REQUESTED:
        problems.append(_NO_REQUEST)
    elif acc is None or not acc.passed:
        problems.append(Msg("市级验收尚未通过", "the city's acceptance has not passed"))
    elif starts_on < acc.accepted_on:
        problems.append(Msg(
            f"公示开始日期（{rules.cn_date(starts_on)}）早于市级验收日期"
            f"（{rules.cn_date(acc.accepted_on)}）",
            f"the notice ({starts_on}) would start before the acceptance ({acc.accepted_on})"))
    if req is not None and notice_of(session, req.uuid) is not None:
        problems.append(Msg("这份申请已经公示", "this request is already publicly noticed"))
    if problems:
        raise StepRefused(Msg("开始公示", "start the public notice"), problems)
    assert req is not None
    notice = PublicNotice(task_uuid=task.uuid, request_uuid=req.uuid, starts_on=starts_on,
                          ends_on=rules.notice_end(starts_on, days),
                          contact=contact.strip() or DEFAULT_CONTACT, owner=desk_code)
    session.add(notice)
    return notice


def record_objection(session: Session, task_uuid: str, desk_code: str, *, today: date,
                     text: str) -> NoticeObjection:
    task = get(session, Task, task_uuid)
    req = open_request(session, task.uuid)
    notice = notice_of(session, req.uuid) if req is not None else None
    problems: list[Msg] = []
    if notice is None:
        problems.append(Msg("该任务没有进行中的公示", "the task has no public notice running"))
    elif today < notice.starts_on:
        problems.append(Msg("公示尚未开始", "the notice has not started"))
    if not text.strip():
        problems.append(Msg("请填写异议内容", "the objection's text is required"))
    if problems:
        raise StepRefused(Msg("记录公示异议", "record an objection"), problems)
    assert notice is not None
    obj = NoticeObjection(notice_uuid=notice.uuid, task_uuid=task.uuid, received_on=today,
                          text=text.strip(), owner=desk_code)
    session.add(obj)
    return obj


def resolve_objection(session: Session, objection_uuid: str, desk_code: str, *, today: date,
                      handling: str) -> NoticeObjection:
    obj = get(session, NoticeObjection, objection_uuid)
    problems: list[Msg] = []
    if obj.owner != desk_code:
        problems.append(Msg(f"这条异议由“{obj.owner}”记录", f"the objection is {obj.owner}'s"))
    if obj.handled_on is not None:
        problems.append(Msg("这条异议已经处理", "the objection is already handled"))
    if not handling.strip():
        problems.append(Msg("请填写处理情况", "the handling is required"))
    if problems:
        raise StepRefused(Msg("处理公示异议", "resolve the objection"), problems)
    obj.handling, obj.handled_on = handling.strip(), today
    return obj


def find_objection(session: Session, task_uuid: str, prefix: str) -> NoticeObjection:
    rows = [o for o in session.scalars(select(NoticeObjection)
                                       .where(NoticeObjection.task_uuid == task_uuid))
            if o.uuid.startswith(prefix.strip())]
    if len(rows) != 1 or not prefix.strip():
        raise UserError(Msg(f"找不到唯一的异议“{prefix}”（匹配 {len(rows)} 条）。",
                            f"No single objection “{prefix}” ({len(rows)} match)."))
    return rows[0]


# --- the number ------------------------------------------------------------------------

def allocate_number(session: Session, task: Task, on: date) -> tuple[str, int, int]:
    """The next close-out number of the task's round in ``on``'s year: one sequence per
    round and year, across every county."""
    rounds = list(session.execute(select(InspectionRound.uuid, InspectionRound.feedback_date)))
    rounds.sort(key=lambda r: (r[1] or date.min, r[0]))
    index = [r[0] for r in rounds].index(task.round_uuid)
    tag = "" if index == 0 else f"第{index + 1}轮"
    used = session.scalars(
        select(CloseoutDecision.number_seq)
        .join(Task, Task.uuid == CloseoutDecision.task_uuid)
        .where(Task.round_uuid == task.round_uuid, CloseoutDecision.number_year == on.year))
    seq = rules.next_seq(list(used))
    return rules.closeout_number(on.year, seq, tag), on.year, seq


# --- the line of steps -----------------------------------------------------------------

def procedure(session: Session, task_uuid: str, today: date) -> list[rules.StepLine]:
    """The task's close-out steps with dates and who acted, for the task window."""
    task = get(session, Task, task_uuid)
    req = session.scalars(select(CloseoutRequest).where(CloseoutRequest.task_uuid == task.uuid)
                          .order_by(CloseoutRequest.requested_on.desc(),
                                    CloseoutRequest.updated_at.desc())).first()
    acc_check = closeout.latest_acceptance(session, task.uuid)
    dec = None
    if req is not None:
        dec = session.scalars(select(CloseoutDecision)
                              .where(CloseoutDecision.request_uuid == req.uuid)).first()
    cacc = city_acceptance(session, req.uuid) if req is not None else None
    notice = notice_of(session, req.uuid) if req is not None else None
    open_obj = sum(1 for o in objections(session, notice.uuid) if o.handled_on is None) \
        if notice is not None else 0
    cert = None
    if dec is not None and dec.approved:
        c = session.scalars(select(Certificate).where(Certificate.task_uuid == task.uuid)
                            .order_by(Certificate.issued_on.desc())).first()
        cert = (c.issued_on, c.number) if c is not None else None
    facts = rules.ProcedureFacts(
        today=today,
        self_check=(acc_check.checked_on, acc_check.inspector, acc_check.opinion)
        if acc_check is not None and acc_check.passed else None,
        request=(req.requested_on, req.requested_by or req.owner) if req is not None else None,
        acceptance=(cacc.accepted_on, cacc.inspectors, cacc.passed,
                    cacc.opinion if cacc.passed else cacc.reasons) if cacc else None,
        notice=(notice.starts_on, notice.ends_on) if notice is not None else None,
        open_objections=open_obj,
        decision=(dec.decided_on, dec.decided_by or dec.owner, dec.approved,
                  dec.closeout_number if dec.approved else dec.reasons) if dec else None,
        certificate=cert,
    )
    return rules.procedure_line(facts)


# --- what the public notice publishes (no personal data) -------------------------------

@dataclass(frozen=True)
class NoticeContent:
    """One task's public notice: offices and facts only, never a person's name or
    number (the inspectors' names stay in the ledger)."""

    task_uuid: str
    number: int
    unit_name: str
    title: str
    target: str
    measures: tuple[str, ...]
    completed_on: date | None
    effects: tuple[str, ...]
    accepted_on: date
    method: str
    opinion: str
    starts_on: date
    ends_on: date
    contact: str


def notice_content(session: Session, task_uuid: str) -> NoticeContent:
    task = get(session, Task, task_uuid)
    notice = session.scalars(select(PublicNotice).where(PublicNotice.task_uuid == task.uuid)
                             .order_by(PublicNotice.starts_on.desc())).first()
    if notice is None:
        raise UserError(Msg(f"第 {task.number} 号任务（{task.unit_code}）尚未开始公示。",
                            f"Task {task.number} ({task.unit_code}) has no public notice yet."))
    acc = city_acceptance(session, notice.request_uuid)
    assert acc is not None  # a notice starts only after a passed acceptance
    names = dict(session.execute(select(OrgUnit.code, OrgUnit.name)).all())
    measures = session.scalars(select(Measure).where(Measure.task_uuid == task.uuid)
                               .order_by(Measure.seq)).all()
    effects = session.scalars(select(Effect).where(Effect.task_uuid == task.uuid)
                              .order_by(Effect.seq)).all()

    def effect_text(e: Effect) -> str:
        unit = e.unit_of_measure or ""
        sign = "≥" if e.higher_is_better else "≤"
        got = "—" if e.achieved is None else f"{e.achieved:g}{unit}"
        want = "" if e.target is None else f"（目标{sign}{e.target:g}{unit}）"
        return f"{e.indicator}：{got}{want}"

    return NoticeContent(
        task_uuid=task.uuid, number=task.number,
        unit_name=names.get(task.unit_code, task.unit_code), title=task.title,
        target=task.target, measures=tuple(m.description for m in measures),
        completed_on=max((m.done_date for m in measures if m.done_date), default=None),
        effects=tuple(effect_text(e) for e in effects),
        accepted_on=acc.accepted_on, method=METHODS.get(acc.method, METHODS["onsite"]).zh,
        opinion=acc.opinion, starts_on=notice.starts_on, ends_on=notice.ends_on,
        contact=notice.contact,
    )


def notices_starting(session: Session, first: date, last: date) -> list[str]:
    """Tasks whose public notice starts between ``first`` and ``last`` (a week)."""
    rows = session.execute(
        select(PublicNotice.task_uuid, Task.unit_code, Task.number)
        .join(Task, Task.uuid == PublicNotice.task_uuid)
        .where(PublicNotice.starts_on >= first, PublicNotice.starts_on <= last)
        .order_by(Task.unit_code, Task.number))
    return list(dict.fromkeys(r[0] for r in rows))
