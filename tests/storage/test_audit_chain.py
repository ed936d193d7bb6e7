"""The audit log: written with each change, chained, and any tampering detected."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from db import audit
from db.models import AuditEntry, Measure
from desktop.services import records
from desktop.services.desk import DeskContext


def _tamper(ctx: DeskContext, sql: str) -> None:
    ctx.store.dispose()
    conn = sqlite3.connect(ctx.paths.database)
    conn.execute(sql)
    conn.commit()
    conn.close()


def _verify(ctx: DeskContext) -> audit.ChainReport:
    with ctx.store.read() as s:
        return audit.verify(s)


def test_edit_is_logged_with_old_and_new(county_demo: DeskContext) -> None:
    with county_demo.store.read() as s:
        m = s.scalars(select(Measure).where(Measure.owner == county_demo.code)).first()
        assert m is not None
        uuid, old = m.uuid, m.description
        old_rev = m.revision
    with county_demo.store.write(actor="张三") as s:
        records.set_fields(s, Measure, uuid, county_demo.code, {"description": "新的措施内容"})
    with county_demo.store.read() as s:
        e = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert e is not None
        assert (e.actor, e.action, e.record_uuid, e.field) == (
            "张三",
            "update",
            uuid,
            "description",
        )
        assert old in (e.old or "") and "新的措施内容" in (e.new or "")
        assert s.get(Measure, uuid).revision == old_rev + 1  # type: ignore[union-attr]
    assert _verify(county_demo).ok


def test_failed_edit_leaves_no_audit_row(county_demo: DeskContext) -> None:
    before = _verify(county_demo).entries
    try:
        with county_demo.store.write() as s:
            m = s.scalars(select(Measure)).first()
            m.description = "不会保存"  # type: ignore[union-attr]
            s.flush()
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert _verify(county_demo).entries == before


def test_edited_row_detected(county_demo: DeskContext) -> None:
    assert _verify(county_demo).ok
    _tamper(county_demo, "UPDATE audit_log SET new = '\"假\"' WHERE seq = 10")
    r = _verify(county_demo)
    assert not r.ok and r.problem == "edited" and r.problem_seq == 10


def test_deleted_row_detected(county_demo: DeskContext) -> None:
    _tamper(county_demo, "DELETE FROM audit_log WHERE seq = 20")
    r = _verify(county_demo)
    assert not r.ok and r.problem == "gap"


def test_row_inserted_out_of_chain_detected(county_demo: DeskContext) -> None:
    _tamper(county_demo, "UPDATE audit_log SET seq = seq + 1000000 WHERE seq > 30")
    _tamper(county_demo, "UPDATE audit_log SET seq = seq - 999999 WHERE seq > 1000000")
    _tamper(
        county_demo,
        "INSERT INTO audit_log SELECT 31, at, actor, desk_code, action, table_name, record_uuid,"
        " field, old, new, hash, hash FROM audit_log WHERE seq = 30",
    )
    r = _verify(county_demo)
    assert not r.ok and r.problem_seq in (31, 32)


def test_cut_tail_detected(county_demo: DeskContext) -> None:
    _tamper(county_demo, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
    r = _verify(county_demo)
    assert not r.ok and r.problem == "head_mismatch"
