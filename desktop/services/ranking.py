"""The monthly ranking (排名) and the accountability candidates (问责线索), computed from
figures the city can verify: the kept light history, packets received, decisions,
revisits, petitions, supervision replies and indicator values.  Never from what a unit
reports about itself (its own percentages do not count)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Acceptance,
    AccountabilityAction,
    AuditEntry,
    CloseoutDecision,
    Indicator,
    IndicatorValue,
    LightSnapshot,
    OrgUnit,
    Petition,
    RankingEntry,
    Revisit,
    SupervisionNotice,
    SupervisionReply,
    Task,
)
from desktop.domain import periods
from desktop.domain import supervision as rules
from desktop.domain.settings import DeskSettings
from desktop.services import completeness, light_history

# A handed-over petition not closed this many days after hand-over counts as overdue.
PETITION_DAYS = 60


@dataclass
class UnitRank:
    unit: str
    unit_name: str
    rank: int
    score: float
    figures: dict[str, int]
    previous_rank: int | None = None

    @property
    def change(self) -> int | None:
        """Places gained since last month (negative: lost)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "unit_name": self.unit_name, "rank": self.rank,
                "score": self.score, "previous_rank": self.previous_rank,
                "change": self.change, **self.figures}


@dataclass
class Ranking:
    period: str
    units: list[UnitRank] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"period": self.period, "weights": self.weights,
                "units": [u.to_json() for u in self.units]}


def ensure_history(session: Session, period: str, settings: DeskSettings, back: int) -> None:
    """Take the snapshots the figures need that were never taken (as of each month's
    end, from what the desk holds now)."""
    have = light_history.taken(session)
    for p in periods.periods_between(periods.shift(period, 1 - back), period):
        if p not in have:
            light_history.take(session, p, settings)


def _between(d: date | None, first: date, last: date) -> bool:
    return d is not None and first <= d <= last


def figures(session: Session, period: str, settings: DeskSettings, today: date
            ) -> dict[str, dict[str, int]]:
    """unit code → its figures for the month (see domain.supervision.FIGURES)."""
    first, end = periods.parse_period(period), light_history.period_end(period)
    units = [c for c, _ in completeness.county_units(session)]
    out: dict[str, dict[str, int]] = {u: dict.fromkeys(rules.FIGURES, 0) for u in units}
    task_unit = dict(session.execute(select(Task.uuid, Task.unit_code)).all())
    # Only the months that decide "red N months running" are read.
    history = light_history.history(
        session, since=periods.shift(period, 1 - max(settings.red_months, 1)))
    for task_uuid, unit, light, status in session.execute(
            select(LightSnapshot.task_uuid, LightSnapshot.unit_code, LightSnapshot.light,
                   LightSnapshot.status).where(LightSnapshot.period == period)):
        f = out.get(unit)
        if f is None:
            continue
        f["applicable"] += 1
        f["closed"] += status == "closed_out"
        f["red"] += light == "red"
        f["red_3m"] += light_history.red_running(history.get(task_uuid, {}), period) \
            >= settings.red_months
    cells = completeness.completeness(session, max(today, end + timedelta(days=1)),
                                      settings.report_due_day, [period])
    for cell in cells:
        if cell.unit_code in out:
            out[cell.unit_code]["late_reports"] += cell.state in ("late", "missing")
    for task_uuid, day in session.execute(select(CloseoutDecision.task_uuid,
                                                 CloseoutDecision.decided_on)
                                          .where(CloseoutDecision.approved.is_(False))):
        returned_unit = task_unit.get(task_uuid)
        if returned_unit in out and _between(day, first, end):
            out[returned_unit]["returned"] += 1
    petition_unit = dict(session.execute(select(Petition.uuid, Petition.unit_code)).all())
    for rv in session.scalars(select(Revisit).where(Revisit.rebound.is_(True))):
        rebound_unit = (task_unit.get(rv.task_uuid or "")
                        or petition_unit.get(rv.petition_uuid or ""))
        if rebound_unit in out and _between(rv.done_date, first, end):
            out[rebound_unit]["rebounds"] += 1
    for p in session.scalars(select(Petition).where(Petition.rectification_status != "done")):
        start = p.handed_over_date or p.received_date
        if p.unit_code in out and start and start + timedelta(days=PETITION_DAYS) < end:
            out[p.unit_code]["overdue_petitions"] += 1
    # A reply counts from the day this desk received it (its own clock: the audit of the
    # insert), never earlier than the date the unit wrote on it: a unit cannot backdate.
    received: dict[str, date] = {}
    for uuid, at in session.execute(select(AuditEntry.record_uuid, AuditEntry.at).where(
            AuditEntry.table_name == "supervision_reply", AuditEntry.action == "insert")):
        day = date.fromisoformat(at[:10])
        received[uuid] = min(day, received.get(uuid, day))
    replied: dict[str, date] = {}
    for uuid, notice, written in session.execute(select(
            SupervisionReply.uuid, SupervisionReply.notice_uuid, SupervisionReply.replied_on)):
        day = max(written, received.get(uuid, written))
        replied[notice] = min(day, replied.get(notice, day))
    for n in session.scalars(select(SupervisionNotice).where(SupervisionNotice.reply_by < end)):
        answered = replied.get(n.uuid)
        settled = n.closed_on is not None and n.closed_on <= n.reply_by
        if n.unit_code in out and not settled and (answered is None or answered > n.reply_by):
            out[n.unit_code]["overdue_replies"] += 1
    targets = {i.code: (i.target, i.higher_is_better)
               for i in session.scalars(select(Indicator)) if i.target is not None}
    for v in session.scalars(select(IndicatorValue).where(IndicatorValue.period == period)):
        target = targets.get(v.indicator_code)
        if v.unit_code in out and target is not None:
            goal, higher = target
            out[v.unit_code]["indicators_off"] += (v.value < goal) if higher else (v.value > goal)
    return out


