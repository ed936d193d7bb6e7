"""A task's own history, read from the audit log: the task and every record that ever
hung off it (including deleted ones, found through their insert entries)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.labels import TABLE_LABELS
from db.models import AuditEntry, CloseoutRequest, Effect, Measure, Petition, Record
from desktop.i18n import Msg


def table_label(name: str) -> Msg:
    """A table's name as the clerk knows it (the table name itself if unknown)."""
    zh, en = TABLE_LABELS.get(name, (name, name))
    return Msg(zh, en)


# Who wrote an entry, as the audit log names it → as a clerk reads it.
ACTOR_LABELS: dict[str, tuple[str, str]] = {
    "clerk": ("本机经办人", "this desk's clerk"),
    "demo": ("演示数据", "demo data"),
    "init": ("建立台账", "ledger set-up"),
    "import": ("导入报送包", "packet import"),
    "packet": ("生成报送包", "packet export"),
    "excel-import": ("Excel 台账导入", "Excel import"),
    "key": ("密钥管理", "key management"),
    "trust": ("信任管理", "trust management"),
    "city-review": ("市级审核", "city review"),
    "city": ("市级", "city"),
    "system": ("系统", "system"),
}

# A link to another record is shown by that record's name, never its uuid.
LINKS: dict[str, tuple[type[Record], str]] = {
    "effect_uuid": (Effect, "indicator"),
    "measure_uuid": (Measure, "description"),
    "petition_uuid": (Petition, "case_no"),
    "request_uuid": (CloseoutRequest, "requested_on"),
}
_HIDDEN = {"uuid", "owner", "task_uuid", "round_uuid", "revision", "updated_at"}


LINK_LABELS: dict[str, tuple[str, str]] = {
    "effect_uuid": ("关联效果指标", "linked effect"),
    "measure_uuid": ("关联措施", "linked measure"),
    "petition_uuid": ("关联信访件", "linked petition"),
    "request_uuid": ("销号申请", "close-out request"),
}


# Fields of records the task window shows outside its tables (a table's own columns
# are labelled by the window).
FIELD_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "evidence": {"name": ("文件名", "file"), "caption": ("说明", "caption"),
                 "media_type": ("文件类型", "type"), "size": ("大小（字节）", "size (bytes)"),
                 "sha256": ("校验值", "checksum")},
    "acceptance": {"checked_on": ("验收日期", "checked on"), "inspector": ("验收人", "inspector"),
                   "opinion": ("验收意见", "opinion"), "passed": ("验收通过", "passed")},
    "closeout_request": {"requested_on": ("申请日期", "requested on"),
                         "requested_by": ("申请单位", "requested by"), "note": ("说明", "note")},
    "closeout_decision": {"decided_on": ("决定日期", "decided on"),
                          "approved": ("批准", "approved"),
                          "closeout_number": ("销号编号", "close-out number"),
                          "reasons": ("退回理由", "reasons"), "decided_by": ("决定单位", "by")},
    "task": {"status": ("状态", "status"), "deadline": ("整改时限", "deadline"),
             "title": ("任务名称", "title"), "target": ("整改目标", "target")},
}


def link_label(field: str, table: str = "") -> str | None:
    """The label of a field that links to another record, or of a field of a record
    outside the window's tables; None when the window knows it."""
    pair = LINK_LABELS.get(field) or FIELD_LABELS.get(table, {}).get(field)
    return str(Msg(*pair)) if pair else None


def actor_label(actor: str) -> str:
    """The door names a person's act ``login@desk`` (services.door.Ledger.actor)."""
    if "@" in actor and actor not in ACTOR_LABELS:
        person, _, desk = actor.rpartition("@")
        return str(Msg(f"{person}（{desk}台账）", f"{person} ({desk} desk)"))
    zh, en = ACTOR_LABELS.get(actor, (actor, actor))
    return str(Msg(zh, en))


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


def _value(value: object) -> str:
    if isinstance(value, bool):
        return str(Msg("是", "yes")) if value else str(Msg("否", "no"))
    return "" if value is None else str(value)


class _Names:
    """Linked records' names, looked up once per history."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[tuple[str, str], str] = {}

    def __call__(self, field: str, uuid: object) -> str:
        if not isinstance(uuid, str) or not uuid:
            return ""
        key = (field, uuid)
        if key not in self.cache:
            model, attr = LINKS[field]
            obj = self.session.get(model, uuid)
            name = _value(getattr(obj, attr)) if obj is not None else ""
            if len(name) > 30:
                name = name[:29] + "…"
            self.cache[key] = name or str(Msg("（已删除的记录）", "(a deleted record)"))
        return self.cache[key]


def _plain(value: str | None, names: _Names, field: str = "") -> str:
    """Audit values are JSON; show strings without quotes, yes/no for flags, linked
    records by name, and whole records as key: value."""
    if value is None:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if isinstance(data, dict):
        parts = []
        for k, v in data.items():
            if k in _HIDDEN or (k.endswith("_uuid") and k not in LINKS):
                continue
            if v is None or v == "" or v is False:
                continue  # empty fields and unset flags say nothing about a new record
            parts.append(f"{k}: {names(k, v) if k in LINKS else _value(v)}")
        return "；".join(parts)
    if field in LINKS:
        return names(field, data)
    return _value(data)


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
    names = _Names(session)
    return [
        HistoryRow(e.seq, e.at, actor_label(e.actor), e.action, e.table_name, e.field,
                   _plain(e.old, names, e.field), _plain(e.new, names, e.field))
        for e in session.scalars(q)
    ]
