"""The ledger workbook as printed: wrapped rows tall enough for their text, no
identifier columns on paper, notes that wrap, each unit named once."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from desktop.exports import xlsx_common as xc
from desktop.exports.excel_ledger import export_ledger
from desktop.exports.ledger_schema import NOTES_TITLE, PROGRESS_SHEET, SUMMARY_TITLE
from desktop.services.desk import DeskContext


def test_printed_workbook(county_demo: DeskContext, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    export_ledger(county_demo, out)
    wb = load_workbook(out)
    summary = wb[SUMMARY_TITLE]
    # Every row whose wrapped text needs more than a line has a height that holds it.
    tall = 0
    for row in summary.iter_rows(min_row=2):
        need = max((xc.wrapped_lines(str(c.value), summary.column_dimensions[c.column_letter]
                                     .width) for c in row
                    if c.value and c.alignment.wrap_text), default=1)
        height = summary.row_dimensions[row[0].row].height
        if need > 1:
            tall += 1
            assert height is not None and height >= min(409, need * xc.LINE_HEIGHT)
    assert tall > 10
    # 责任单位: the lead unit once.
    units_col = [c.value for c in summary[1]].index("责任单位") + 1
    for r in range(2, summary.max_row + 1):
        units = (summary.cell(r, units_col).value or "").split("、")
        assert len(units) == len(set(units)), units
    # 进展 prints from 序号 on: the 编号（勿改） columns stay off paper.
    progress = wb[PROGRESS_SHEET.title]
    area = progress.print_area[0] if isinstance(progress.print_area, list) \
        else progress.print_area
    first = area.split(":")[0].split("!")[-1].replace("$", "")
    headers = [c.value for c in progress[1]]
    printed = headers[ord(first[0]) - ord("A"):]
    assert not any("勿改" in h for h in printed) and "序号" in printed
    # 说明 wraps its long lines inside the page width.
    notes = wb[NOTES_TITLE]
    assert all(c.alignment.wrap_text for c in notes["A"] if c.value)
    assert notes.page_setup.fitToWidth == 1


def test_date_columns_are_wide_enough_for_the_date(county_demo: DeskContext,
                                                   tmp_path: Path) -> None:
    """Date columns are measured with the date as shown (2026年10月20日, 15 units),
    not left at their header's width: LibreOffice printed ### for them."""
    from desktop.exports.xlsx_text import display_width

    out = tmp_path / "台账.xlsx"
    export_ledger(county_demo, out)
    ws = load_workbook(out)["措施清单"]
    for cell in ws[1]:
        if cell.value in ("计划完成日期", "完成日期"):
            width = ws.column_dimensions[cell.column_letter].width
            assert width >= display_width("2026年10月20日"), (cell.value, width)
