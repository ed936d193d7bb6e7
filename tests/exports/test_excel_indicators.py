"""The 指标数值 sheet: exported with the months due, read back through the door with
the same value rules as `rectdesk indicator set`, all or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from desktop.cli import main
from tests.helpers import dump

SHEET = "指标数值"


def _run(capsys: pytest.CaptureFixture[str], home: Path, *argv: str) -> tuple[int, str]:
    code = main(["--home", str(home), "--today", "2026-11-29", *argv])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture
def exported(capsys: pytest.CaptureFixture[str], county_home: Path) -> Path:
    out = county_home / "ledger.xlsx"
    code, text = _run(capsys, county_home, "export", "ledger", "--out", str(out))
    assert code == 0, text
    return out


def _rows(path: Path) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path)[SHEET].iter_rows(values_only=True))


def _edit(path: Path, out: Path, **cells: object) -> None:
    """cells: r<row>c<col>=value."""
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    for ref, value in cells.items():
        r, c = ref[1:].split("c")
        ws.cell(int(r), int(c)).value = value
    wb.save(out)


def _first(path: Path, empty: bool) -> int:
    rows = _rows(path)
    return next(i for i, r in enumerate(rows[1:], start=2) if (r[6] is None) == empty)


def test_the_sheet_lists_each_indicator_by_month_with_empty_months_due(exported: Path) -> None:
    rows = _rows(exported)
    assert rows[0] == ("指标代码", "指标名称", "计量单位", "单位代码", "单位名称", "月份",
                       "数值", "上年同月", "评价")
    months = {r[5] for r in rows[1:] if r[0] == "good_air_ratio"}
    assert months == {f"2026-{m:02d}" for m in range(1, 12)}  # January to this month
    assert all(r[3] == "130602" for r in rows[1:])  # the county's own unit only
    assert any(r[6] is None and r[8] == "未填报" for r in rows[1:])
    assert any(r[6] is not None and r[8] for r in rows[1:])


def test_importing_the_exported_workbook_unchanged_changes_nothing(
        capsys: pytest.CaptureFixture[str], county_home: Path, exported: Path) -> None:
    before = dump(county_home / "ledger.sqlite3")
    code, text = _run(capsys, county_home, "import", "ledger", str(exported), "--apply")
    assert code == 0 and "新增 0 行，修改 0 行" in text, text
    assert dump(county_home / "ledger.sqlite3") == before


def test_filled_and_changed_values_go_in_through_the_door(
        capsys: pytest.CaptureFixture[str], county_home: Path, exported: Path) -> None:
    empty, filled = _first(exported, True), _first(exported, False)
    rows = _rows(exported)
    edited = county_home / "edited.xlsx"
    _edit(exported, edited, **{f"r{empty}c7": 61.5, f"r{filled}c7": 12})
    code, text = _run(capsys, county_home, "import", "ledger", str(edited))
    assert code == 0 and "新增 1 行，修改 1 行" in text, text
    code, text = _run(capsys, county_home, "import", "ledger", str(edited), "--apply")
    assert code == 0, text
    conn = sqlite3.connect(county_home / "ledger.sqlite3")
    got = dict(((c, p), v) for c, p, v in conn.execute(
        "SELECT indicator_code, period, value FROM indicator_value WHERE unit_code = '130602'"))
    conn.close()
    assert got[(rows[empty - 1][0], rows[empty - 1][5])] == 61.5
    assert got[(rows[filled - 1][0], rows[filled - 1][5])] == 12


HEADS = {1: "指标代码", 4: "单位代码", 6: "月份", 7: "数值"}


@pytest.mark.parametrize(("col", "value", "words"), [
    (7, -3, "指标数值应为0到"), (7, 250, "指标数值应为0到100"), (7, "abc", "指标数值应为0到"),
    (6, "2099-01", "还没到"), (1, "no_such", "没有代码为"), (4, "130603", "只能填报本单位"),
])
def test_a_bad_value_rejects_the_whole_import(
        capsys: pytest.CaptureFixture[str], county_home: Path, exported: Path,
        col: int, value: object, words: str) -> None:
    empty = _first(exported, True)
    edited = county_home / "bad.xlsx"
    cells = {f"r{empty}c7": 50, f"r{_first(exported, False)}c7": 1}  # a good change too
    cells[f"r{empty}c{col}"] = value
    _edit(exported, edited, **cells)
    before = dump(county_home / "ledger.sqlite3")
    code, text = _run(capsys, county_home, "import", "ledger", str(edited), "--apply")
    assert code == 1 and words in text and f"第 {empty} 行“{HEADS[col]}”列" in text, text
    assert "Traceback" not in text
    assert dump(county_home / "ledger.sqlite3") == before


@pytest.mark.slow  # builds a city demo
def test_the_city_sheet_has_every_units_rows_and_keeps_off_the_counties_values(
        tmp_path: Path) -> None:
    from desktop.exports import excel_import, excel_ledger
    from desktop.services import demo
    from tests.conftest import TODAY

    with demo.build_demo(tmp_path / "city", "city", None, TODAY) as city:
        out = tmp_path / "city.xlsx"
        excel_ledger.export_ledger(city, out)
        rows = _rows(out)
        assert {r[3] for r in rows[1:]} >= {"130600", "130602", "130606"}
        before = dump(city.paths.database)
        plan = excel_import.apply_import(city, out)  # unchanged: nothing to do
        assert plan.ok and plan.counts()["new"] == plan.counts()["changed"] == 0
        assert dump(city.paths.database) == before
        county_row = next(i for i, r in enumerate(rows[1:], start=2)
                          if r[3] == "130602" and r[6] is not None)
        _edit(out, tmp_path / "edited.xlsx", **{f"r{county_row}c7": 1})
        plan = excel_import.plan_import(city, tmp_path / "edited.xlsx")
        assert [e.zh for r in plan.rows for e in r.errors] == [
            f"工作表“指标数值”第 {county_row} 行“单位代码”列："
            "单位 130602 的数值只能由它自己的台账填报。"]
