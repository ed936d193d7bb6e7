"""Supervision notices (督办单): issued by the city, answered by the unit, closed or
escalated by the city.  The notice travels in the city's packet, the reply in the
unit's; each desk changes only its own records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import OrgUnit, Petition, SupervisionNotice, SupervisionReply, Task
from desktop.domain import supervision as rules
from desktop.domain import text as text_rule
from desktop.domain.validation import check_date_range, parse_date
from desktop.i18n import Msg, UserError
from desktop.services import task_lookup
from desktop.services.records import check_owner, get


def _text(value: str, what: Msg, limit: int = 10_000) -> str:
    problem = text_rule.check_field("text", value, what.zh)  # the one text rule
    if problem is not None:
        raise UserError(problem)
    text = (value or "").strip()
    if not text:
        raise UserError(Msg(f"请填写{what.zh}。", f"The {what.en} is required."))
    if len(text) > limit:
        raise UserError(Msg(f"{what.zh}不能超过{limit}字。", f"The {what.en} is too long."))
    return text


def _date(value: date | str, what: Msg) -> date:
    if isinstance(value, date):
        return value
    try:
        day = parse_date(str(value))
    except ValueError:
        raise UserError(Msg(f"{what.zh}不是有效日期：{value}（例如 2026-12-20）。",
                            f"The {what.en} is not a valid date: {value}.")) from None
    bad = check_date_range(day)  # what the county's packet check refuses, said now
    if bad is not None:
        raise UserError(bad)
    return day


def next_number(session: Session, year: int) -> tuple[int, str]:
    seq = (session.scalar(select(func.max(SupervisionNotice.seq))
                          .where(SupervisionNotice.year == year)) or 0) + 1
    return seq, rules.notice_number(year, seq)


def issue(session: Session, desk_code: str, today: date, *, unit_code: str, level: str,
          text: str, reply_by: date | str, task_number: int | None = None,
          petition_case: str | None = None, escalated_from: str | None = None,
          round_ref: str | None = None) -> SupervisionNotice:
    bad = rules.check_level(level)
    if bad:
        raise UserError(bad)
    unit = session.scalars(select(OrgUnit).where(OrgUnit.code == unit_code)).first()
    if unit is None or unit.kind == "city":
        raise UserError(Msg(f"没有代码为“{unit_code}”的单位。", f"There is no unit “{unit_code}”."))
    due = _date(reply_by, Msg("回复期限", "reply date"))
    if due < today:
        raise UserError(Msg(f"回复期限 {due.isoformat()} 早于今天。",
                            f"The reply date {due.isoformat()} is before today."))
    task_uuid = petition_uuid = None
    if task_number is not None:  # by round and number (task_lookup): never a guess
        task_uuid = task_lookup.find_task(session, task_number, unit=unit_code,
                                          round_ref=round_ref).uuid
    if petition_case:
        petition = session.scalars(select(Petition).where(
            Petition.case_no == petition_case)).first()
        if petition is None or petition.unit_code != unit_code:
            raise UserError(Msg(f"{unit.name}没有案件编号为“{petition_case}”的信访件。",
                                f"{unit.name} has no petition “{petition_case}”."))
        petition_uuid = petition.uuid
    seq, number = next_number(session, today.year)
    notice = SupervisionNotice(
        number=number, year=today.year, seq=seq, unit_code=unit_code, task_uuid=task_uuid,
        petition_uuid=petition_uuid, level=level, text=_text(text, Msg("督办内容", "text")),
        issued_on=today, reply_by=due, status="open", escalated_from=escalated_from,
        owner=desk_code)
    session.add(notice)
    return notice


def reply(session: Session, desk_code: str, today: date, notice_uuid: str, *, text: str,
          measures: str = "") -> SupervisionReply:
    notice = get(session, SupervisionNotice, notice_uuid)
    if notice.unit_code != desk_code:
        raise UserError(Msg(f"督办单{notice.number}是发给“{notice.unit_code}”的，本台账不能回复。",
                            f"Notice {notice.number} is addressed to {notice.unit_code}."))
    if notice.status in ("closed", "escalated"):
        raise UserError(Msg(f"督办单{notice.number}已{rules.NOTICE_STATUSES[notice.status].zh}，"
                            "不需要再回复。", f"Notice {notice.number} is {notice.status}."))
    r = SupervisionReply(notice_uuid=notice.uuid, replied_on=today,
                         text=_text(text, Msg("回复内容", "reply")),
                         measures=(measures or "").strip(), owner=desk_code)
    session.add(r)
    return r


def close(session: Session, desk_code: str, today: date, notice_uuid: str
          ) -> SupervisionNotice:
    notice = get(session, SupervisionNotice, notice_uuid)
    check_owner(notice, desk_code)
    if notice.status != "open":
        raise UserError(Msg(f"督办单{notice.number}已{rules.NOTICE_STATUSES[notice.status].zh}。",
                            f"Notice {notice.number} is already {notice.status}."))
    notice.status, notice.closed_on = "closed", today
    return notice


def escalate(session: Session, desk_code: str, today: date, notice_uuid: str, *,
             reply_by: date | str, text: str = "") -> SupervisionNotice:
    """Close this notice as escalated and issue the next level's notice."""
    notice = get(session, SupervisionNotice, notice_uuid)
    check_owner(notice, desk_code)
    if notice.status != "open":
        raise UserError(Msg(f"督办单{notice.number}已{rules.NOTICE_STATUSES[notice.status].zh}，"
                            "不能升级。", f"Notice {notice.number} is {notice.status}."))
    up = rules.next_level(notice.level)
    if up is None:
        raise UserError(Msg("约谈已是最高一级督办，不能再升级；可以记录问责。",
                            "An interview is the top level; record an accountability action."))
    task = session.get(Task, notice.task_uuid) if notice.task_uuid else None
    case = session.scalar(select(Petition.case_no).where(Petition.uuid == notice.petition_uuid)) \
        if notice.petition_uuid else None
    notice.status, notice.closed_on = "escalated", today
    session.flush()
    words = text.strip() or (f"{notice.number}督办事项逾期未办结，升级为"
                             f"{rules.LEVEL_LABELS[up].zh}。原督办内容：{notice.text}")
    return issue(session, desk_code, today, unit_code=notice.unit_code, level=up, text=words,
                 reply_by=reply_by, task_number=task.number if task else None,
                 petition_case=case, escalated_from=notice.uuid,
                 round_ref=task.round_uuid if task else None)


