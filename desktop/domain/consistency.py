"""Rules the ledger's data must obey as a whole, written once as plain functions.

Each rule takes plain facts (no database) and returns findings naming the task or
record and saying, in the clerk's words, what is wrong.  The door refuses most of
these at the moment of writing; these checks look at data that arrived another way
(a demo, a packet merged at the city, an old file), so the city can run them over
everything it holds (``rectdesk check``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.closeout import meets_target
from desktop.domain.status import Status
from desktop.i18n import Msg

UNFOUNDED = "不属实"


@dataclass(frozen=True)
class Finding:
    rule: str
    unit_code: str
    record: str  # the uuid of the record at fault (task, petition, extension, revisit)
    msg: Msg
    task_number: int | None = None


@dataclass(frozen=True)
class MeasureF:
    seq: int
    done_on: date | None


@dataclass(frozen=True)
class EffectF:
    indicator: str
    achieved: float | None
    target: float | None
    higher_is_better: bool = True


@dataclass(frozen=True)
class ExtensionF:
    uuid: str
    requested_on: date
    previous_deadline: date | None
    new_deadline: date
    approved: bool
    decided_on: date | None


@dataclass(frozen=True)
class RevisitF:
    uuid: str
    due: date
    done_on: date | None


@dataclass(frozen=True)
class TaskFacts:
    uuid: str
    number: int
    unit_code: str
    status: str
    measures: Sequence[MeasureF] = ()
    effects: Sequence[EffectF] = ()
    acceptances: Sequence[tuple[date, bool]] = ()  # the county's self-checks
    last_percent: float | None = None  # the latest month's progress
    approved_closeouts: Sequence[date] = ()  # days the city approved a close-out
    extensions: Sequence[ExtensionF] = ()
    revisits: Sequence[RevisitF] = ()


@dataclass(frozen=True)
class PetitionFacts:
    uuid: str
    case_no: str
    unit_code: str
    received: date | None
    onsite: tuple[date | None, date | None] = (None, None)  # the round's on-site period
    substantiated: str = ""
    rectification_status: str = "in_progress"
    closed_on: date | None = None
    revisits: Sequence[RevisitF] = field(default_factory=tuple)


def _task(t: TaskFacts, rule: str, record: str, zh: str, en: str) -> Finding:
    return Finding(rule, t.unit_code, record,
                   Msg(f"第 {t.number} 号任务（{t.unit_code}）：{zh}",
                       f"Task {t.number} ({t.unit_code}): {en}"), t.number)


def _finished(status: str) -> bool:
    return status in (Status.ACCEPTED, Status.CLOSEOUT_REQUESTED, Status.CLOSED_OUT)


def measure_after_acceptance(t: TaskFacts, today: date) -> list[Finding]:
    """A finished task's measures were all done by its (latest passed) self-check."""
    passed = [d for d, ok in t.acceptances if ok]
    if not _finished(t.status) or not passed:
        return []
    accepted = max(passed)
    return [_task(t, "measure_after_acceptance", t.uuid,
                  f"第 {m.seq} 项措施完成于 {m.done_on.isoformat()}，"
                  f"晚于验收日 {accepted.isoformat()}。",
                  f"measure {m.seq} was done on {m.done_on.isoformat()}, after the "
                  f"acceptance on {accepted.isoformat()}.")
            for m in t.measures if m.done_on is not None and m.done_on > accepted]


def closed_out_incomplete(t: TaskFacts, today: date) -> list[Finding]:
    """A closed-out task meets the close-out checklist: every measure done, every
    effect at its target, progress at 100 %, a passed acceptance, an approved close-out."""
    if t.status != Status.CLOSED_OUT:
        return []
    out = []
    if t.last_percent is None or t.last_percent < 100:
        pct = "无" if t.last_percent is None else f"{t.last_percent:g}%"
        out.append(_task(t, "closed_out_incomplete", t.uuid,
                         f"已销号，但最近一期进度为 {pct}，未达 100%。",
                         f"closed out, but the latest progress is {pct}, not 100 %."))
    for m in t.measures:
        if m.done_on is None:
            out.append(_task(t, "closed_out_incomplete", t.uuid,
                             f"已销号，但第 {m.seq} 项措施未完成。",
                             f"closed out, but measure {m.seq} is not done."))
    for e in t.effects:
        if e.target is not None and (
                e.achieved is None or not meets_target(e.achieved, e.target, e.higher_is_better)):
            out.append(_task(t, "closed_out_incomplete", t.uuid,
                             f"已销号，但效果“{e.indicator}”未达到目标。",
                             f"closed out, but effect “{e.indicator}” is short of its target."))
    if not any(ok for _, ok in t.acceptances):
        out.append(_task(t, "closed_out_incomplete", t.uuid, "已销号，但没有通过的验收记录。",
                         "closed out without a passed acceptance."))
    if not t.approved_closeouts:
        out.append(_task(t, "closed_out_incomplete", t.uuid, "已销号，但没有市级批准销号的决定。",
                         "closed out without the city's approval."))
    return out


