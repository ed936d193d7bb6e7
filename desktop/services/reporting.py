"""The monthly report (月报) as the desk sees it, the start-up reminders and the
figures the dashboard draws.  Everything is read in a few set-based queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Indicator, IndicatorValue, PeriodDeclaration, Progress, Task
from desktop.domain import periods
from desktop.domain.lights import Light
from desktop.domain.settings import DeskSettings
from desktop.domain.status import Status
from desktop.domain.validation import check_period
from desktop.i18n import Msg, UserError
from desktop.services.ledger import TaskRow, task_rows, unit_names


@dataclass(frozen=True)
class ReportLine:
    task_uuid: str
    number: int
    title: str
    unit_code: str
    status: str
    has_progress: bool
    no_change: bool
    percent: float | None
    narrative: str
    unit_name: str = ""
    # The month grid edits this month's entry and shows last month's for reference.
    progress_uuid: str = ""
    difficulties: str = ""
    next_steps: str = ""
    previous_percent: float | None = None
    previous_narrative: str = ""
    previous_difficulties: str = ""
    previous_next_steps: str = ""


@dataclass
class PeriodReport:
    period: str
    due: date
    days_to_due: int
    lines: list[ReportLine]
    declaration_no_change: bool = False
    declaration_note: str = ""

    @property
    def missing(self) -> list[ReportLine]:
        return [ln for ln in self.lines if not ln.has_progress]

    @property
    def entered(self) -> list[ReportLine]:
        return [ln for ln in self.lines if ln.has_progress]


def period_choices(today: date, back: int = 12) -> list[str]:
    """This month and the ``back`` months before it, newest first."""
    current = periods.period_of(today)
    return [periods.shift(current, -i) for i in range(back + 1)]


def due_period(today: date, settings: DeskSettings) -> str:
    """The month whose report is due next (the one the reminder banner names): every
    period picker starts there, so that on 4 December November's progress is not
    filed under December."""
    return periods.next_report(today, settings.report_due_day)[0]


def period_report(session: Session, period: str, unit_code: str | None, today: date,
                  settings: DeskSettings) -> PeriodReport:
    """Which open tasks of ``unit_code`` (every unit's, when None: the city desk) have
    progress for ``period`` and which do not.  Tasks closed out before the month need
    no report and are left out."""
    if not periods.is_period(period):
        raise UserError(Msg(f"月份无效：{period}", f"Invalid period: {period}"))
    entries = {
        p.task_uuid: p
        for p in session.scalars(select(Progress).where(Progress.period == period))
    }
    before = {
        p.task_uuid: p
        for p in session.scalars(select(Progress).where(
            Progress.period == periods.shift(period, -1)))
    }
    q = select(Task).order_by(Task.number, Task.unit_code)
    if unit_code is not None:
        q = q.where(Task.unit_code == unit_code)
    names = unit_names(session)
    lines = []
    for t in session.scalars(q):
        p = entries.get(t.uuid)
        if t.status == Status.CLOSED_OUT and p is None:
            continue
        last = before.get(t.uuid)
        lines.append(ReportLine(
            task_uuid=t.uuid, number=t.number, title=t.title, unit_code=t.unit_code,
            status=t.status, has_progress=p is not None, no_change=bool(p and p.no_change),
            percent=p.percent if p else None, narrative=p.narrative if p else "",
            unit_name=names.get(t.unit_code, t.unit_code),
            progress_uuid=p.uuid if p else "",
            difficulties=p.difficulties if p else "", next_steps=p.next_steps if p else "",
            previous_percent=last.percent if last else None,
            previous_narrative=last.narrative if last else "",
            previous_difficulties=last.difficulties if last else "",
            previous_next_steps=last.next_steps if last else "",
        ))
    decl = session.scalars(select(PeriodDeclaration).where(
        PeriodDeclaration.unit_code == unit_code, PeriodDeclaration.period == period)).first()
    due = periods.due_date(period, settings.report_due_day)
    return PeriodReport(period=period, due=due, days_to_due=(due - today).days, lines=lines,
                        declaration_no_change=bool(decl and decl.no_change),
                        declaration_note=decl.note if decl else "")


def progress_uuid(session: Session, task_uuid: str, period: str) -> str:
    """The uuid of the task's entry for ``period`` ("" when there is none)."""
    return session.scalars(select(Progress.uuid).where(
        Progress.task_uuid == task_uuid, Progress.period == period)).first() or ""


def declaration(session: Session, unit_code: str, period: str) -> tuple[bool, str]:
    """The month's stored "no change" declaration: (no_change, note)."""
    row = session.scalars(select(PeriodDeclaration).where(
        PeriodDeclaration.unit_code == unit_code, PeriodDeclaration.period == period)).first()
    return (bool(row.no_change), row.note) if row else (False, "")


def declare(session: Session, desk_code: str, unit_code: str, period: str, *,
            no_change: bool, note: str = "") -> tuple[bool, str]:
    """Record (or change) the month's "no change" declaration; returns the previous
    (no_change, note) so that the change can be undone."""
    bad = check_period(period)  # a month not yet begun cannot be declared either
    if bad is not None:
        raise UserError(bad)
    row = session.scalars(select(PeriodDeclaration).where(
        PeriodDeclaration.unit_code == unit_code, PeriodDeclaration.period == period)).first()
    if row is None:
        session.add(PeriodDeclaration(unit_code=unit_code, period=period, no_change=no_change,
                                      note=note.strip(), owner=desk_code))
        return False, ""
    if row.owner != desk_code:
        raise UserError(Msg("这份月度声明不属于本台账。",
                            "This declaration belongs to another desk."))
    previous = (row.no_change, row.note)
    row.no_change, row.note = no_change, note.strip()
    return previous


@dataclass
class Reminders:
    today: date
    overdue: list[TaskRow]
    due_soon: list[TaskRow]
    report_period: str
    report_due: date
    report_days_left: int
    report_missing: int
    window_days: int
    petitions_overdue: int = 0  # past due without a closing date
    revisits_due: int = 0  # within the warning window
    revisits_overdue: int = 0
    notices_open: int = 0  # supervision notices to this unit not yet answered
    notices_overdue: int = 0  # of those, past their reply date

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.report_missing
                    or self.petitions_overdue or self.revisits_due or self.revisits_overdue
                    or self.notices_open)


