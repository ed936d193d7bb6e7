"""The task list edited by the city (issue 11, point 3): catalogue add / edit on the
command line, idempotent saves, a changed plan's measures reaching the copies (at the
city and, by packet, at a county desk made with init), and a unit taken out of a task."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Measure, Task
from desktop.domain.plan import Deadline
from desktop.packets.merge import Merger, PacketMerge
from desktop.packets.scope import city_snapshot
from desktop.packets.wire import decode_row, table_of
from desktop.services import catalogue
from desktop.services.catalogue import CatalogueTask
from desktop.services.desk import DeskContext, init_desk
from desktop.services.ledger import task_rows
from tests.helpers import dump
from tests.plan.test_catalogue_cli import ROWS, city, run
from tests.plan.workbooks import published

JX, LC, DEPT = "130602", "130606", "130671"


def audit_rows(home: Path) -> int:
    conn = sqlite3.connect(home / "ledger.sqlite3")
    try:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    finally:
        conn.close()


def measures(home: Path, number: int, unit: str) -> list[tuple[int, str]]:
    conn = sqlite3.connect(home / "ledger.sqlite3")
    try:
        return conn.execute("SELECT m.seq, m.description FROM measure m JOIN task t ON "
                            "t.uuid = m.task_uuid WHERE t.number = ? AND t.unit_code = ? "
                            "ORDER BY m.seq", (number, unit)).fetchall()
    finally:
        conn.close()


# --- the command line ----------------------------------------------------------------------

def test_catalogue_add_and_edit(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    rid = city(capsys, home)
    code, out, err = run(capsys, home, "catalogue", "add", "--round", rid, "--number", "7",
                         "--problem", "河道垃圾问题。", "--target", "河道清洁",
                         "--measure", "清理垃圾", "--measure", "建立巡查", "--lead", "市生态环境局",
                         "--deadline", "2027-06-30", "--all-units")
    assert code == 0, err
    assert measures(home, 7, JX) == [(1, "清理垃圾"), (2, "建立巡查")]
    conn = sqlite3.connect(home / "ledger.sqlite3")
    got = conn.execute("SELECT unit_code, title, target, lead_unit_code, deadline, ongoing "
                       "FROM task WHERE number = 7 ORDER BY unit_code").fetchall()
    conn.close()
    assert got == [(JX, "河道垃圾问题", "河道清洁", DEPT, "2027-06-30", 0),
                   (LC, "河道垃圾问题", "河道清洁", DEPT, "2027-06-30", 0)]

    # Refusals: exit 1, the clerk's words, the data exactly as it was.
    before = dump(home / "ledger.sqlite3")
    for argv, words in (
        (("add", "--round", rid, "--number", "7", "--problem", "x", "--ongoing",
          "--units", JX), "已有第 7 号任务"),
        (("add", "--round", rid, "--number", "8", "--problem", "x", "--deadline", "尽快",
          "--units", JX), "整改时限“尽快”无法识别"),
        (("add", "--round", rid, "--number", "0", "--problem", "x", "--ongoing",
          "--units", JX), "序号“0”应为正整数"),
        (("add", "--round", rid, "--number", "8", "--problem", " ", "--ongoing",
          "--responsible", "满城区"), "问题不能为空"),
        (("add", "--round", rid, "--number", "8", "--problem", "x", "--ongoing",
          "--responsible", "满城区"), "责任单位“满城区”不在本市单位名单中"),
        (("edit", "9", "--target", "x"), "没有第 9 号任务"),
    ):
        code, _, err = run(capsys, home, "catalogue", *argv)
        assert code == 1 and words in err, (argv, err)
        assert "Traceback" not in err
    assert dump(home / "ledger.sqlite3") == before

    # Edit: only the fields given change (one round: --round may be left out).
    code, out, err = run(capsys, home, "catalogue", "edit", "7", "--target", "河道长效清洁")
    assert code == 0, err
    conn = sqlite3.connect(home / "ledger.sqlite3")
    got = conn.execute("SELECT unit_code, title, target, lead_unit_code, deadline FROM task "
                       "WHERE number = 7 ORDER BY unit_code").fetchall()
    conn.close()
    assert got == [(JX, "河道垃圾问题", "河道长效清洁", DEPT, "2027-06-30"),
                   (LC, "河道垃圾问题", "河道长效清洁", DEPT, "2027-06-30")]
    assert measures(home, 7, JX) == [(1, "清理垃圾"), (2, "建立巡查")]
    # The same edit again: nothing changes, nothing audited.
    before, audited = dump(home / "ledger.sqlite3"), audit_rows(home)
    code, out, _ = run(capsys, home, "catalogue", "edit", "7", "--target", "河道长效清洁")
    assert code == 0 and "没有变化" in out
    assert dump(home / "ledger.sqlite3") == before and audit_rows(home) == audited
    # Ongoing, then one unit only: the other's copy is withdrawn.
    code, out, _ = run(capsys, home, "catalogue", "edit", "7", "--ongoing", "--units", JX)
    assert code == 0 and f"{LC} 不再适用" in out
    code, out, _ = run(capsys, home, "tasks", "list", "--json")
    assert [(t["number"], t["unit_code"]) for t in __import__("json").loads(out)] == [(7, JX)]


def test_reimport_writes_no_audit(capsys: pytest.CaptureFixture[str], home: Path,
                                  tmp_path: Path) -> None:
    rid = city(capsys, home)
    book = published(tmp_path / "plan.xlsx", ROWS)
    assert run(capsys, home, "catalogue", "import", str(book), "--round", rid, "--apply")[0] == 0
    before, audited = dump(home / "ledger.sqlite3"), audit_rows(home)
    for _ in range(2):
        code, out, _ = run(capsys, home, "catalogue", "import", str(book), "--round", rid,
                           "--apply")
        assert code == 0 and "不变 4" in out
    assert audit_rows(home) == audited and dump(home / "ledger.sqlite3") == before
    # Export → import: still nothing.
    out_file = tmp_path / "export.xlsx"
    run(capsys, home, "catalogue", "export", "--out", str(out_file))
    assert run(capsys, home, "catalogue", "import", str(out_file), "--round", rid,
               "--apply")[0] == 0
    assert audit_rows(home) == audited and dump(home / "ledger.sqlite3") == before
    # A changed measures cell is a change (it was not seen before), audited.
    rows2 = [list(r) for r in ROWS]
    rows2[3][3] = "一是覆盖；二是监测；三是考核"
    code, out, _ = run(capsys, home, "catalogue", "import",
                       str(published(tmp_path / "plan2.xlsx", rows2)), "--round", rid, "--apply")
    assert code == 0 and "修改 1" in out and "plan_measures" in out
    assert measures(home, 3, LC) == [(1, "覆盖"), (2, "监测"), (3, "考核")]
    assert audit_rows(home) > audited
    # A unit taken out of a row: its copy withdrawn, and said.
    rows2[0][6] = "竞秀区"
    code, out, _ = run(capsys, home, "catalogue", "import",
                       str(published(tmp_path / "plan3.xlsx", rows2)), "--round", rid,
                       "--apply", "--json")
    data = __import__("json").loads(out)
    assert code == 0 and data["rows"][0]["changes"] == ["responsible_units", "units"]
    assert data["notes"] == [f"第 1 号任务不再适用于 {LC}，已撤回"]


# --- the service, and the county desk ----------------------------------------------------

def _entry(measures: str, units: tuple[str, ...] = (JX,), deadline: date = date(2027, 3, 31)
           ) -> CatalogueTask:
    return CatalogueTask(1, "问题", "问题。", "目标", measures, "", units, "",
                         Deadline(deadline), "", units)


def _plan_desks(tmp_path: Path) -> tuple[DeskContext, DeskContext, str]:
    city_ctx = init_desk(tmp_path / "city", "city", "130600", "保定市整改办")
    county = init_desk(tmp_path / "county", "county", JX, "竞秀区")
    city_ctx.ledger.add_unit(code=JX, name="保定市竞秀区", kind="county")
    city_ctx.ledger.add_unit(code=LC, name="保定市莲池区", kind="county")
    city_ctx.ledger.add_unit(code=DEPT, name="保定市生态环境局", kind="department")
    rid = city_ctx.ledger.add_round(name="第二轮", kind="provincial",
                                    feedback_date=date(2020, 3, 5)).value.uuid
    return city_ctx, county, rid


def _send(city_ctx: DeskContext, county: DeskContext) -> PacketMerge:
    """The city's packet for the county, merged there as `packet import` does."""
    with city_ctx.store.read() as s:
        raw = city_snapshot(s, city_ctx.code, county.code)
    tables = {n: [decode_row(table_of(n), r) for r in rows] for n, rows in raw.items()}
    result = PacketMerge()
    with county.ledger.batch(actor="import") as s:
        Merger(s, county.code, "county").merge_city(city_ctx.code, tables, result)
    return result


