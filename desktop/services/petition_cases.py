"""Petitions as cases (信访件): the city hands one over to a county with a due date
(交办); the county handles it — substantiated or not, the result, the closing date
(办结), the reply to the complainant, the follow-up call (回访) with the complainant's
satisfaction, the tasks it concerns, the earlier case it repeats (重复件), and 举一反三
(similar problems found and fixed).  A case past its due date without a closing date
is overdue, like a task.  The door (services/door.Ledger) checks the role and calls
these; complainant details never leave petitions.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import OrgUnit, Petition, Task
from desktop.domain.closeout import cn_date
from desktop.i18n import Msg, UserError
from desktop.services.petitions import SUBSTANTIATED
from desktop.services.procedure import StepRefused
from desktop.services.records import get

COUNTY_KINDS = ("county", "zone")
SATISFACTION = ("", "满意", "基本满意", "不满意")
# The county's handling: the fields of a handed-over case it keeps (rights.py,
# scope.py SHARED_COUNTY_FIELDS["petition"]).
HANDLING = ("substantiated", "result", "rectification_status", "task_uuids", "closed_on",
            "reply", "replied_on", "follow_up_on", "satisfaction", "repeat_of",
            "similar_found", "similar_fixed", "similar_note")
_DATES = {"closed_on", "replied_on", "follow_up_on"}
_COUNTS = {"similar_found", "similar_fixed"}


def find(session: Session, case_no: str) -> Petition:
    p = session.scalars(select(Petition).where(Petition.case_no == case_no.strip())).first()
    if p is None:
        raise UserError(Msg(f"没有案件编号为“{case_no}”的信访件。",
                            f"There is no petition “{case_no}”."))
    return p


def handover(session: Session, city_code: str, petition_uuid: str, *, to: str, due: date,
             today: date) -> Petition:
    """The city hands its case over to a county-level unit (交办) with a due date."""
    p = get(session, Petition, petition_uuid)
    problems: list[Msg] = []
    unit = session.scalars(select(OrgUnit).where(OrgUnit.code == to)).first()
    if p.owner != city_code:
        problems.append(Msg(f"这件信访件由“{p.owner}”登记，只能交办本台账登记的信访件",
                            f"the case was registered by {p.owner}; only our own can be "
                            "handed over"))
    if unit is None or unit.kind not in COUNTY_KINDS:
        problems.append(Msg(f"“{to}”不是县级单位代码", f"“{to}” is not a county-level unit"))
    if due < today:
        problems.append(Msg(f"办理期限（{cn_date(due)}）早于今天",
                            f"the due date ({due}) is before today"))
    if p.closed_on is not None:
        problems.append(Msg("这件信访件已经办结", "the case is already closed"))
    if p.unit_code not in (city_code, to) and (p.result or p.substantiated):
        problems.append(Msg(f"这件信访件已由“{p.unit_code}”办理，不能改交",
                            f"the case is being handled by {p.unit_code}"))
    if problems:
        raise StepRefused(Msg("交办信访件", "hand the petition over"), problems)
    if p.unit_code != to:
        # Links to another unit's tasks do not travel with the case.
        mine = set(session.scalars(select(Task.uuid).where(Task.unit_code == to)))
        p.task_uuids = [t for t in p.task_uuids or [] if t in mine]
    p.unit_code, p.handed_over_date, p.due_date = to, today, due
    return p


def _date(name: str, value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(Msg(f"日期“{value}”无效，应为 YYYY-MM-DD。",
                            f"Invalid date “{value}” for {name}; use YYYY-MM-DD.")) from None


def handle(session: Session, desk_code: str, petition_uuid: str, changes: dict[str, Any],
           today: date) -> Petition:
    """The handling unit records its handling; refused with every problem named."""
    p = get(session, Petition, petition_uuid)
    problems: list[Msg] = []
    if p.unit_code != desk_code:
        problems.append(Msg(f"这件信访件由“{p.unit_code}”办理，本台账（{desk_code}）不能填写",
                            f"the case is handled by {p.unit_code}, not by {desk_code}"))
    unknown = [k for k in changes if k not in HANDLING]
    if unknown:
        problems.append(Msg(f"这些字段不属于办理情况：{'、'.join(unknown)}",
                            f"not handling fields: {', '.join(unknown)}"))
    values = {k: v for k, v in changes.items() if k in HANDLING}
    for k in _DATES & set(values):
        values[k] = _date(k, values[k])
    for k in _COUNTS & set(values):
        try:
            values[k] = int(values[k] or 0)
        except (TypeError, ValueError):
            values[k] = -1
        if values[k] < 0:
            problems.append(Msg("举一反三的数量应为0或正整数",
                                "similar problems are counted in whole numbers ≥ 0"))
    after = {k: values.get(k, getattr(p, k)) for k in HANDLING}
    problems += handling_problems(session, p, after, today)
    if problems:
        raise StepRefused(Msg("记录信访件办理情况", "record the handling"), problems)
    for k, v in values.items():
        setattr(p, k, list(dict.fromkeys(v)) if k == "task_uuids" else v)
    if "closed_on" in values:
        p.rectification_status = "done" if p.closed_on else "in_progress"
    return p


def handling_problems(session: Session, p: Any, after: dict[str, Any],
                      today: date) -> list[Msg]:
    """What is wrong with a case's handling as ``after`` states it (every field of
    HANDLING): asked of the handling unit's window and command line, and of its packet
    at the city.  ``p``: the case as held (a Petition), or as a packet sends it new."""
    problems: list[Msg] = []
    if after["substantiated"] not in SUBSTANTIATED:
        problems.append(Msg("是否属实只能是“属实”“部分属实”或“不属实”",
                            "substantiated must be 属实, 部分属实 or 不属实"))
    if after["satisfaction"] not in SATISFACTION:
        problems.append(Msg("满意度只能是“满意”“基本满意”或“不满意”",
                            "satisfaction must be 满意, 基本满意 or 不满意"))
    if after["similar_fixed"] > after["similar_found"]:
        problems.append(Msg("举一反三整改数不能多于发现数",
                            "more similar problems fixed than found"))
    start = p.handed_over_date or p.received_date
    for name, zh in (("closed_on", "办结"), ("replied_on", "答复"), ("follow_up_on", "回访")):
        d = after[name]
        if d is None:
            continue
        if d > today:
            problems.append(Msg(f"{zh}日期（{cn_date(d)}）晚于今天",
                                f"the {name} date ({d}) is in the future"))
        if start is not None and d < start:
            problems.append(Msg(f"{zh}日期（{cn_date(d)}）早于交办日期（{cn_date(start)}）",
                                f"the {name} date ({d}) is before the hand-over ({start})"))
    if after["closed_on"] is not None:
        if not after["substantiated"]:
            problems.append(Msg("办结前须认定是否属实", "say whether it is substantiated first"))
        if not str(after["result"]).strip():
            problems.append(Msg("办结前须填写办理结果", "the handling result comes first"))
    if after["follow_up_on"] is not None and not after["satisfaction"]:
        problems.append(Msg("回访须记录举报人满意度", "a follow-up records the satisfaction"))
    if after["replied_on"] is not None and not str(after["reply"]).strip():
        problems.append(Msg("请填写答复内容", "the reply's text is required"))
    repeat = str(after["repeat_of"] or "").strip()
    if repeat:
        earlier = session.scalars(select(Petition).where(Petition.case_no == repeat)).first()
        if earlier is None or earlier.uuid == p.uuid:
            problems.append(Msg(f"重复件所指的信访件“{repeat}”不存在",
                                f"the repeated case “{repeat}” does not exist"))
        elif (earlier.received_date and p.received_date
              and earlier.received_date > p.received_date):
            problems.append(Msg(f"“{repeat}”晚于本件受理，不是它重复的前件",
                                f"“{repeat}” was received after this case"))
    tasks = after["task_uuids"] or []
    if tasks:
        units = dict(session.execute(select(Task.uuid, Task.unit_code)
                                     .where(Task.uuid.in_(tasks))).all())
        if any(units.get(t) != p.unit_code for t in tasks):
            problems.append(Msg("信访件只能关联本单位的任务",
                                "a petition can only be linked to its unit's tasks"))
    return problems


@dataclass(frozen=True)
class OverdueCase:
    uuid: str
    case_no: str
    unit_code: str
    unit_name: str
    due_date: date
    days_over: int


def is_overdue(p: Petition, today: date) -> bool:
    """Past its due date without a closing date: red, like a task."""
    return p.due_date is not None and p.closed_on is None and p.due_date < today


def overdue(session: Session, today: date, unit_code: str | None = None) -> list[OverdueCase]:
    names = dict(session.execute(select(OrgUnit.code, OrgUnit.name)).all())
    q = select(Petition).where(Petition.due_date < today, Petition.closed_on.is_(None))
    if unit_code:
        q = q.where(Petition.unit_code == unit_code)
    return [OverdueCase(p.uuid, p.case_no, p.unit_code, names.get(p.unit_code, p.unit_code),
                        p.due_date, (today - p.due_date).days)  # type: ignore[arg-type,operator]
            for p in session.scalars(q.order_by(Petition.due_date, Petition.case_no))]


def case_detail(session: Session, petition_uuid: str) -> dict[str, Any]:
    """The case's hand-over and handling, and its evidence (no complainant data)."""
    from db.models import Evidence

    p = get(session, Petition, petition_uuid)
    detail: dict[str, Any] = {k: getattr(p, k) for k in HANDLING}
    detail.update(uuid=p.uuid, case_no=p.case_no, unit_code=p.unit_code, owner=p.owner,
                  due_date=p.due_date, handed_over_date=p.handed_over_date)
    detail["evidence"] = [(e.name, e.caption) for e in session.scalars(
        select(Evidence).where(Evidence.petition_uuid == p.uuid).order_by(Evidence.name))]
    return detail


def county_units(session: Session) -> list[tuple[str, str]]:
    """(code, name) of the units a petition can be handed over to."""
    return list(session.execute(select(OrgUnit.code, OrgUnit.name)
                                .where(OrgUnit.kind.in_(COUNTY_KINDS)).order_by(OrgUnit.code)))