def reminders(session: Session, today: date, settings: DeskSettings,
              unit_code: str | None = None, rows: list[TaskRow] | None = None) -> Reminders:
    """What the clerk should see at start-up: overdue tasks, deadlines inside the
    warning window and the month's report with how many tasks still lack progress."""
    rows = rows if rows is not None else task_rows(session, today, settings, unit_filter=unit_code)
    open_rows = [r for r in rows if r.status != Status.CLOSED_OUT]
    overdue = [r for r in open_rows if r.days_left is not None and r.days_left < 0]
    window = settings.warning_window_days
    soon = [r for r in open_rows if r.days_left is not None and 0 <= r.days_left <= window]
    overdue.sort(key=lambda r: r.days_left or 0)
    soon.sort(key=lambda r: r.days_left or 0)
    period, due = periods.next_report(today, settings.report_due_day)
    missing = 0
    if unit_code:
        missing = len(period_report(session, period, unit_code, today, settings).missing)
    from desktop.services import petition_cases, revisit_plan, supervision

    revisits = revisit_plan.due_revisits(session, today, settings, unit_code)
    late = sum(1 for r in revisits if r.overdue)
    waiting = [n for n in supervision.notices(session, today, unit_code)
               if n.status == "open"] if unit_code else []
    return Reminders(today=today, overdue=overdue, due_soon=soon, report_period=period,
                     report_due=due, report_days_left=(due - today).days,
                     report_missing=missing, window_days=window,
                     petitions_overdue=len(petition_cases.overdue(session, today, unit_code)),
                     revisits_due=len(revisits) - late, revisits_overdue=late,
                     notices_open=len(waiting),
                     notices_overdue=sum(1 for n in waiting if n.overdue))


