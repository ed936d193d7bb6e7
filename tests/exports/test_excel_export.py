"""The ledger workbook read back: layout, print setup, dropdowns, lights, text cells."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from excel_helpers import dump, headers
from openpyxl.workbook.workbook import Workbook

from db.models import Measure
from desktop.exports.disclosure_xlsx import export_disclosure
from desktop.exports.excel_ledger import export_ledger
from desktop.exports.ledger_schema import EDITABLE_SHEETS, ID_HEADER, TASK_ID_HEADER
from desktop.exports.xlsx_common import Cancelled
from desktop.exports.xlsx_text import FORMULA_STARTS, from_cell
from desktop.i18n import UserError
from desktop.services.desk import DeskContext

SHEETS = ["台账", "问题清单", "措施清单", "责任清单", "效果清单", "进展", "信访件", "指标数值",
          "说明"]


@pytest.fixture
def exported(county_demo: DeskContext, tmp_path: Path) -> tuple[Path, Workbook]:
    out = tmp_path / "台账.xlsx"
    export_ledger(county_demo, out)
    return out, openpyxl.load_workbook(out)


def test_sheets_and_summary_rows(exported: tuple[Path, Workbook]) -> None:
    _, wb = exported
    assert wb.sheetnames == SHEETS
    ws = wb["台账"]
    header = [c.value for c in ws[1]]
    # The round is named on every row: task numbers repeat from one round to the next.
    assert header[:4] == ["序号", "督察轮次", "单位", "任务名称"]
    assert {ws.cell(r, 2).value for r in range(2, 57)} == {
        "第二轮省委、省政府生态环境保护督察（演示数据）（省级督察）"}
    assert "2026-11 进展" in header and header[-2:] == ["状态", "预警"]
    assert ws.max_row == 56  # 55 tasks
    assert [ws.cell(r, 1).value for r in range(2, 5)] == [1, 2, 3]
    deadlines = {ws.cell(r, 10).value for r in range(2, 57)}
    assert "长期坚持" in deadlines
    assert any(isinstance(d, date) for d in deadlines)
    assert {ws.cell(r, 14).value for r in range(2, 57)} == {"红灯", "黄灯", "绿灯", "已销号"}


def test_every_sheet_prints_and_freezes(exported: tuple[Path, Workbook]) -> None:
    _, wb = exported
    for name in SHEETS[:-1]:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.print_title_rows == "$1:$1", name
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # "9"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert 6 <= ws.column_dimensions["C"].width <= 60


def test_dropdowns_and_light_colours(exported: tuple[Path, Workbook]) -> None:
    _, wb = exported
    lists = {name: [dv.formula1 for dv in wb[name].data_validations.dataValidation]
             for name in ("台账", "措施清单", "信访件", "效果清单")}
    assert any("整改中" in f and "已销号" in f for f in lists["台账"])
    assert lists["措施清单"] == ['"计划中,进行中,已完成"']
    assert '"属实,部分属实,不属实"' in lists["信访件"]
    assert '"是,否"' in lists["效果清单"]
    rules = [r for cf in wb["台账"].conditional_formatting for r in cf.rules]
    assert sorted(r.formula[0] for r in rules) == ['"红灯"', '"绿灯"', '"黄灯"']
    assert {r.dxf.fill.fgColor.rgb[-6:] for r in rules} == {"FF9999", "FFE699", "A9D08E"}


def test_identifier_columns_and_counts(exported: tuple[Path, Workbook],
                                       county_demo: DeskContext) -> None:
    _, wb = exported
    for spec in EDITABLE_SHEETS:
        ws = wb[spec.title]
        assert ws["A1"].value == ID_HEADER
        if spec.title != "信访件":
            assert ws["B1"].value == TASK_ID_HEADER
    with county_demo.store.read() as s:
        measures = s.query(Measure).count()
    assert wb["措施清单"].max_row == measures + 1
    # This month has no progress yet: one empty row per task to fill in.
    ws = wb["进展"]
    assert ws.max_row == 56 and ws["A2"].value is None and ws["F2"].value is None


def test_user_text_is_text_even_when_it_looks_like_a_formula(
        county_demo: DeskContext, tmp_path: Path) -> None:
    nasty = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "\nx",
             "=1+1\x01\x02"]
    with county_demo.store.write() as s:
        measures = s.query(Measure).order_by(Measure.uuid).limit(len(nasty)).all()
        for m, text in zip(measures, nasty, strict=True):
            m.description = text
    out = tmp_path / "l.xlsx"
    export_ledger(county_demo, out)
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(name), name
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
    ws = wb["措施清单"]
    texts = {ws.cell(r, 5).value for r in range(2, ws.max_row + 1)}
    assert "=HYPERLINK(\"http://x\",\"y\")" in texts and "=1+1_x0001__x0002_" in texts
    assert "_x000D_x" in texts
    # Excel's quote prefix marks exactly the texts a clerk's edit would turn into a
    # formula; the same cell style without it serves every other text.
    for r in range(2, ws.max_row + 1):
        cell = ws.cell(r, 5)
        assert cell.quotePrefix == from_cell(cell.value).startswith(FORMULA_STARTS), r
        assert cell.alignment.wrap_text and cell.alignment.vertical == "top"


def test_personal_data_only_when_asked(county_demo: DeskContext, tmp_path: Path) -> None:
    export_ledger(county_demo, tmp_path / "in.xlsx")
    export_ledger(county_demo, tmp_path / "out.xlsx", include_personal=False)
    with_pd = [c.value for c in openpyxl.load_workbook(tmp_path / "in.xlsx")["信访件"][1]]
    without = [c.value for c in openpyxl.load_workbook(tmp_path / "out.xlsx")["信访件"][1]]
    assert "举报人" in with_pd and "联系电话" in with_pd and "身份证号" in with_pd
    assert not {"举报人", "联系电话", "身份证号"} & set(without)


def test_disclosure_has_no_personal_data(county_demo: DeskContext, tmp_path: Path) -> None:
    from sqlalchemy import select

    from db.models import Petition, Responsibility, Task
    with county_demo.store.write() as s:
        p = s.scalars(select(Petition)).first()
        p.result = f"已联系举报人{p.complainant_name}（电话13912345678）"
        p.complainant_id = "130602199001011234"
    with county_demo.store.read() as s:
        secrets = {x for row in s.execute(select(
            Petition.complainant_name, Petition.complainant_phone, Petition.complainant_id))
            for x in row if x}
        secrets |= {x for row in s.execute(select(Responsibility.person,
                                                  Responsibility.contact)) for x in row if x}
        officials = {x for x in s.scalars(select(Task.lead_official)) if x}
    out = tmp_path / "公示.xlsx"
    export_disclosure(county_demo, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["整改任务公示", "信访件公示"]
    assert wb["整改任务公示"].max_row == 56
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None]
    text = "\n".join(cells)
    assert "13912345678" not in text and "已联系举报人＊＊＊" in text
    for secret in secrets | officials:
        assert secret not in cells, secret
    for secret in secrets:
        assert secret not in text, secret
    assert wb["整改任务公示"].print_title_rows == "$1:$1"


def test_progress_is_reported_and_cancel_leaves_no_file(county_demo: DeskContext,
                                                         tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    seen: list[tuple[int, int]] = []
    export_ledger(county_demo, tmp_path / "a.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1] and len(seen) < 50

    def cancel(done: int, total: int) -> None:
        raise Cancelled

    before = dump(county_demo)
    with pytest.raises(Cancelled):
        export_ledger(county_demo, tmp_path / "b.xlsx", progress=cancel)
    assert not (tmp_path / "b.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]  # no temp file left
    assert dump(county_demo) == before


def test_unwritable_target_is_a_clear_error(county_demo: DeskContext, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="无法写入"):
        export_ledger(county_demo, tmp_path / "no-such-folder" / "a.xlsx")


def test_other_period(county_demo: DeskContext, tmp_path: Path) -> None:
    out = tmp_path / "oct.xlsx"
    result = export_ledger(county_demo, out, "2026-10")
    ws = openpyxl.load_workbook(out)["进展"]
    col = headers(ws)["月份"]
    periods = {ws.cell(r, col).value for r in range(2, ws.max_row + 1)}
    assert periods == {"2026-10"} and result.period == "2026-10"
    assert any(ws.cell(r, 1).value for r in range(2, ws.max_row + 1))