def ranking(session: Session, period: str, settings: DeskSettings, today: date,
            *, with_previous: bool = True) -> Ranking:
    ensure_history(session, period, settings, max(settings.red_months, 1))
    names = dict(session.execute(select(OrgUnit.code, OrgUnit.name)).all())
    figs = figures(session, period, settings, today)
    scores = {u: rules.score(f, settings.ranking_weights) for u, f in figs.items()}
    places = rules.ranks(scores)
    previous: dict[str, int] = {}
    if with_previous:
        before = periods.shift(period, -1)
        # Last month's places as the city kept them; computed only when never kept.
        previous = dict(session.execute(select(RankingEntry.unit_code, RankingEntry.rank)
                                        .where(RankingEntry.period == before)).all())
        if not previous:
            prev = ranking(session, before, settings, today, with_previous=False)
            previous = {u.unit: u.rank for u in prev.units}
    units = sorted((UnitRank(u, names.get(u, u), places[u], scores[u], figs[u],
                             previous.get(u)) for u in figs), key=lambda r: (r.rank, r.unit))
    return Ranking(period, units, {**rules.DEFAULT_WEIGHTS, **settings.ranking_weights})


def store(session: Session, desk_code: str, result: Ranking) -> None:
    """Keep the city's ranking so each unit's packet back can tell it where it stands."""
    existing = {(e.unit_code): e for e in session.scalars(
        select(RankingEntry).where(RankingEntry.period == result.period))}
    for u in result.units:
        values = {"rank": u.rank, "units": len(result.units), "score": u.score,
                  "figures": {**u.figures, "previous_rank": u.previous_rank}}
        entry = existing.get(u.unit)
        if entry is None:
            session.add(RankingEntry(period=result.period, unit_code=u.unit, owner=desk_code,
                                     **values))
        else:
            for k, v in values.items():
                if getattr(entry, k) != v:
                    setattr(entry, k, v)


def stored_periods(session: Session) -> set[str]:
    return set(session.scalars(select(RankingEntry.period).distinct()))