def extension_order(t: TaskFacts, today: date) -> list[Finding]:
    """An extension is asked before the deadline it extends, moves it later, and is
    approved only by a decision taken after the request."""
    out = []
    for e in t.extensions:
        if e.previous_deadline is not None and e.requested_on > e.previous_deadline:
            out.append(_task(t, "extension_order", e.uuid,
                             f"延期申请日 {e.requested_on.isoformat()} 晚于原时限 "
                             f"{e.previous_deadline.isoformat()}。",
                             f"extension requested on {e.requested_on.isoformat()}, after "
                             f"the deadline {e.previous_deadline.isoformat()}."))
        if e.previous_deadline is not None and e.new_deadline <= e.previous_deadline:
            out.append(_task(t, "extension_order", e.uuid, "延期后的时限不晚于原时限。",
                             "the extended deadline is not after the previous one."))
        if e.approved and (e.decided_on is None or e.decided_on < e.requested_on):
            out.append(_task(t, "extension_order", e.uuid,
                             "延期已批准，但没有申请之后的市级审核日期。",
                             "the extension is approved without a city decision after "
                             "the request."))
    return out


def revisit_order(t: TaskFacts, today: date) -> list[Finding]:
    """A revisit (回头看) follows the close-out and is not recorded before it happens."""
    out = []
    first = min(t.approved_closeouts, default=None)
    for r in t.revisits:
        if first is None:
            out.append(_task(t, "revisit_order", r.uuid, "有回头看安排，但任务从未销号。",
                             "a revisit is scheduled but the task was never closed out."))
            continue
        if r.done_on is not None and (r.done_on < first or r.done_on > today):
            out.append(_task(t, "revisit_order", r.uuid,
                             f"回头看完成日 {r.done_on.isoformat()} 不在销号（{first.isoformat()}）"
                             f"之后、今天之前。",
                             f"revisit done on {r.done_on.isoformat()}, not between the "
                             f"close-out ({first.isoformat()}) and today."))
    return out


def dates_not_future(t: TaskFacts, today: date) -> list[Finding]:
    """Nothing is done, checked or decided after today."""
    out = []
    for m in t.measures:
        if m.done_on is not None and m.done_on > today:
            out.append(_task(t, "future_date", t.uuid,
                             f"第 {m.seq} 项措施的完成日 {m.done_on.isoformat()} 在今天之后。",
                             f"measure {m.seq} is done on {m.done_on.isoformat()}, after today."))
    for d, _ in t.acceptances:
        if d > today:
            out.append(_task(t, "future_date", t.uuid, f"验收日 {d.isoformat()} 在今天之后。",
                             f"acceptance dated {d.isoformat()}, after today."))
    return out


def _petition(p: PetitionFacts, rule: str, zh: str, en: str) -> Finding:
    return Finding(rule, p.unit_code, p.uuid,
                   Msg(f"信访件 {p.case_no}：{zh}", f"Petition {p.case_no}: {en}"))


def petition_in_round(p: PetitionFacts, today: date) -> list[Finding]:
    """The inspection team receives petitions while it is on site."""
    start, end = p.onsite
    if p.received is None or start is None or end is None or start <= p.received <= end:
        return []
    return [_petition(p, "petition_outside_round",
                      f"受理日 {p.received.isoformat()} 不在督察进驻期 {start.isoformat()}"
                      f"至 {end.isoformat()} 内。",
                      f"received on {p.received.isoformat()}, outside the on-site period "
                      f"{start.isoformat()} to {end.isoformat()}.")]


def unfounded_not_rectified(p: PetitionFacts, today: date) -> list[Finding]:
    """A petition found 不属实 has nothing to rectify."""
    if p.substantiated != UNFOUNDED or p.rectification_status != "in_progress":
        return []
    return [_petition(p, "unfounded_in_rectification", "经核查不属实，却仍在整改中。",
                      "found unsubstantiated, yet still in rectification.")]


def petition_dates(p: PetitionFacts, today: date) -> list[Finding]:
    """A petition is closed after it was received and not in the future; its revisits
    follow its closing."""
    out = []
    if p.closed_on is not None and (
            (p.received is not None and p.closed_on < p.received) or p.closed_on > today):
        out.append(_petition(p, "petition_dates",
                             f"办结日 {p.closed_on.isoformat()} 不在受理之后、今天之前。",
                             f"closed on {p.closed_on.isoformat()}, not between receipt "
                             f"and today."))
    for r in p.revisits:
        if r.done_on is not None and (
                p.closed_on is None or r.done_on < p.closed_on or r.done_on > today):
            out.append(_petition(p, "petition_dates",
                                 f"回访核查完成日 {r.done_on.isoformat()} 不在办结之后、今天之前。",
                                 f"revisit done on {r.done_on.isoformat()}, not between the "
                                 f"closing and today."))
    return out


TASK_RULES: tuple[Callable[[TaskFacts, date], list[Finding]], ...] = (
    measure_after_acceptance, closed_out_incomplete, extension_order, revisit_order,
    dates_not_future)
PETITION_RULES: tuple[Callable[[PetitionFacts, date], list[Finding]], ...] = (
    petition_in_round, unfounded_not_rectified, petition_dates)


def check_all(tasks: Iterable[TaskFacts], petitions: Iterable[PetitionFacts],
              today: date) -> list[Finding]:
    out: list[Finding] = []
    for t in tasks:
        for rule in TASK_RULES:
            out += rule(t, today)
    for p in petitions:
        for prule in PETITION_RULES:
            out += prule(p, today)
    return out
