"""The audit log: every change to a record, hash-chained, written by the same flush
(and so the same transaction) as the change itself.

Nothing has to remember to call it: a ``before_flush`` hook on every session walks
the new, changed and deleted records.  ``verify`` recomputes the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, event, insert, inspect, select, update
from sqlalchemy.orm import Session

from db.models import AuditEntry, AuditHead, Record

GENESIS = "0" * 64
_SKIP = {"updated_at", "revision"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True, default=str)


def entry_hash(prev: str, fields: dict[str, Any]) -> str:
    body = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev + "\n" + body).encode()).hexdigest()


_HASHED = {
    "seq": "seq",
    "at": "at",
    "actor": "actor",
    "desk": "desk_code",
    "action": "action",
    "table": "table_name",
    "uuid": "record_uuid",
    "field": "field",
    "old": "old",
    "new": "new",
}


def _hashed_fields(e: AuditEntry | dict[str, Any]) -> dict[str, Any]:
    if isinstance(e, dict):
        return {k: e[c] for k, c in _HASHED.items()}
    return {k: getattr(e, c) for k, c in _HASHED.items()}


def record_values(obj: Record) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {c.key: _plain(getattr(obj, c.key)) for c in mapper.column_attrs if c.key not in _SKIP}


class _Chain:
    """Appends entries for one flush.  Rows go in with one executemany on the flush's
    own connection: thousands of ORM objects for the log would double an import's cost."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.conn = session.connection()
        # The head as this transaction last wrote it: a replay of thousands of acts
        # flushes thousands of times, and need not read it back each time.
        head = session.info.get("audit_head") or self.conn.execute(
            select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)
        ).first()
        self.had_head = head is not None
        self.seq = head[0] if head else 0
        self.hash = head[1] if head else GENESIS
        self.rows: list[dict[str, Any]] = []
        info = session.info
        self.at = info.get("now_text") or datetime.now().astimezone().isoformat(timespec="seconds")
        self.actor = info.get("actor", "system")
        self.desk = info.get("desk_code", "")

    def append(
        self, action: str, table: str, uuid: str, field: str, old: str | None, new: str | None
    ) -> None:
        self.seq += 1
        row = {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "desk_code": self.desk,
            "action": action,
            "table_name": table,
            "record_uuid": uuid,
            "field": field,
            "old": old,
            "new": new,
            "prev_hash": self.hash,
        }
        row["hash"] = self.hash = entry_hash(self.hash, _hashed_fields(row))
        self.rows.append(row)

    def close(self) -> None:
        if not self.rows:
            return
        self.conn.execute(insert(AuditEntry), self.rows)
        if self.had_head:
            self.conn.execute(
                update(AuditHead).where(AuditHead.id == 1).values(seq=self.seq, hash=self.hash)
            )
        else:
            self.conn.execute(insert(AuditHead).values(id=1, seq=self.seq, hash=self.hash))
        self.session.info["audit_head"] = (self.seq, self.hash)


def rewrite_as_inserts(session: Session, records: Iterable[Record]) -> None:
    """Replace the whole log by one insert entry per record, in a new chain: a county
    demo replays the city's year and keeps only its own part, and its history shows
    that part as made, not the other counties' records it never held."""
    conn = session.connection()
    conn.execute(delete(AuditEntry))
    conn.execute(delete(AuditHead))
    session.info.pop("audit_head", None)
    chain = _Chain(session)
    for obj in records:
        chain.append("insert", obj.__tablename__, obj.uuid, "*", None, _dump(record_values(obj)))
    chain.close()


def log_event(session: Session, table: str, uuid: str, what: str, detail: Any = None) -> None:
    """An audited happening that is not a field change (a print, an export, an import)."""
    session.info.setdefault("pending_events", []).append((table, uuid, what, _dump(detail)))


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get("audit_off"):
        return
    events = session.info.pop("pending_events", [])
    new = [o for o in session.new if isinstance(o, Record)]
    dirty = [o for o in session.dirty if isinstance(o, Record) and session.is_modified(o)]
    deleted = [o for o in session.deleted if isinstance(o, Record)]
    if not (new or dirty or deleted or events):
        return
    chain = _Chain(session)
    now = datetime.now().astimezone().replace(microsecond=0)
    owner = session.info.get("desk_code", "")
    for obj in new:
        if not obj.owner:
            obj.owner = owner
        obj.revision = obj.revision or 1
        obj.updated_at = obj.updated_at or now
        chain.append("insert", obj.__tablename__, obj.uuid, "*", None, _dump(record_values(obj)))
    for obj in dirty:
        state = inspect(obj)
        changed = False
        for attr in state.mapper.column_attrs:
            if attr.key in _SKIP:
                continue
            hist = state.attrs[attr.key].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new_v = hist.added[0] if hist.added else None
            if _plain(old) == _plain(new_v):
                continue
            changed = True
            chain.append("update", obj.__tablename__, obj.uuid, attr.key, _dump(old), _dump(new_v))
        if changed:
            # An import may set revision and time from the sending desk; keep them then.
            if not state.attrs["revision"].history.has_changes():
                obj.revision = (obj.revision or 0) + 1
            if not state.attrs["updated_at"].history.has_changes():
                obj.updated_at = now
    for obj in deleted:
        chain.append("delete", obj.__tablename__, obj.uuid, "*", _dump(record_values(obj)), None)
    for table, uuid, what, detail in events:
        chain.append("event", table, uuid, what, None, detail)
    chain.close()


def _forget_head(session: Session, *_args: Any) -> None:
    """The cached head holds for one transaction only (another may write next)."""
    session.info.pop("audit_head", None)


def install(session_class: type[Session] | Any) -> None:
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
        event.listen(session_class, "after_commit", _forget_head)
        event.listen(session_class, "after_soft_rollback", _forget_head)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    head: str
    problem_seq: int | None = None
    problem: str = ""  # edited | broken_link | gap | head_mismatch


def verify(session: Session) -> ChainReport:
    prev = GENESIS
    expected_seq = 1
    count = 0
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
    for e in rows:
        count += 1
        if e.seq != expected_seq:
            return ChainReport(False, count, prev, e.seq, "gap")
        if e.prev_hash != prev:
            return ChainReport(False, count, prev, e.seq, "broken_link")
        if entry_hash(prev, _hashed_fields(e)) != e.hash:
            return ChainReport(False, count, prev, e.seq, "edited")
        prev = e.hash
        expected_seq += 1
    head_seq, head_hash = head(session)
    if (head_seq, head_hash) != ((count, prev) if count else (0, GENESIS)):
        return ChainReport(False, count, prev, count, "head_mismatch")
    return ChainReport(True, count, prev)


def head(session: Session) -> tuple[int, str]:
    """(seq, hash) of the chain's last entry.  Read with a plain query: the rows are
    written outside the ORM's identity map, so a cached object could be stale."""
    h = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).first()
    return (h[0], h[1]) if h else (0, GENESIS)
