"""Finding a task by the number a clerk types: the one place numbers are resolved.

A task number is unique only within an inspection round (督察轮次) and, on a city
desk, within a unit.  With one round a number means what it always did; with
several the clerk must say which round (``--round``): a number held by two rounds
is never resolved by guessing, and neither is one held by a single round while
another round is on the desk (the clerk may be thinking of the other plan)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import InspectionRound, Task
from desktop.domain.plan import round_title
from desktop.i18n import Msg, UserError
from desktop.services.rounds import find_round


def task_number(task_no: int | str) -> int:
    try:
        return int(str(task_no).strip())
    except ValueError:
        raise UserError(Msg(f"任务编号“{task_no}”无效，应为数字。",
                            f"Invalid task number “{task_no}”.")) from None


def rounds_held(session: Session, unit: str | None = None) -> list[InspectionRound]:
    """The rounds that hold tasks (of ``unit``), in feedback order."""
    q = select(Task.round_uuid).distinct()
    if unit:
        q = q.where(Task.unit_code == unit)
    ids = set(session.scalars(q))
    rows = session.scalars(select(InspectionRound).where(InspectionRound.uuid.in_(ids)))
    return sorted(rows, key=lambda r: (r.feedback_date is not None, r.feedback_date, r.name))


def round_list(rows: list[InspectionRound], lang: str = "zh") -> str:
    return "\n".join(f"  {r.uuid[:8]}  {round_title(r.name, r.kind, lang)}" for r in rows)


def find_task(session: Session, task_no: int | str, *, unit: str | None = None,
              round_ref: str | None = None) -> Task:
    """The task numbered ``task_no`` (of ``unit``; in round ``round_ref``, an id, its
    first 8 characters or the round's name).  Refuses, naming the choices, when the
    number does not say which task."""
    number = task_number(task_no)
    q = select(Task).where(Task.number == number)
    where_zh, where_en = "", ""
    if round_ref:
        rnd = find_round(session, round_ref)
        q = q.where(Task.round_uuid == rnd.uuid)
        where_zh, where_en = f"（{rnd.name}）", f" in round {rnd.name}"
    else:
        held = rounds_held(session, unit)
        if len(held) > 1:
            raise UserError(Msg(
                f"台账中有 {len(held)} 个督察轮次，各轮次的任务编号各自从 1 起，"
                f"请用 --round 指明第 {number} 号任务属于哪一轮（编号或名称）：\n"
                + round_list(held),
                f"The ledger holds {len(held)} inspection rounds, each numbering its tasks "
                f"from 1: say which round task {number} is in with --round (id or name):\n"
                + round_list(held, "en")))
    if unit:
        q = q.where(Task.unit_code == unit)
        where_zh, where_en = f"{where_zh}（单位 {unit}）", f"{where_en} for unit {unit}"
    tasks = session.scalars(q.order_by(Task.unit_code)).all()
    if not tasks:
        raise UserError(Msg(f"没有编号为 {number} 的整改任务{where_zh}。",
                            f"There is no task number {number}{where_en}."))
    if len(tasks) > 1:
        codes = "、".join(t.unit_code for t in tasks[:30])
        raise UserError(Msg(
            f"编号 {number} 的任务在 {len(tasks)} 个单位都有，请用 --unit 指定单位代码：{codes}",
            f"Task {number} exists for {len(tasks)} units; choose one with --unit: {codes}",
        ))
    return tasks[0]