@dataclass
class IndicatorFigure:
    code: str
    name: str
    unit_of_measure: str
    baseline: float | None
    target: float | None
    latest: float | None
    latest_period: str | None
    higher_is_better: bool

    @property
    def met(self) -> bool | None:
        if self.latest is None or self.target is None:
            return None
        if self.higher_is_better:
            return self.latest >= self.target
        return self.latest <= self.target


@dataclass
class Dashboard:
    total: int
    by_status: dict[str, int]
    by_light: dict[str, int]
    # unit name → (tasks, mean percent of latest progress, closed out)
    by_unit: list[tuple[str, int, float, int]]
    # (week start, tasks whose deadline falls in that week) for the next 90 days
    deadlines: list[tuple[date, int]]
    indicators: list[IndicatorFigure] = field(default_factory=list)
    # "lead": grouped by lead unit (a county desk); "keeper": by county (the city desk)
    by_unit_kind: str = "lead"


def dashboard(session: Session, today: date, settings: DeskSettings,
              rows: list[TaskRow] | None = None, horizon_days: int = 90) -> Dashboard:
    rows = rows if rows is not None else task_rows(session, today, settings)
    status_counts = Counter(r.status for r in rows)
    light_counts = Counter(r.light for r in rows)
    units: dict[str, list[TaskRow]] = defaultdict(list)
    # On a county desk the lead unit says who drives the work; on the city desk, where
    # every county keeps its copy of each task, the counties are what the office compares.
    by_keeper = len({r.unit_code for r in rows}) > 1
    for r in rows:
        units[r.unit_name if by_keeper else (r.lead_unit or r.unit_name)].append(r)
    by_unit = []
    for name, rs in units.items():
        mean = sum(r.percent or 0 for r in rs) / len(rs)
        closed = sum(1 for r in rs if r.status == Status.CLOSED_OUT)
        by_unit.append((name, len(rs), mean, closed))
    by_unit.sort(key=lambda u: (-u[1], u[0]))
    start = today - timedelta(days=today.weekday())
    weeks = [start + timedelta(weeks=i) for i in range(horizon_days // 7 + 1)]
    per_week: Counter[date] = Counter()
    end = today + timedelta(days=horizon_days)
    for r in rows:
        if r.deadline and today <= r.deadline <= end and r.status != Status.CLOSED_OUT:
            per_week[r.deadline - timedelta(days=r.deadline.weekday())] += 1
    return Dashboard(
        total=len(rows),
        by_status={s.value: status_counts.get(s.value, 0) for s in Status},
        by_light={lt.value: light_counts.get(lt.value, 0) for lt in Light},
        by_unit=by_unit,
        deadlines=[(w, per_week.get(w, 0)) for w in weeks],
        indicators=indicator_figures(session),
        by_unit_kind="keeper" if by_keeper else "lead",
    )


def indicator_figures(session: Session) -> list[IndicatorFigure]:
    """Each indicator's latest period, averaged over the units that reported it."""
    values: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for code, period, value in session.execute(
        select(IndicatorValue.indicator_code, IndicatorValue.period, IndicatorValue.value)
    ):
        values[code][period].append(value)
    out = []
    for ind in session.scalars(select(Indicator).order_by(Indicator.code)):
        per = values.get(ind.code, {})
        latest_period = max(per) if per else None
        latest = (round(sum(per[latest_period]) / len(per[latest_period]), 1)
                  if latest_period else None)
        out.append(IndicatorFigure(ind.code, ind.name, ind.unit_of_measure, ind.baseline,
                                   ind.target, latest, latest_period, ind.higher_is_better))
    return out


def as_dict(report: PeriodReport) -> dict[str, Any]:
    return {"period": report.period, "due": report.due.isoformat(),
            "entered": len(report.entered), "missing": len(report.missing)}
