"""A task's own history, read from the audit log: the task and every record that ever
hung off it (including deleted ones, found through their insert entries)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import AuditEntry
from desktop.i18n import Msg

TABLE_LABELS: dict[str, tuple[str, str]] = {
    "task": ("任务", "Task"),
    "problem": ("问题清单", "Problem list"),
    "measure": ("措施清单", "Measure list"),
    "responsibility": ("责任清单", "Responsibility list"),
    "effect": ("效果清单", "Effect list"),
    "progress": ("月度进展", "Progress"),
    "evidence": ("佐证材料", "Evidence"),
    "acceptance": ("自查验收", "Self-check"),
    "city_acceptance": ("市级验收", "City acceptance"),
    "public_notice": ("销号公示", "Public notice"),
    "notice_objection": ("公示异议", "Notice objection"),
    "closeout_request": ("销号申请", "Close-out request"),
    "closeout_decision": ("销号决定", "Close-out decision"),
    "extension": ("延期", "Extension"),
    "revisit": ("回头看", "Revisit"),
    "petition": ("信访件", "Petition"),
    "period_declaration": ("月报声明", "Monthly declaration"),
    "indicator_value": ("指标数值", "Indicator value"),
    "org_unit": ("单位", "Unit"),
    "inspection_round": ("督察批次", "Inspection round"),
    "indicator": ("指标", "Indicator"),
    "period_lock": ("月份锁定", "Period lock"),
}


def table_label(name: str) -> Msg:
    """A table's name as the clerk knows it (the table name itself if unknown)."""
    zh, en = TABLE_LABELS.get(name, (name, name))
    return Msg(zh, en)


@dataclass(frozen=True)
class HistoryRow:
    seq: int
    at: str
    actor: str
    action: str  # insert | update | delete | event
    table: str
    field: str
    old: str
    new: str


def _plain(value: str | None) -> str:
    """Audit values are JSON; show strings without quotes and records as key: value."""
    if value is None:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if isinstance(data, dict):
        keep = {k: v for k, v in data.items() if k not in {"uuid", "owner", "task_uuid"} and v}
        return "；".join(f"{k}: {v}" for k, v in keep.items())
    return "" if data is None else str(data)


def task_history(session: Session, task_uuid: str, limit: int = 2000) -> list[HistoryRow]:
    """Newest first.  Children are found by the task_uuid in their insert entry."""
    # The audit dump writes JSON with sort_keys and ", " / ": " separators.
    marker = f'"task_uuid": {json.dumps(task_uuid)}'
    children = select(AuditEntry.record_uuid).where(
        AuditEntry.action == "insert", AuditEntry.new.contains(marker)
    )
    q = (
        select(AuditEntry)
        .where(or_(AuditEntry.record_uuid == task_uuid, AuditEntry.record_uuid.in_(children)))
        .order_by(AuditEntry.seq.desc())
        .limit(limit)
    )
    return [
        HistoryRow(e.seq, e.at, e.actor, e.action, e.table_name, e.field,
                   _plain(e.old), _plain(e.new))
        for e in session.scalars(q)
    ]
