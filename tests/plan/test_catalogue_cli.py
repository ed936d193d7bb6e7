"""Rounds, units and the task catalogue on an empty city desk, through the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.cli import main
from tests.helpers import dump
from tests.plan.workbooks import published


def run(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def city(capsys: pytest.CaptureFixture[str], home: Path) -> str:
    """An empty city desk with three units and a round; the round's id."""
    assert run(capsys, home, "init", "--role", "city", "--code", "130600",
               "--name", "保定市整改办")[0] == 0
    for code, name, kind, short in (("130602", "保定市竞秀区", "county", ""),
                                    ("130606", "保定市莲池区", "county", "莲池区"),
                                    ("130671", "保定市生态环境局", "department", "")):
        assert run(capsys, home, "unit", "add", "--code", code, "--name", name,
                   "--kind", kind, "--short", short)[0] == 0
    code, out, _ = run(capsys, home, "round", "add", "--name", "第二轮省级督察",
                       "--kind", "provincial", "--feedback-date", "2020-03-05",
                       "--onsite", "2019-10-10", "2019-11-10", "--plan-issued", "2020-04-22",
                       "--json")
    assert code == 0
    return str(json.loads(out)["id"])


ROWS = [
    [1, "部分企业污染防治设施不正常运行。", "全面整改", "1.开展排查；2.建立台账", "副市长",
     "市生态环境局", "各县（市、区）", "张三", "2020年12月底前"],
    [2, "竞秀区河道垃圾问题。", "河道清洁", "清理垃圾", None, None, "竞秀区", "李四",
     "立行立改，长期坚持"],
    [None, None, None, None, None, None, None, None, None],  # an empty row in the middle
    [3, "莲池区扬尘问题。", "扬尘达标", "一是覆盖；二是监测", None, None, "莲池区政府", "王五",
     "2021年6月"],
    [4, "市直部门监管不到位。", "建立制度", "建立制度", None, "市生态环境局", "市生态环境局",
     "赵六", "长期坚持"],
]


def tasks(home: Path) -> list[tuple[int, str, str | None, int]]:
    conn = sqlite3.connect(home / "ledger.sqlite3")
    try:
        return conn.execute("SELECT number, unit_code, deadline, ongoing FROM task "
                            "ORDER BY number, unit_code").fetchall()
    finally:
        conn.close()


