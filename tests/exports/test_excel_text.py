"""Cell text escaping: reversible, XML-safe, never a formula."""

from __future__ import annotations

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

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


def test_cjk_counts_double() -> None:
    assert display_width("整改ab") == 6
    assert column_width(["整改措施\n短"], maximum=50) == 10
    assert column_width(["长" * 100], maximum=40) == 40
