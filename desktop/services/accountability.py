"""Accountability actions (问责) the city records against units or officials."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AccountabilityAction, OrgUnit
from desktop.domain import supervision as rules
from desktop.domain import text as text_rule
from desktop.domain.validation import parse_date
from desktop.i18n import Msg, UserError
from desktop.services import task_lookup


def add(session: Session, desk_code: str, today: date, *, unit_code: str, action: str,
        basis: str, decided_on: date | str, person: str = "", post: str = "",
        document_number: str = "", task_number: int | None = None,
        round_ref: str | None = None) -> AccountabilityAction:
    for name, value, label in (("basis", basis, "依据"), ("person", person, "姓名"),
                               ("post", post, "职务"), ("document_number", document_number,
                                                      "文号")):
        problem = text_rule.check_field(name, value, label)  # the one text rule
        if problem is not None:
            raise UserError(problem)
    if action not in rules.ACTIONS:
        raise UserError(Msg("问责方式无效，只能是：" + "、".join(
            f"{k}（{v.zh}）" for k, v in rules.ACTIONS.items()),
            "Invalid action; use one of: " + ", ".join(rules.ACTIONS)))
    kind = session.scalar(select(OrgUnit.kind).where(OrgUnit.code == unit_code))
    if kind is None or kind == "city":
        raise UserError(Msg(f"没有代码为“{unit_code}”的单位。", f"There is no unit “{unit_code}”."))
    if not basis.strip():
        raise UserError(Msg("请写明问责依据。", "The basis is required."))
    try:
        day = decided_on if isinstance(decided_on, date) else parse_date(str(decided_on))
    except ValueError:
        raise UserError(Msg(f"日期无效：{decided_on}", f"Invalid date: {decided_on}")) from None
    if day > today:
        raise UserError(Msg(f"问责日期 {day.isoformat()} 晚于今天。",
                            f"The date {day.isoformat()} is after today."))
    task_uuid = None
    if task_number is not None:  # by round and number (task_lookup): never a guess
        task_uuid = task_lookup.find_task(session, task_number, unit=unit_code,
                                          round_ref=round_ref).uuid
    row = AccountabilityAction(unit_code=unit_code, person=person.strip()[:100],
                               post=post.strip()[:100], action=action, basis=basis.strip(),
                               decided_on=day, document_number=document_number.strip()[:64],
                               task_uuid=task_uuid, owner=desk_code)
    session.add(row)
    return row