def _texts(ctx: DeskContext) -> list[tuple[int, str, str]]:
    with ctx.store.read() as s:
        return [(m.seq, m.description, str(m.planned_date)) for m in s.scalars(
            select(Measure).join(Task, Task.uuid == Measure.task_uuid)
            .where(Task.unit_code == JX).order_by(Measure.seq))]


def test_a_changed_plan_reaches_the_county(tmp_path: Path) -> None:
    city_ctx, county, rid = _plan_desks(tmp_path)
    with city_ctx, county:
        city_ctx.ledger.save_catalogue_task(rid, _entry("1.排查；2.整治；3.验收"))
        _send(city_ctx, county)
        assert [t for _, t, _ in _texts(county)] == ["排查", "整治", "验收"]
        # The county works on the second measure (not yet reported).
        with county.store.read() as s:
            worked = s.scalars(select(Measure.uuid).where(Measure.description == "整治")).one()
        county.ledger.set_fields("measure", worked, {"status": "doing"})
        # The plan changes: first reworded, second reworded, third dropped, a fourth new,
        # the deadline later.
        saved = city_ctx.ledger.save_catalogue_task(
            rid, _entry("1.全面排查；2.集中整治；3.长效监管", deadline=date(2027, 6, 30))).value
        assert saved and not saved.kept  # at the city nothing was reported as worked on
        assert _texts(city_ctx) == [(1, "全面排查", "2027-06-30"), (2, "集中整治", "2027-06-30"),
                                    (3, "长效监管", "2027-06-30")]
        result = _send(city_ctx, county)
        # At the county: its untouched rows follow, the one it works on is kept and said.
        assert _texts(county) == [(1, "全面排查", "2027-06-30"), (2, "整治", "2027-03-31"),
                                  (3, "长效监管", "2027-06-30")]
        assert any("整治" in str(w) and "保留" in w.zh for w in result.warnings)
        # A new plan measure is one record at both desks (its uuid derives from the task).
        city_ctx.ledger.save_catalogue_task(
            rid, _entry("1.全面排查；2.集中整治；3.长效监管；4.公开", deadline=date(2027, 6, 30)))
        _send(city_ctx, county)
        with city_ctx.store.read() as s:
            at_city = set(s.scalars(select(Measure.uuid)))
        with county.store.read() as s:
            at_county = set(s.scalars(select(Measure.uuid)))
        assert at_city == at_county and len(at_county) == 4
        # Dropped from the plan: the untouched row goes, the worked-on one stays.
        city_ctx.ledger.save_catalogue_task(rid, _entry("1.全面排查", deadline=date(2027, 6, 30)))
        result = _send(city_ctx, county)
        assert [t for _, t, _ in _texts(county)] == ["全面排查", "整治"]
        # The same packet again changes nothing.
        before = dump(county.paths.database)
        again = _send(city_ctx, county)
        assert not any(d.changed or d.new or d.deleted for d in again.diff.values())
        assert dump(county.paths.database) == before


