"""What the city will see as missing in a county's packet for a month: checked before
the packet leaves (the export dialog and ``rectdesk packet export`` show the same
list) and, when the clerk sends anyway, recorded in the packet as ``open_items``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Effect, Evidence, Measure, Progress, Task
from desktop.domain import periods
from desktop.domain.status import Status
from desktop.i18n import Msg, UserError, language
from desktop.services.reporting import declaration

# kind → the task window's tab where the clerk fixes it
TABS = {"progress": "progress", "measure": "measure", "effect": "effect",
        "closeout": "closeout"}


@dataclass(frozen=True)
class OpenItem:
    kind: str  # progress | measure | effect | closeout
    task_uuid: str
    task_number: int
    task_title: str
    zh: str
    en: str

    @property
    def text(self) -> str:
        return self.en if language() == "en" else self.zh

    @property
    def tab(self) -> str:
        return TABS[self.kind]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _short(text: str, n: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def open_items(session: Session, unit_code: str, period: str, today: date) -> list[OpenItem]:
    """Tasks of ``unit_code`` without progress for ``period`` (unless the month is
    declared "no change"), measures past their planned date and not done, effects
    with a value but no evidence, close-out requests without any evidence; in task
    order."""
    if not periods.is_period(period):
        raise UserError(Msg(f"月份无效：{period}", f"Invalid period: {period}"))
    tasks = {t.uuid: t for t in session.scalars(
        select(Task).where(Task.unit_code == unit_code, Task.status != Status.CLOSED_OUT.value))}
    items: list[OpenItem] = []

    def add(kind: str, task: Task, zh: str, en: str) -> None:
        items.append(OpenItem(kind, task.uuid, task.number, task.title, zh, en))

    month_declared, _note = declaration(session, unit_code, period)
    if not month_declared:
        reported = set(session.scalars(select(Progress.task_uuid).where(
            Progress.period == period)))
        for t in tasks.values():
            if t.uuid not in reported:
                add("progress", t, f"{period} 未填写进展", f"no progress for {period}")
    for m in session.scalars(select(Measure).where(
            Measure.task_uuid.in_(tasks), Measure.planned_date < today,
            Measure.status != "done", Measure.done_date.is_(None))):
        t, d = tasks[m.task_uuid], m.planned_date
        assert d is not None
        add("measure", t,
            f"措施逾期未完成（计划 {d.year}年{d.month}月{d.day}日）：{_short(m.description)}",
            f"measure past its date ({d.isoformat()}): {_short(m.description)}")
    with_evidence = set(session.scalars(select(Evidence.effect_uuid).where(
        Evidence.effect_uuid.is_not(None))))
    for e in session.scalars(select(Effect).where(
            Effect.task_uuid.in_(tasks), Effect.achieved.is_not(None))):
        if e.uuid not in with_evidence:
            add("effect", tasks[e.task_uuid], f"效果无佐证材料：{_short(e.indicator)}",
                f"effect without evidence: {_short(e.indicator)}")
    evidenced_tasks = set(session.scalars(select(Evidence.task_uuid).where(
        Evidence.task_uuid.in_(tasks))))
    for t in tasks.values():
        if t.status == Status.CLOSEOUT_REQUESTED.value and t.uuid not in evidenced_tasks:
            add("closeout", t, "申请销号但未附佐证材料", "close-out requested without evidence")
    order = {"progress": 0, "measure": 1, "effect": 2, "closeout": 3}
    items.sort(key=lambda i: (i.task_number, order[i.kind]))
    return items


def as_json(items: list[OpenItem]) -> list[dict[str, Any]]:
    return [i.to_json() for i in items]


def summary(items: list[OpenItem]) -> str:
    """One line for the clerk: how many of each kind."""
    names = {"progress": ("未填进展", "without progress"), "measure": ("措施逾期", "measures late"),
             "effect": ("效果无佐证", "effects without evidence"),
             "closeout": ("销号缺材料", "close-outs without evidence")}
    en = language() == "en"
    parts = []
    for kind, (zh_name, en_name) in names.items():
        n = sum(1 for i in items if i.kind == kind)
        if n:
            parts.append(f"{n} {en_name}" if en else f"{zh_name} {n} 项")
    return ("; " if en else "，").join(parts)
