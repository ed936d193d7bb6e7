"""Cell text escaping: reversible, XML-safe, never a formula."""

from __future__ import annotations

from datetime import date

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from desktop.exports.xlsx_common import CellStyles, StreamedWorkbook
from desktop.exports.xlsx_text import column_width, display_width, from_cell, put_text, to_cell

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)


def test_control_characters_use_the_ooxml_escape() -> None:
    assert to_cell("a\x01b\rc") == "a_x0001_b_x000D_c"
    assert to_cell("\ufffe") == "_xFFFE_"
    assert from_cell("a_x0001_b_x000D_c") == "a\x01b\rc"


def test_text_that_looks_like_an_escape_is_protected() -> None:
    assert to_cell("_x0041_") == "_x005F_x0041_"
    assert from_cell("_x005F_x0041_") == "_x0041_"
    assert from_cell(to_cell("_x005F_")) == "_x005F_"


@given(TEXT)
def test_escape_round_trip(text: str) -> None:
    escaped = to_cell(text)
    assert from_cell(escaped) == text
    assert "\r" not in escaped and "\x00" not in escaped


@given(TEXT)
def test_any_text_survives_a_saved_workbook(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("t") / "t.xlsx"
    wb = openpyxl.Workbook()
    put_text(wb.active["A1"], "=" + text)
    wb.save(path)
    cell = openpyxl.load_workbook(path).active["A1"]
    assert cell.data_type == "s"
    assert from_cell(cell.value) == "=" + text


@given(TEXT)
def test_any_text_survives_a_streamed_sheet(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("t") / "t.xlsx"
    wb = StreamedWorkbook()
    rows = wb.rows(wb.active)
    rows.new_row()
    rows.text(1, "=" + text, CellStyles().wrap)
    rows.text(2, text, CellStyles().top)
    wb.save(path)
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].data_type == "s" and ws["A1"].quotePrefix
    assert from_cell(ws["A1"].value) == "=" + text
    if text:
        assert from_cell(ws["B1"].value) == text


def test_streamed_sheet_reads_back_like_openpyxl_cells(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """What SheetRows writes is what the same cells written by openpyxl read as."""
    values = ["a & b < c > d", "  padded  ", "两行\n文字", "-1", "@x", "_x0041_", "\x07bell"]
    day = date(2026, 5, 1)
    ours, theirs = StreamedWorkbook(), openpyxl.Workbook()
    mine, plain = CellStyles(), CellStyles()
    rows = ours.rows(ours.active)
    rows.header(["甲", "乙"], mine.header)
    ws = theirs.active
    for col, title in enumerate(["甲", "乙"], 1):
        plain.header.apply(ws.cell(1, col))
        put_text(ws.cell(1, col), title)
    for i, text in enumerate(values, 2):
        rows.new_row()
        rows.text(1, text, mine.wrap)
        rows.number(2, i * 1.5, mine.percent)
        rows.date(3, day, mine.date)
        rows.blank(5, mine.top)
        plain.wrap.apply(ws.cell(i, 1))
        put_text(ws.cell(i, 1), text)
        plain.percent.apply(ws.cell(i, 2))
        ws.cell(i, 2).value = i * 1.5
        plain.date.apply(ws.cell(i, 3))
        ws.cell(i, 3).value = day
        plain.top.apply(ws.cell(i, 5))
    ours.create_sheet("plain")["A1"] = "an ordinary sheet beside the streamed one"
    ours.save(tmp_path / "ours.xlsx")
    theirs.save(tmp_path / "theirs.xlsx")
    a = openpyxl.load_workbook(tmp_path / "ours.xlsx")
    b = openpyxl.load_workbook(tmp_path / "theirs.xlsx")
    assert a["plain"]["A1"].value == "an ordinary sheet beside the streamed one"
    wa, wb = a.active, b.active
    assert wa.dimensions == wb.dimensions == "A1:E8"
    for ra, rb in zip(wa.iter_rows(), wb.iter_rows(), strict=True):
        for ca, cb in zip(ra, rb, strict=True):
            assert (ca.value, ca.data_type, ca.number_format, ca.quotePrefix) == \
                (cb.value, cb.data_type, cb.number_format, cb.quotePrefix), ca.coordinate
            assert repr((ca.font, ca.fill, ca.border, ca.alignment)) == \
                repr((cb.font, cb.fill, cb.border, cb.alignment)), ca.coordinate
    assert from_cell(wa["A8"].value) == "\x07bell" and wa["A3"].value == "  padded  "


def test_cjk_counts_double() -> None:
    assert display_width("整改ab") == 6
    assert column_width(["整改措施\n短"], maximum=50) == 10
    assert column_width(["长" * 100], maximum=40) == 40