@dataclass
class NoticeRow:
    id: str
    number: str
    unit_code: str
    unit_name: str
    level: str
    level_label: str
    status: str
    status_label: str
    text: str
    issued_on: str
    reply_by: str
    overdue: bool
    task_number: int | None
    petition_case: str | None
    escalated_from: str | None
    replies: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def notices(session: Session, today: date, unit: str | None = None) -> list[NoticeRow]:
    names = dict(session.execute(select(OrgUnit.code, OrgUnit.name)).all())
    numbers = dict(session.execute(select(Task.uuid, Task.number)).all())
    cases = dict(session.execute(select(Petition.uuid, Petition.case_no)).all())
    replies: dict[str, list[dict[str, Any]]] = {}
    for r in session.scalars(select(SupervisionReply).order_by(SupervisionReply.replied_on)):
        replies.setdefault(r.notice_uuid, []).append(
            {"id": r.uuid, "replied_on": r.replied_on.isoformat(), "text": r.text,
             "measures": r.measures, "unit_code": r.owner})
    q = select(SupervisionNotice).order_by(SupervisionNotice.year, SupervisionNotice.seq)
    if unit:
        q = q.where(SupervisionNotice.unit_code == unit)
    out = []
    for n in session.scalars(q):
        got = replies.get(n.uuid, [])
        status = "replied" if n.status == "open" and got else n.status
        out.append(NoticeRow(
            id=n.uuid, number=n.number, unit_code=n.unit_code,
            unit_name=names.get(n.unit_code, n.unit_code), level=n.level,
            level_label=rules.level_label(n.level), status=status,
            status_label=str(rules.NOTICE_STATUSES[status]), text=n.text,
            issued_on=n.issued_on.isoformat(), reply_by=n.reply_by.isoformat(),
            overdue=rules.reply_overdue(n.reply_by, bool(got), n.status, today),
            task_number=numbers.get(n.task_uuid) if n.task_uuid else None,
            petition_case=cases.get(n.petition_uuid) if n.petition_uuid else None,
            escalated_from=n.escalated_from, replies=got))
    return out


def find(session: Session, ident: str) -> SupervisionNotice:
    """A notice by its number (督办〔2026〕3号, or just 3 for this year's) or id prefix."""
    ident = ident.strip()
    if not ident:
        raise UserError(Msg("请写明督办单号。", "Give the notice's number."))
    rows = list(session.scalars(select(SupervisionNotice).where(
        (SupervisionNotice.number == ident) | SupervisionNotice.uuid.startswith(ident))))
    if not rows and ident.isdigit():
        rows = list(session.scalars(select(SupervisionNotice).where(
            SupervisionNotice.seq == int(ident)).order_by(SupervisionNotice.year.desc())))[:1]
    if len(rows) != 1:
        raise UserError(Msg(f"找不到唯一的督办单“{ident}”（匹配 {len(rows)} 份）。",
                            f"No single notice “{ident}” ({len(rows)} match)."))
    return rows[0]
