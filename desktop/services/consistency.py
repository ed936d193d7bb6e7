"""Run the domain's consistency rules (domain/consistency) over a ledger: gather each
task's and petition's facts in a few whole-table reads, then ask every rule."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Acceptance,
    CloseoutDecision,
    Effect,
    Extension,
    InspectionRound,
    Measure,
    Petition,
    Progress,
    Revisit,
    Task,
)
from desktop.domain import consistency as rules


def gather(s: Session) -> tuple[list[rules.TaskFacts], list[rules.PetitionFacts]]:
    measures: dict[str, list[rules.MeasureF]] = defaultdict(list)
    for m in s.scalars(select(Measure).order_by(Measure.seq)):
        measures[m.task_uuid].append(rules.MeasureF(m.seq, m.done_date))
    effects: dict[str, list[rules.EffectF]] = defaultdict(list)
    for e in s.scalars(select(Effect).order_by(Effect.seq)):
        effects[e.task_uuid].append(
            rules.EffectF(e.indicator, e.achieved, e.target, e.higher_is_better))
    acceptances: dict[str, list[tuple[date, bool]]] = defaultdict(list)
    for a in s.scalars(select(Acceptance)):
        acceptances[a.task_uuid].append((a.checked_on, a.passed))
    percent: dict[str, tuple[str, float | None]] = {}
    for task_uuid, period, pct in s.execute(
            select(Progress.task_uuid, Progress.period, Progress.percent)):
        if task_uuid not in percent or period > percent[task_uuid][0]:
            percent[task_uuid] = (period, pct)
    approved: dict[str, list[date]] = defaultdict(list)
    for d in s.scalars(select(CloseoutDecision).where(CloseoutDecision.approved.is_(True))):
        approved[d.task_uuid].append(d.decided_on)
    extensions: dict[str, list[rules.ExtensionF]] = defaultdict(list)
    for x in s.scalars(select(Extension)):
        extensions[x.task_uuid].append(rules.ExtensionF(
            x.uuid, x.requested_on, x.previous_deadline, x.new_deadline, x.approved,
            x.decided_on))
    task_revisits: dict[str, list[rules.RevisitF]] = defaultdict(list)
    petition_revisits: dict[str, list[rules.RevisitF]] = defaultdict(list)
    for r in s.scalars(select(Revisit)):
        f = rules.RevisitF(r.uuid, r.due_date, r.done_date)
        if r.task_uuid:
            task_revisits[r.task_uuid].append(f)
        elif r.petition_uuid:
            petition_revisits[r.petition_uuid].append(f)
    tasks = [
        rules.TaskFacts(
            uuid=t.uuid, number=t.number, unit_code=t.unit_code, status=t.status,
            measures=measures[t.uuid], effects=effects[t.uuid],
            acceptances=acceptances[t.uuid],
            last_percent=percent[t.uuid][1] if t.uuid in percent else None,
            approved_closeouts=approved[t.uuid], extensions=extensions[t.uuid],
            revisits=task_revisits[t.uuid])
        for t in s.scalars(select(Task).order_by(Task.unit_code, Task.number))]
    onsite = {r.uuid: (r.onsite_start, r.onsite_end) for r in s.scalars(select(InspectionRound))}
    petitions = [
        rules.PetitionFacts(
            uuid=p.uuid, case_no=p.case_no, unit_code=p.unit_code, received=p.received_date,
            onsite=onsite.get(p.round_uuid or "", (None, None)),
            substantiated=p.substantiated, rectification_status=p.rectification_status,
            closed_on=p.closed_on, revisits=petition_revisits[p.uuid])
        for p in s.scalars(select(Petition).order_by(Petition.case_no))]
    return tasks, petitions


def check(s: Session, today: date) -> list[rules.Finding]:
    tasks, petitions = gather(s)
    return rules.check_all(tasks, petitions, today)