def score_history(session: Session, months: list[str]) -> dict[str, dict[str, float]]:
    """unit → {month: score} of the rankings kept for ``months`` (the trend chart)."""
    out: dict[str, dict[str, float]] = {}
    for e in session.scalars(select(RankingEntry).where(RankingEntry.period.in_(months))):
        out.setdefault(e.unit_code, {})[e.period] = e.score
    return out


def own_entries(session: Session, unit: str) -> list[dict[str, Any]]:
    """A county's places as the city sent them, newest first."""
    return [{"period": e.period, "unit": e.unit_code, "rank": e.rank, "units": e.units,
             "score": e.score, **(e.figures or {})}
            for e in session.scalars(select(RankingEntry).where(RankingEntry.unit_code == unit)
                                     .order_by(RankingEntry.period.desc()))]


# --- accountability ---------------------------------------------------------------------

def candidates(session: Session, period: str, settings: DeskSettings, today: date
               ) -> list[rules.Candidate]:
    """Units that meet one of the documented rules (domain.supervision.RULES) in the
    twelve months up to ``period``."""
    ensure_history(session, period, settings, max(settings.red_months, 1))
    first = periods.parse_period(periods.shift(period, -11))
    end = light_history.period_end(period)
    tasks = {t.uuid: t for t in session.scalars(select(Task))}
    out: list[rules.Candidate] = []
    history = light_history.history(session, since=periods.shift(period, -23))
    for task_uuid, lights in history.items():
        n = light_history.red_running(lights, period)
        task = tasks.get(task_uuid)
        if task is not None and n >= settings.red_months:
            out.append(rules.Candidate(task.unit_code, "red_running",
                                       f"第{task.number}号任务连续{n}个月红灯",
                                       task.number, task.uuid))
    for notice in session.scalars(select(SupervisionNotice).where(
            SupervisionNotice.level == "interview")):
        if _between(notice.issued_on, first, end):
            out.append(rules.Candidate(notice.unit_code, "interview",
                                       f"{notice.number}（约谈）"))
    approved = {t for (t,) in session.execute(select(CloseoutDecision.task_uuid).where(
        CloseoutDecision.approved.is_(True)))}
    for rv in session.scalars(select(Revisit).where(Revisit.rebound.is_(True))):
        task = tasks.get(rv.task_uuid or "")
        if task is not None and task.uuid in approved and _between(rv.done_date, first, end):
            out.append(rules.Candidate(task.unit_code, "rebound",
                                       f"第{task.number}号任务销号后反弹（{rv.done_date}）",
                                       task.number, task.uuid))
    for acc in session.scalars(select(Acceptance).where(Acceptance.passed.is_(False))):
        task = tasks.get(acc.task_uuid)
        if task is not None and rules.is_sham(acc.opinion) and _between(acc.checked_on,
                                                                          first, end):
            out.append(rules.Candidate(task.unit_code, "false_rectification",
                                       f"第{task.number}号任务验收未通过：{acc.opinion[:60]}",
                                       task.number, task.uuid))
    months = [periods.shift(period, -1), period]
    cells = completeness.completeness(session, max(today, end + timedelta(days=1)),
                                      settings.report_due_day, months)
    bad: dict[str, int] = {}
    for cell in cells:
        bad[cell.unit_code] = bad.get(cell.unit_code, 0) + (cell.state in ("late", "missing"))
    for unit, count in sorted(bad.items()):
        if count == len(months):
            out.append(rules.Candidate(unit, "late_reports",
                                       f"{months[0]}、{months[1]}月报逾期或未报"))
    return sorted(out, key=lambda c: (c.unit_code, c.rule, c.task_number or 0))


def actions(session: Session, period: str | None = None) -> list[AccountabilityAction]:
    q = select(AccountabilityAction).order_by(AccountabilityAction.decided_on)
    if period:
        first = periods.parse_period(period)
        q = q.where(AccountabilityAction.decided_on >= first,
                    AccountabilityAction.decided_on <= light_history.period_end(period))
    return list(session.scalars(q))
