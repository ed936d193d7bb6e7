"""Pieces every workbook we write shares: progress and cancelling, safe saving,
header styling, print setup."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.exports.xlsx_text import column_width, put_text
from desktop.fileio import atomic_output
from desktop.i18n import Msg, UserError

ProgressFn = Callable[[int, int], None]


class Cancelled(Exception):
    """Raised by a progress callback to stop an export or import; nothing is kept."""


class Ticker:
    """Calls ``progress(done, total)`` every ``every`` steps and at the end, so a
    progress bar moves without a callback per cell."""

    def __init__(self, progress: ProgressFn | None, total: int, every: int = 200) -> None:
        self.progress, self.total, self.every = progress, max(total, 1), every
        self.done = 0
        self._last = 0

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.progress and (self.done - self._last >= self.every or self.done >= self.total):
            self._last = self.done
            self.progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.progress:
            self.progress(self.total, self.total)


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ID_FONT = Font(color="808080", size=9)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
_THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
PERCENT_FORMAT = '0"%"'


def write_header(ws: Worksheet, headers: Sequence[str]) -> None:
    for col, title in enumerate(headers, 1):
        cell = ws.cell(1, col)
        put_text(cell, title)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def fit_columns(ws: Worksheet, samples: Sequence[list[str]], *,
                maximum: Sequence[int] | None = None) -> None:
    """Set widths from the header and a sample of values (CJK counts double)."""
    for col, texts in enumerate(samples, 1):
        cap = maximum[col - 1] if maximum else 50
        ws.column_dimensions[get_column_letter(col)].width = column_width(texts, maximum=cap)


def print_setup(ws: Worksheet, title: str) -> None:
    """A4 landscape, fit to the page width, header row on every page, page numbers."""
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def save_atomically(wb: Workbook, out: Path) -> None:
    """A failed or cancelled export never leaves half a file where the clerk expects
    the old one."""
    try:
        with atomic_output(Path(out)) as handle:
            wb.save(handle)
    except OSError as e:
        raise unwritable(Path(out), e) from e


def unwritable(out: Path, e: OSError) -> UserError:
    return UserError(Msg(
        f"无法写入“{out}”：{e.strerror or e}。请换一个文件夹，或关闭正在打开它的程序。",
        f"Cannot write “{out}”: {e.strerror or e}. Choose another folder or close the "
        "program that has it open.",
    ))


class Stamp:
    """A fixed cell style applied by copying its index array.

    Assigning ``cell.font`` / ``cell.alignment`` hashes the style object and looks
    it up in the workbook's tables on every call, which dominates a city export of
    a few hundred thousand cells; after the first cell we copy the resulting
    (workbook-specific) style indices instead.  Make one Stamp per workbook.
    """

    def __init__(self, **attrs: Any) -> None:
        self.attrs = attrs
        self._array: StyleArray | None = None

    def apply(self, cell: Any) -> None:
        if self._array is None:
            for name, value in self.attrs.items():
                setattr(cell, name, value)
            self._array = copy(cell._style)
        else:
            cell._style = copy(self._array)


class CellStyles:
    """The few body-cell styles our sheets use, stamped per workbook."""

    def __init__(self) -> None:
        self.wrap = Stamp(alignment=WRAP)
        self.top = Stamp(alignment=TOP)
        self.ident = Stamp(font=ID_FONT, alignment=TOP)
        self.date = Stamp(alignment=TOP, number_format=DATE_FORMAT)
        self.percent = Stamp(alignment=TOP, number_format=PERCENT_FORMAT)