def test_a_unit_taken_out_of_a_task(tmp_path: Path) -> None:
    city_ctx, county, rid = _plan_desks(tmp_path)
    with city_ctx, county:
        both = (JX, LC, DEPT)
        city_ctx.ledger.save_catalogue_task(rid, _entry("排查", units=both))
        _send(city_ctx, county)
        # The county's copy never worked on; the department's worked on at the city.
        with city_ctx.store.read() as s:
            dept = s.scalars(select(Measure.uuid).join(Task, Task.uuid == Measure.task_uuid)
                             .where(Task.unit_code == DEPT)).one()
        city_ctx.ledger.set_fields("measure", dept, {"status": "doing"})
        saved = city_ctx.ledger.save_catalogue_task(rid, _entry("排查", units=(LC,))).value
        assert sorted(saved.withdrawn) == [JX, DEPT]
        with city_ctx.store.read() as s:
            marks = {u: w for u, w in s.execute(select(Task.unit_code, Task.withdrawn))}
        assert marks[LC] == "" and marks[JX] == catalogue.WITHDRAWN_UNTOUCHED
        assert marks[DEPT] == catalogue.WITHDRAWN_KEPT  # worked on: kept, not counted
        with city_ctx.store.read() as s:
            rows = task_rows(s, date(2026, 12, 4), city_ctx.settings)
        assert [r.unit_code for r in rows] == [LC]  # never red, not in the plan grid
        # It travels: the county never worked on its copy, so there it is deleted.
        _send(city_ctx, county)
        with county.store.read() as s:
            assert s.scalars(select(Task)).all() == []
            assert s.scalars(select(Measure)).all() == []
        _send(city_ctx, county)  # sent again: it does not come back
        with county.store.read() as s:
            assert s.scalars(select(Task)).all() == []
        # Unchanged again: nothing written at the city either.
        with city_ctx.store.read() as s:
            held = dump_of(s)
        assert not city_ctx.ledger.save_catalogue_task(rid, _entry("排查", units=(LC,))).value
        with city_ctx.store.read() as s:
            assert dump_of(s) == held
        # Given back to the county: the mark is cleared.
        city_ctx.ledger.save_catalogue_task(rid, _entry("排查", units=(LC, JX)))
        with city_ctx.store.read() as s:
            assert s.scalars(select(Task.withdrawn).where(Task.unit_code == JX)).one() == ""


