"""Who reported, and when: one cell per county-level unit and month.

A month counts as reported when a county report packet for it was imported. A packet
counts as received on the day the city imported it (the city's clock), not by the
sender's signed creation time, which the sender alone vouches for; a packet handed over
on paper or a USB stick earlier than it was imported gets its receipt date from the city
clerk (:func:`record_receipt`, audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.models import OrgUnit, PacketRecord, PeriodDeclaration
from desktop.domain import periods
from desktop.i18n import Msg, UserError

__all__ = ["STATES", "Cell", "completeness", "default_periods", "record_receipt"]

CHINA = timezone(timedelta(hours=8), "CST")
# Kinds of county-level unit (org_unit.kind): each keeps a desk and reports monthly.
COUNTY_KINDS = ("county", "zone")
STATES: dict[str, Msg] = {
    "on_time": Msg("按时报送", "on time"),
    "late": Msg("逾期报送", "late"),
    "no_change": Msg("声明无变化", "no change declared"),
    "missing": Msg("未报送", "missing"),
    "pending": Msg("未到期", "not yet due"),
}
_IMPORTED = ("accepted", "accepted_with_warnings", "superseded")


@dataclass(frozen=True)
class Cell:
    unit_code: str
    unit_name: str
    period: str
    state: str
    due: date
    reported_on: date | None
    days_late: int
    sequence: int | None
    no_change: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "unit_code": self.unit_code, "unit_name": self.unit_name, "period": self.period,
            "state": self.state, "label": str(STATES[self.state]), "due": self.due.isoformat(),
            "reported_on": self.reported_on.isoformat() if self.reported_on else None,
            "days_late": self.days_late, "sequence": self.sequence, "no_change": self.no_change,
        }


def default_periods(today: date, due_day: int, count: int = 6) -> list[str]:
    """The last ``count`` months up to the one whose report is due next."""
    last = periods.next_report(today, due_day)[0]
    return periods.periods_between(periods.shift(last, 1 - count), last)


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10]) if len(value) == 10 else (
            datetime.fromisoformat(value).astimezone(CHINA).date())
    except ValueError:
        return None


def _reported_on(report: dict[str, Any], imported: datetime | None) -> date | None:
    """The receipt date recorded by the clerk, else the import day here."""
    for key in ("received_on", "imported_on", "imported_at"):
        day = _day(report.get(key))
        if day is not None:
            return day
    return imported.date() if imported is not None else None


def record_receipt(session: Session, role: str, unit: str, sequence: int, received: date,
                   today: date) -> PacketRecord:
    """The city clerk records that packet ``sequence`` of ``unit`` was handed over on
    ``received`` (on paper or a USB stick, before it was imported). Bounds: not after
    the import day (it was in hand when imported), not before the packet was made nor
    before its month ended (a report is handed over after the month), not in the
    future. Audited."""
    if role != "city":
        raise UserError(Msg("只有市级台账记录报送包的接收日期。",
                            "Only a city desk records when a packet was received."))
    rec = session.scalars(select(PacketRecord).where(
        PacketRecord.direction == "in", PacketRecord.kind == "county-report",
        PacketRecord.sender_code == unit, PacketRecord.sequence == sequence,
        PacketRecord.status.in_(_IMPORTED))).first()
    if rec is None:
        raise UserError(Msg(f"本机没有已导入的 {unit} 第 {sequence} 号月报包。",
                            f"No imported report packet {sequence} of {unit} here."))
    report = dict(rec.report or {})
    imported = _reported_on({k: report.get(k) for k in ("imported_on", "imported_at")},
                            rec.updated_at) or today
    created = _day(report.get("created"))
    period_end = (periods.parse_period(periods.shift(rec.period, 1)) - timedelta(days=1)
                  if periods.is_period(rec.period) else None)
    if received > min(imported, today):
        raise UserError(Msg(
            f"接收日期 {received:%Y-%m-%d} 晚于该包的导入日期 {imported:%Y-%m-%d}，"
            "只能记录导入之前的接收日期。",
            f"{received} is after the import day {imported}."))
    bounds = [d for d in (created, period_end) if d is not None]
    earliest = max(bounds) if bounds else None
    if earliest is not None and received < earliest:
        raise UserError(Msg(
            f"接收日期 {received:%Y-%m-%d} 早于该包的制作日期或报送月份的最后一天"
            f"（{earliest:%Y-%m-%d}），不能记录。",
            f"{received} is before the packet was made or its month ended ({earliest})."))
    before = report.get("received_on")
    report["received_on"] = received.isoformat()
    rec.report = report
    audit.log_event(session, "packet_record", rec.uuid, "packet_receipt_recorded", {
        "sender": unit, "sequence": sequence, "period": rec.period,
        "received_on": received.isoformat(), "before": before})
    return rec


def county_units(session: Session) -> list[tuple[str, str]]:
    """(code, name) of every county-level unit, the desks that report to the city."""
    return [(code, name) for code, name in session.execute(
        select(OrgUnit.code, OrgUnit.name).where(OrgUnit.kind.in_(COUNTY_KINDS))
        .order_by(OrgUnit.code))]


def completeness(session: Session, today: date, due_day: int,
                 months: list[str]) -> list[Cell]:
    units = county_units(session)
    packets: dict[tuple[str, str], list[PacketRecord]] = {}
    for rec in session.scalars(select(PacketRecord).where(
            PacketRecord.direction == "in", PacketRecord.kind == "county-report",
            PacketRecord.period.in_(months), PacketRecord.status.in_(_IMPORTED))):
        packets.setdefault((rec.sender_code, rec.period), []).append(rec)
    declared = {(d.unit_code, d.period) for d in session.scalars(select(PeriodDeclaration).where(
        PeriodDeclaration.period.in_(months), PeriodDeclaration.no_change.is_(True)))}
    cells = []
    for code, name in units:
        for month in months:
            due = periods.due_date(month, due_day)
            got = sorted(packets.get((code, month), []), key=lambda r: r.sequence)
            if not got:
                state = "missing" if today > due else "pending"
                cells.append(Cell(code, name, month, state, due, None, 0, None, False))
                continue
            first_day = _reported_on(got[0].report or {}, got[0].updated_at)
            latest = got[-1]
            no_change = bool((latest.report or {}).get("no_change")) or (code, month) in declared
            late = max(0, (first_day - due).days) if first_day else 0
            state = "no_change" if no_change else ("late" if late else "on_time")
            cells.append(Cell(code, name, month, state, due, first_day, late, latest.sequence,
                              no_change))
    return cells
