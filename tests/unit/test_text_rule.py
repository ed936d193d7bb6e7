"""One text rule (desktop/domain/text.py) for the window, the Excel import and the
packet merge, with the same words; public notices without direction controls."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from db.models import Measure, Petition
from desktop.domain import text
from desktop.exports.disclosure_xlsx import export_disclosure
from desktop.exports.excel_import import ImportRejected, apply_import
from desktop.exports.excel_ledger import export_ledger
from desktop.exports.ledger_schema import ID_HEADER
from desktop.i18n import UserError
from desktop.services import petitions, records
from desktop.services.desk import DeskContext

RLO = "\u202e"


@pytest.mark.parametrize(("value", "what"), [
    ("臭味\x00严重", "控制字符 U+0000"),
    ("a\x1bb", "控制字符 U+001B"),
    ("a\x85b", "控制字符 U+0085"),
    (f"invoice{RLO}fdp.exe", "文字方向控制符 U+202E"),
    ("x\u2066y", "文字方向控制符 U+2066"),
    ("x\u200fy", "文字方向控制符 U+200F"),
    ("x\u061cy", "文字方向控制符 U+061C"),
    ("x\ud800", "不成对的代理字符 U+D800"),
])
def test_refused_characters(value: str, what: str) -> None:
    for multiline in (False, True):
        msg = text.check_text(value, "内容", multiline=multiline)
        assert msg is not None and what in msg.zh


def test_lines_and_lengths() -> None:
    assert text.check_text("第一行\n第二行\t完", "进展情况", text.LONG_MAX, multiline=True) is None
    bad = text.check_text("第一行\n第二行", "案件编号")
    assert bad is not None and "U+000A" in bad.zh
    assert text.check_field("case_no", "x" * 200, "案件编号") is None
    long_name = text.check_field("case_no", "x" * 201, "案件编号")
    assert long_name is not None and "最多 200 字" in long_name.zh
    assert text.check_field("content", "x" * 10_000, "反映问题") is None
    assert text.check_field("content", "x" * 10_001, "反映问题") is not None


def test_numbers() -> None:
    assert text.check_number(2**63 - 1, "值") is None
    assert text.check_number(2**63, "值") is not None
    assert text.check_number(-(2**63) - 1, "值") is not None
    assert text.check_number(float("inf"), "值") is not None
    assert text.check_value(["ok", "x\x00"], "任务") is not None
    # is_clean is the quick yes: never yes for what the full check refuses.
    for value in ("ok", 1, 2.5, None, True):
        assert text.is_clean("description", value)
    for value in ("a\x00", 2**64, float("nan"), ["a\x00"], "x" * 201):
        assert not text.is_clean("case_no", value)
        assert text.check_field("case_no", value, "案件编号") is not None


def test_escape_untrusted() -> None:
    shown = text.escape_untrusted(f"竞秀区\x1b[2J\x07{RLO}\ud800\u200b")
    assert shown == "竞秀区\\x1b[2J\\x07\\u202e\\ud800\\u200b"
    assert text.escape_untrusted(shown) == shown  # escaping twice changes nothing


def test_window_and_petitions_refuse_with_the_rule() -> None:
    with pytest.raises(records.FieldError) as info:
        records.clean_value("description", "x\x00y")
    assert info.value.msg.zh == "“内容”含有不允许的字符（控制字符 U+0000），请删除后再输入。"
    with pytest.raises(records.FieldError):
        petitions.check_field("case_no", f"BD{RLO}001")
    with pytest.raises(records.FieldError):
        petitions.check_field("content", "x" * 10_001)
    assert records.clean_value("narrative", "第一行\n第二行") == "第一行\n第二行"


def test_excel_nul_escape_is_refused_at_import(county_demo: DeskContext, tmp_path: Path) -> None:
    """The "Why" case: a cell holding ``_x0000_`` (Excel's escape for NUL, decoded by
    openpyxl) is refused, naming sheet, row and column, with the window's words."""
    path = tmp_path / "台账.xlsx"
    export_ledger(county_demo, path)
    with county_demo.store.read() as s:
        uuid = s.scalars(select(Measure.uuid).order_by(Measure.uuid)).first()
    wb = openpyxl.load_workbook(path)
    ws = wb["措施清单"]
    heads = {c.value: c.column for c in ws[1] if c.value}
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, heads[ID_HEADER]).value == uuid)
    ws.cell(row, heads["措施内容"]).value = "覆盖_x0000_裸土"
    wb.save(path)
    with sqlite3.connect(county_demo.paths.database) as con:
        before = list(con.iterdump())
    with pytest.raises(UserError) as info:
        apply_import(county_demo, path)
    assert isinstance(info.value, ImportRejected)
    errors = [m.zh for r in info.value.plan.rows for m in r.errors]
    window = text.check_field("description", "\x00", records.field_label("description"))
    assert window is not None
    assert f"措施清单 第 {row} 行 “措施内容”：{window.zh}" in errors, errors
    with sqlite3.connect(county_demo.paths.database) as con:
        assert list(con.iterdump()) == before


def test_public_notice_drops_direction_controls(county_demo: DeskContext,
                                                tmp_path: Path) -> None:
    with county_demo.store.write() as s:
        petition = s.scalars(select(Petition).order_by(Petition.uuid)).first()
        assert petition is not None
        petition.location = f"某村{RLO}东侧"  # as an older desk or a file could hold it
    out = tmp_path / "公示.xlsx"
    export_disclosure(county_demo, out)
    wb = openpyxl.load_workbook(out)
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None]
    assert any("某村东侧" in c for c in cells)
    assert not any(RLO in c for c in cells)


def test_record_is_clean_agrees_with_the_field_check() -> None:
    good = {"uuid": "u", "case_no": "BD-1", "content": "第一行\n第二行", "revision": 3,
            "percent": 50.0, "approved": True, "done_date": None}
    assert text.record_is_clean(good)
    for key, bad in (("case_no", "BD\n1"), ("content", "x\x00"), ("content", f"a{RLO}"),
                     ("revision", 2**64), ("percent", float("inf")), ("case_no", "x" * 201),
                     ("task_uuids", ["a"])):
        assert not text.record_is_clean({**good, key: bad})
