"""Inspection rounds (督察轮次) and the city's units: the catalogue's frame.

Plain use cases taking the door's session; the door (services/door.py) checks that
only the city calls them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import InspectionRound, OrgUnit
from desktop.domain.plan import REPORTING_KINDS, ROUND_KINDS, UNIT_KINDS, UnitName
from desktop.domain.validation import check_code
from desktop.i18n import Msg, UserError


@dataclass(frozen=True)
class RoundInfo:
    id: str
    name: str
    kind: str
    team: str
    onsite_start: date | None
    onsite_end: date | None
    feedback_date: date | None
    plan_issued: date | None


def _name(text: str, what: Msg, limit: int) -> str:
    text = (text or "").strip()
    if not text or len(text) > limit:
        raise UserError(Msg(f"{what.zh}不能为空，且不超过{limit}字。",
                            f"{what.en} is required (≤ {limit} characters)."))
    return text


def add_round(session: Session, owner: str, *, name: str, kind: str,
              feedback_date: date | None, onsite: tuple[date, date] | None = None,
              team: str = "", plan_issued: date | None = None) -> InspectionRound:
    name = _name(name, Msg("督察轮次名称", "The round's name"), 200)
    if kind not in ROUND_KINDS:
        raise UserError(Msg(f"督察类别“{kind}”无效，只能是 {'、'.join(ROUND_KINDS)}。",
                            f"Round kind “{kind}” is invalid: use {', '.join(ROUND_KINDS)}."))
    if onsite is not None and onsite[0] > onsite[1]:
        raise UserError(Msg("进驻开始日期晚于结束日期。",
                            "The on-site period ends before it starts."))
    if onsite is not None and feedback_date is not None and feedback_date < onsite[0]:
        raise UserError(Msg("反馈日期早于进驻日期。",
                            "Feedback is dated before the on-site period."))
    if session.scalars(select(InspectionRound).where(InspectionRound.name == name)).first():
        raise UserError(Msg(f"已有名为“{name}”的督察轮次。", f"A round named “{name}” exists."))
    r = InspectionRound(owner=owner, name=name, kind=kind, team=(team or "").strip(),
                        feedback_date=feedback_date, plan_issued=plan_issued,
                        onsite_start=onsite[0] if onsite else None,
                        onsite_end=onsite[1] if onsite else None)
    session.add(r)
    return r


def list_rounds(session: Session) -> list[RoundInfo]:
    rows = session.scalars(select(InspectionRound).order_by(
        InspectionRound.feedback_date, InspectionRound.name))
    return [RoundInfo(r.uuid, r.name, r.kind or "provincial", r.team, r.onsite_start,
                      r.onsite_end, r.feedback_date, r.plan_issued) for r in rows]


def find_round(session: Session, ref: str) -> InspectionRound:
    """A round by id (or its first 8 characters) or by name."""
    ref = (ref or "").strip()
    rows = [r for r in session.scalars(select(InspectionRound))
            if r.uuid == ref or r.name == ref or (len(ref) >= 8 and r.uuid.startswith(ref))]
    if len(rows) != 1:
        raise UserError(Msg(f"找不到督察轮次“{ref}”（用 rectdesk round list 查看编号）。",
                            f"No inspection round “{ref}” (see rectdesk round list)."))
    return rows[0]


# --- units -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    short_name: str
    kind: str
    reports: bool  # has a desk of its own that sends packets


def add_unit(session: Session, owner: str, parent: str, *, code: str, name: str, kind: str,
             short_name: str = "") -> OrgUnit:
    bad = check_code(code)
    if bad:
        raise UserError(bad)
    name = _name(name, Msg("单位名称", "The unit's name"), 100)
    if kind not in UNIT_KINDS:
        raise UserError(Msg(f"单位类别“{kind}”无效，只能是 county（县市区）、zone（开发区）或 "
                            "department（市直部门）。",
                            f"Unit kind “{kind}” is invalid: county, zone or department."))
    if session.scalars(select(OrgUnit).where(OrgUnit.code == code)).first():
        raise UserError(Msg(f"单位代码“{code}”已存在。", f"Unit code “{code}” exists."))
    _name_free(session, code, name, short_name)
    u = OrgUnit(owner=owner, code=code, name=name, kind=kind, parent_code=parent,
                short_name=(short_name or "").strip())
    session.add(u)
    return u


def _name_free(session: Session, code: str, *names: str) -> None:
    for other in session.scalars(select(OrgUnit).where(OrgUnit.code != code)):
        for n in names:
            if n and n.strip() in (other.name, other.short_name):
                raise UserError(Msg(f"名称“{n}”已被单位 {other.code}（{other.name}）使用。",
                                    f"The name “{n}” is taken by unit {other.code}."))


def rename_unit(session: Session, code: str, *, name: str, short_name: str | None = None
                ) -> OrgUnit:
    """Records refer to a unit by its code: a new name changes nothing else."""
    u = session.scalars(select(OrgUnit).where(OrgUnit.code == code)).first()
    if u is None:
        raise UserError(Msg(f"没有代码为“{code}”的单位。", f"No unit with code “{code}”."))
    name = _name(name, Msg("单位名称", "The unit's name"), 100)
    _name_free(session, code, name, short_name or "")
    u.name = name
    if short_name is not None:
        u.short_name = short_name.strip()
    return u


def list_units(session: Session) -> list[UnitInfo]:
    rows = session.scalars(select(OrgUnit).where(OrgUnit.kind != "city").order_by(OrgUnit.code))
    return [UnitInfo(u.code, u.name, u.short_name or "", u.kind, u.kind in REPORTING_KINDS)
            for u in rows]


def unit_names(session: Session) -> list[UnitName]:
    return [UnitName(u.code, u.name, u.short_name or "", u.kind)
            for u in session.scalars(select(OrgUnit).where(OrgUnit.kind != "city"))]
