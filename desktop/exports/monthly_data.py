"""What the monthly progress report says, read from the ledger in a few set-based
queries (a city ledger holds every county's tasks). No layout here."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Acceptance, CloseoutDecision, Petition, Progress
from desktop.domain import periods
from desktop.domain.lights import Light
from desktop.domain.settings import DeskSettings
from desktop.domain.status import Status
from desktop.domain.supervision import ACTIONS
from desktop.services import ledger, petition_cases, ranking, reporting, revisit_plan, supervision
from desktop.services.ledger import TaskRow
from desktop.services.petition_cases import OverdueCase
from desktop.services.revisit_plan import RevisitDue


@dataclass(frozen=True)
class MonthProgress:
    narrative: str
    percent: float
    no_change: bool


@dataclass(frozen=True)
class PetitionGroup:
    """Petition counts for one category. No complainant data is ever read here."""

    category: str
    total: int = 0
    substantiated: Counter[str] = field(default_factory=Counter)
    done: int = 0


@dataclass
class MonthlyData:
    issuer: str
    is_city: bool
    period: str
    today: date
    rows: list[TaskRow]
    month: dict[str, MonthProgress]  # task uuid → this period's progress
    closed_in_month: int
    accepted_in_month: int
    petitions: list[PetitionGroup]
    by_unit: list[tuple[str, int, float, int]]  # name, tasks, mean percent, closed out
    indicators: list[reporting.IndicatorFigure]
    # Supervision notices issued in the month (number, unit, level, state) and the
    # accountability actions taken (date, unit, post and person, action, basis).
    notices: list[tuple[str, str, str, str]] = field(default_factory=list)
    actions: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    petitions_overdue: list[OverdueCase] = field(default_factory=list)
    revisits: list[RevisitDue] = field(default_factory=list)  # due and overdue

    round_title: str = ""  # the round the report is limited to (export --round)

    @property
    def rounds(self) -> list[str]:
        """The rounds (督察轮次) of the report's tasks, in feedback order."""
        return list(dict.fromkeys(r.round_title for r in self.rows if r.round_name))

    @property
    def overdue(self) -> list[TaskRow]:
        rows = [r for r in self.rows if r.light == Light.RED]
        return sorted(rows, key=lambda r: (r.days_left or 0, r.unit_code, r.number))

    @property
    def by_status(self) -> dict[str, int]:
        counts = Counter(r.status for r in self.rows)
        return {s.value: counts.get(s.value, 0) for s in Status}

    @property
    def by_light(self) -> dict[str, int]:
        counts = Counter(r.light for r in self.rows)
        return {lt.value: counts.get(lt.value, 0) for lt in Light}

    @property
    def reported(self) -> int:
        return sum(1 for r in self.rows if r.uuid in self.month)

    @property
    def expected(self) -> int:
        """Tasks that owe a report this month (closed-out ones do not, see reporting)."""
        return sum(1 for r in self.rows if r.status != Status.CLOSED_OUT or r.uuid in self.month)


def _month_bounds(period: str) -> tuple[date, date]:
    first = periods.parse_period(period)
    return first, periods.parse_period(periods.shift(period, 1))


def _petition_groups(session: Session) -> list[PetitionGroup]:
    # Only non-personal columns are selected, so nothing private can leak by accident.
    groups: dict[str, PetitionGroup] = {}
    for category, substantiated, status, n in session.execute(
        select(Petition.category, Petition.substantiated, Petition.rectification_status,
               func.count())
        .group_by(Petition.category, Petition.substantiated, Petition.rectification_status)
    ):
        name = category or "其他"
        g = groups.setdefault(name, PetitionGroup(name))
        groups[name] = PetitionGroup(
            name, g.total + n, g.substantiated + Counter({substantiated or "未认定": n}),
            g.done + (n if status == "done" else 0),
        )
    return sorted(groups.values(), key=lambda g: (-g.total, g.category))


def _by_unit(rows: list[TaskRow], is_city: bool) -> list[tuple[str, int, float, int]]:
    # A county reads progress by lead department; the city by county.
    groups: dict[str, list[TaskRow]] = defaultdict(list)
    for r in rows:
        groups[r.unit_name if is_city else (r.lead_unit or r.unit_name)].append(r)
    out = [
        (name, len(rs), sum(r.percent or 0 for r in rs) / len(rs),
         sum(1 for r in rs if r.status == Status.CLOSED_OUT))
        for name, rs in groups.items()
    ]
    return sorted(out, key=lambda u: (-u[2], u[0]))


def monthly_data(session: Session, *, issuer: str, is_city: bool, period: str, today: date,
                 settings: DeskSettings, round_uuid: str | None = None) -> MonthlyData:
    rows = ledger.task_rows(session, today, settings, round_filter=round_uuid)
    # task_rows lists round after round; within a round on a city desk, one county's
    # block after another reads better than task 1 ×23.
    order = {u: i for i, u in enumerate(dict.fromkeys(r.round_id for r in rows))}
    if is_city:
        rows.sort(key=lambda r: (order[r.round_id], r.unit_code, r.number))
    month = {
        uuid: MonthProgress(narrative or "", percent or 0.0, bool(no_change))
        for uuid, narrative, percent, no_change in session.execute(
            select(Progress.task_uuid, Progress.narrative, Progress.percent, Progress.no_change)
            .where(Progress.period == period)
        )
    }
    start, end = _month_bounds(period)
    closed = session.scalar(
        select(func.count(func.distinct(CloseoutDecision.task_uuid))).where(
            CloseoutDecision.approved.is_(True),
            CloseoutDecision.decided_on >= start, CloseoutDecision.decided_on < end)
    ) or 0
    accepted = session.scalar(
        select(func.count(func.distinct(Acceptance.task_uuid))).where(
            Acceptance.passed.is_(True), Acceptance.checked_on >= start,
            Acceptance.checked_on < end)
    ) or 0
    names = ledger.unit_names(session)
    notices = [(n.number, names.get(n.unit_code, n.unit_code), n.level_label, n.status_label
                + ("（逾期未回复）" if n.overdue else ""))
               for n in supervision.notices(session, today)
               if start.isoformat() <= n.issued_on < end.isoformat()]
    actions = [(a.decided_on.isoformat(), names.get(a.unit_code, a.unit_code),
                "　".join(x for x in (a.post, a.person) if x), ACTIONS[a.action].zh, a.basis)
               for a in ranking.actions(session, period)]
    return MonthlyData(
        issuer=issuer, is_city=is_city, period=period, today=today, rows=rows, month=month,
        closed_in_month=closed, accepted_in_month=accepted,
        petitions=_petition_groups(session), by_unit=_by_unit(rows, is_city),
        indicators=reporting.indicator_figures(session), notices=notices, actions=actions,
        petitions_overdue=petition_cases.overdue(session, today),
        revisits=revisit_plan.due_revisits(session, today, settings),
        round_title=rows[0].round_title if round_uuid and rows else "",
    )
