"""Who reported, and when: one cell per county-level unit and month.

A month counts as reported when a county report packet for it was imported. Timeliness
is judged by the packet's signed creation time (its ``created`` field, in China time),
not by the import time: a packet finished on the due day and carried to the city on a
USB stick a few days later was on time. A packet whose creation time lies after its
import time (a county clock running fast) is judged by the import time instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import OrgUnit, PacketRecord, PeriodDeclaration
from desktop.domain import periods
from desktop.i18n import Msg

__all__ = ["STATES", "Cell", "completeness", "default_periods"]

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


def _reported_on(report: dict[str, Any], imported: datetime | None) -> date | None:
    moment: datetime | None = None
    created = report.get("created")
    if isinstance(created, str):
        try:
            moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            moment = None
    imported_at = report.get("imported_at")
    when_imported = None
    if isinstance(imported_at, str):
        try:
            when_imported = datetime.fromisoformat(imported_at).astimezone(CHINA)
        except ValueError:
            when_imported = None
    if when_imported is None and imported is not None:
        when_imported = imported.replace(tzinfo=None).astimezone(CHINA)
    if moment is not None:
        moment = moment.astimezone(CHINA) if moment.tzinfo else moment.replace(tzinfo=UTC)
        if when_imported is not None and moment > when_imported:
            moment = when_imported
    else:
        moment = when_imported
    return moment.astimezone(CHINA).date() if moment else None


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