def test_rounds_and_units(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    rid = city(capsys, home)
    code, out, _ = run(capsys, home, "round", "list", "--json")
    assert [(r["id"], r["name"], r["kind"]) for r in json.loads(out)] == [
        (rid, "第二轮省级督察", "provincial")]
    code, out, _ = run(capsys, home, "unit", "list", "--json")
    assert [(u["code"], u["kind"], u["reports"]) for u in json.loads(out)] == [
        ("130602", "county", True), ("130606", "county", True), ("130671", "department", False)]
    before = dump(home / "ledger.sqlite3")
    code, _, err = run(capsys, home, "unit", "add", "--code", "130602", "--name", "x",
                       "--kind", "county")
    assert code == 1 and "已存在" in err
    code, _, err = run(capsys, home, "round", "add", "--name", "第二轮省级督察",
                       "--kind", "central")
    assert code == 1 and "已有" in err
    assert dump(home / "ledger.sqlite3") == before


def test_a_county_cannot_add_rounds_or_units(capsys: pytest.CaptureFixture[str],
                                             home: Path) -> None:
    run(capsys, home, "init", "--role", "county", "--code", "130602", "--name", "竞秀区")
    code, _, err = run(capsys, home, "round", "add", "--name", "x", "--kind", "local")
    assert code == 1 and "只有市级" in err
    code, _, err = run(capsys, home, "unit", "add", "--code", "130606", "--name", "x",
                       "--kind", "county")
    assert code == 1 and "只有市级" in err


def test_rename_keeps_records(capsys: pytest.CaptureFixture[str], home: Path,
                              tmp_path: Path) -> None:
    rid = city(capsys, home)
    book = published(tmp_path / "plan.xlsx", ROWS)
    assert run(capsys, home, "catalogue", "import", str(book), "--round", rid, "--apply")[0] == 0
    before = tasks(home)
    assert run(capsys, home, "unit", "rename", "130602", "--name", "保定市竞秀区（新）")[0] == 0
    assert tasks(home) == before
    _, out, _ = run(capsys, home, "tasks", "list", "--unit", "130602")
    assert "保定市竞秀区（新）" in out


def test_catalogue_import_published_layout(capsys: pytest.CaptureFixture[str], home: Path,
                                           tmp_path: Path) -> None:
    rid = city(capsys, home)
    # A title row merged across, a lead leader merged down two rows.
    book = published(tmp_path / "plan.xlsx", ROWS, merge=["E4:E5"])
    before = dump(home / "ledger.sqlite3")
    code, out, _ = run(capsys, home, "catalogue", "import", str(book), "--round", rid)
    assert code == 0 and "预览" in out
    assert dump(home / "ledger.sqlite3") == before  # a dry run writes nothing
    code, out, _ = run(capsys, home, "catalogue", "import", str(book), "--round", rid,
                       "--apply", "--json")
    data = json.loads(out)
    assert code == 0 and data["new"] == 4 and data["refused"] == 0
    assert [r["row"] for r in data["rows"]] == [4, 5, 7, 8]
    # Each unit a copy of the tasks that apply to it; the department's kept at the city.
    assert tasks(home) == [
        (1, "130602", "2020-12-31", 0), (1, "130606", "2020-12-31", 0),
        (2, "130602", "2020-04-22", 1), (3, "130606", "2021-06-30", 0),
        (4, "130671", None, 1)]
    conn = sqlite3.connect(home / "ledger.sqlite3")
    measures = conn.execute("SELECT m.description, m.owner FROM measure m JOIN task t "
                            "ON t.uuid = m.task_uuid WHERE t.number = 3").fetchall()
    lead = conn.execute("SELECT lead_official FROM task WHERE number = 2").fetchone()
    conn.close()
    assert measures == [("覆盖", "130606"), ("监测", "130606")]
    assert lead == ("副市长 李四",)  # the merged 牵头市领导 cell reaches row 5 too
    # Twice: nothing changes.
    after = dump(home / "ledger.sqlite3")
    code, out, _ = run(capsys, home, "catalogue", "import", str(book), "--round", rid,
                       "--apply", "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 4
    assert dump(home / "ledger.sqlite3") == after
    # A changed row changes that task, audited.
    rows2 = [list(r) for r in ROWS]
    rows2[3][8] = "2021年9月"
    book2 = published(tmp_path / "plan2.xlsx", rows2, merge=["E4:E5"])
    code, out, _ = run(capsys, home, "catalogue", "import", str(book2), "--round", rid,
                       "--apply", "--json")
    data = json.loads(out)
    assert data["changed"] == 1 and data["rows"][2]["changes"] == ["deadline"]
    assert (3, "130606", "2021-09-30", 0) in tasks(home)
    conn = sqlite3.connect(home / "ledger.sqlite3")
    audited = conn.execute("SELECT old, new FROM audit_log WHERE table_name = 'task' "
                           "AND field = 'deadline' AND action = 'update'").fetchall()
    conn.close()
    assert audited == [('"2021-06-30"', '"2021-09-30"')]


def test_catalogue_refusals_name_the_cell(capsys: pytest.CaptureFixture[str], home: Path,
                                          tmp_path: Path) -> None:
    rid = city(capsys, home)
    bad = [list(r) for r in ROWS]
    bad[1][6] = "竞秀区、满城区"  # no such unit
    bad[3][0] = 1  # a duplicate number
    bad[4][8] = "尽快"
    book = published(tmp_path / "bad.xlsx", bad)
    wb_formula = tmp_path / "formula.xlsx"
    before = dump(home / "ledger.sqlite3")
    code, out, err = run(capsys, home, "catalogue", "import", str(book), "--round", rid,
                         "--apply")
    assert code == 1
    assert "第 5 行“责任单位”列（G5）：单位“满城区”不在本市单位名单中" in err
    assert "序号 1 与第 4 行重复" in err
    assert "“整改时限”列（I8）" in err and "未导入任何内容" in err
    assert dump(home / "ledger.sqlite3") == before
    published(wb_formula, [[*ROWS[0][:8], "=TODAY()"]])
    code, out, _ = run(capsys, home, "catalogue", "import", str(wb_formula), "--round", rid)
    assert code == 1 and "不接受公式" in out
    Workbook().save(tmp_path / "empty.xlsx")
    code, out, _ = run(capsys, home, "catalogue", "import", str(tmp_path / "empty.xlsx"),
                       "--round", rid)
    assert code == 1 and "找不到任务清单的表头" in out
    assert dump(home / "ledger.sqlite3") == before


def test_header_synonyms_and_one_title_row(capsys: pytest.CaptureFixture[str], home: Path,
                                           tmp_path: Path) -> None:
    rid = city(capsys, home)
    header = ["编号", "存在问题", "整改目标", "整改措施", "牵头单位", "责任单位", "责任人",
              "完成时限"]
    rows = [[1, "问题一", "目标", "措施", "市生态环境局", "各县（市、区）政府\n市生态环境局",
             "张三", "2020-12-31"]]
    book = published(tmp_path / "syn.xlsx", rows, header=header, title_rows=1)
    code, out, _ = run(capsys, home, "catalogue", "import", str(book), "--round", rid,
                       "--apply", "--json")
    assert code == 0 and json.loads(out)["rows"][0]["units"] == ["130602", "130606", "130671"]


def test_export_then_import_changes_nothing(capsys: pytest.CaptureFixture[str], home: Path,
                                            tmp_path: Path) -> None:
    rid = city(capsys, home)
    book = published(tmp_path / "plan.xlsx", ROWS)
    run(capsys, home, "catalogue", "import", str(book), "--round", rid, "--apply")
    out_file = tmp_path / "export.xlsx"
    assert run(capsys, home, "catalogue", "export", "--out", str(out_file))[0] == 0
    before = dump(home / "ledger.sqlite3")
    code, out, _ = run(capsys, home, "catalogue", "import", str(out_file), "--round", rid,
                       "--apply", "--json")
    data = json.loads(out)
    assert code == 0 and data["unchanged"] == 4, data
    assert dump(home / "ledger.sqlite3") == before
    tmpl = tmp_path / "template.xlsx"
    assert run(capsys, home, "catalogue", "export", "--out", str(tmpl), "--template")[0] == 0
    code, out, _ = run(capsys, home, "catalogue", "import", str(tmpl), "--round", rid, "--json")
    assert code == 0 and json.loads(out)["rows"] == []


def test_plan_counts_each_task_over_its_units(capsys: pytest.CaptureFixture[str], home: Path,
                                              tmp_path: Path) -> None:
    rid = city(capsys, home)
    book = published(tmp_path / "plan.xlsx", ROWS)
    run(capsys, home, "catalogue", "import", str(book), "--round", rid, "--apply")
    code, out, _ = run(capsys, home, "plan", "--json")
    tasks = {t["number"]: t for t in json.loads(out)}
    assert code == 0 and sorted(tasks) == [1, 2, 3, 4]
    # Today (2026-11-29) task 1's deadline 2020-12-31 has passed for both its units.
    assert tasks[1]["units"] == 2 and tasks[1]["by_light"] == {"red": 2}
    assert tasks[1]["by_status"] == {"not_started": 2}
    assert [c["unit_code"] for c in tasks[1]["cells"]] == ["130602", "130606"]
    assert tasks[4]["by_light"] == {"green": 1}  # ongoing: never red
    code, out, _ = run(capsys, home, "plan")
    assert code == 0 and "2 个单位" in out