def test_worked_on_copy_stays_at_the_county(tmp_path: Path) -> None:
    city_ctx, county, rid = _plan_desks(tmp_path)
    with city_ctx, county:
        city_ctx.ledger.save_catalogue_task(rid, _entry("排查", units=(JX, LC)))
        _send(city_ctx, county)
        with county.store.read() as s:
            m = s.scalars(select(Measure.uuid)).one()
        county.ledger.set_fields("measure", m, {"status": "doing"})
        city_ctx.ledger.save_catalogue_task(rid, _entry("排查", units=(LC,)))
        _send(city_ctx, county)
        with county.store.read() as s:
            task = s.scalars(select(Task)).one()
            assert task.withdrawn == catalogue.WITHDRAWN_UNTOUCHED  # the city's knowledge
            rows = task_rows(s, date(2026, 12, 4), county.settings)
        assert rows == []  # kept with its records, not counted


def dump_of(s: object) -> list[tuple[object, ...]]:
    conn = s.connection()  # type: ignore[attr-defined]
    return [tuple(r) for r in conn.exec_driver_sql(
        "SELECT uuid, revision, withdrawn FROM task ORDER BY uuid").fetchall()] + [
        tuple(r) for r in conn.exec_driver_sql("SELECT count(*) FROM audit_log").fetchall()]


def test_an_untouched_department_copy_is_deleted(tmp_path: Path) -> None:
    city_ctx, county, rid = _plan_desks(tmp_path)
    with city_ctx, county:
        city_ctx.ledger.save_catalogue_task(rid, _entry("排查", units=(LC, DEPT)))
        saved = city_ctx.ledger.save_catalogue_task(rid, _entry("排查", units=(LC,))).value
        assert saved.withdrawn == [DEPT]
        with city_ctx.store.read() as s:
            assert sorted(s.scalars(select(Task.unit_code))) == [LC]  # gone, with its rows
            assert len(s.scalars(select(Measure)).all()) == 1
        # Undoing a new task (the window's undo) withdraws every copy.
        assert city_ctx.ledger.withdraw_catalogue_task(rid, 1).value == [LC]
        with city_ctx.store.read() as s:
            assert catalogue.entry_of(s, rid, 1) is None
            assert task_rows(s, date(2026, 12, 4), city_ctx.settings) == []
        # The number is free again for 新增任务.
        city_ctx.ledger.save_catalogue_task(rid, _entry("排查", units=(LC,)), new=True)
        with city_ctx.store.read() as s:
            assert [r.unit_code for r in task_rows(s, date(2026, 12, 4),
                                                   city_ctx.settings)] == [LC]
