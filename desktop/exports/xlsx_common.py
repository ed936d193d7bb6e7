"""Pieces every workbook we write shares: progress and cancelling, safe saving,
header styling, print setup, and sheets whose cells we serialise ourselves
(:class:`StreamedWorkbook`) for the big exports."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from copy import copy
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

from desktop.exports.xlsx_text import (
    column_width,
    display_width,
    inline_string_xml,
    needs_quote_prefix,
    put_text,
)
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


HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")


def write_header(ws: Worksheet, headers: Sequence[str]) -> None:
    for col, title in enumerate(headers, 1):
        cell = ws.cell(1, col)
        put_text(cell, title)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = HEADER_ALIGNMENT


def fit_columns(ws: Worksheet, samples: Sequence[list[str]], *,
                maximum: Sequence[int] | None = None) -> None:
    """Set widths from the header and a sample of values (CJK counts double)."""
    for col, texts in enumerate(samples, 1):
        cap = maximum[col - 1] if maximum else 50
        ws.column_dimensions[get_column_letter(col)].width = column_width(texts, maximum=cap)


DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters
LINE_HEIGHT = 15.0  # points per line of 11 pt text (Chinese fonts need the full 15)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` characters wide
    (Chinese characters count two, as Excel measures them)."""
    room = max(width - 1.5, 1.0)  # the cell's padding
    return sum(max(1, -(-display_width(line) // int(room)))
               for line in text.split("\n"))


def print_columns(ws: Worksheet, first: int, last: int, rows: int) -> None:
    """Print only columns ``first``..``last`` (the identifier columns are for import,
    not for reading on paper)."""
    ws.print_area = f"{get_column_letter(first)}1:{get_column_letter(last)}{max(rows, 1)}"


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
        self._ids: tuple[int, int] | None = None

    def _array_for(self, cell: Any) -> StyleArray:
        if self._array is None:
            for name, value in self.attrs.items():
                setattr(cell, name, value)
            self._array = copy(cell._style)
        return self._array

    @property
    def wraps(self) -> bool:
        alignment = self.attrs.get("alignment")
        return bool(alignment is not None and alignment.wrap_text)

    def apply(self, cell: Any) -> None:
        if self._array is None:
            self._array_for(cell)
        else:
            cell._style = copy(self._array)

    def ids(self, ws: Worksheet) -> tuple[int, int]:
        """The workbook's cell-format index of this style, plain and with Excel's
        quote prefix (for text a clerk's edit would turn into a formula)."""
        if self._ids is None:
            array = self._array_for(Cell(ws))
            # The workbook keeps the very array it is given: one each, never changed.
            plain, quoted = Cell(ws), Cell(ws)
            plain._style, quoted._style = copy(array), copy(array)
            quoted._style.quotePrefix = 1
            self._ids = (plain.style_id, quoted.style_id)
        return self._ids


def header_stamp(fill: PatternFill = HEADER_FILL) -> Stamp:
    return Stamp(font=HEADER_FONT, fill=fill, border=BORDER, alignment=HEADER_ALIGNMENT)


class CellStyles:
    """The few body-cell styles our sheets use, stamped per workbook."""

    def __init__(self) -> None:
        self.wrap = Stamp(alignment=WRAP)
        self.top = Stamp(alignment=TOP)
        self.ident = Stamp(font=ID_FONT, alignment=TOP)
        self.date = Stamp(alignment=TOP, number_format=DATE_FORMAT)
        self.percent = Stamp(alignment=TOP, number_format=PERCENT_FORMAT)
        self.header = header_stamp()


# -- sheets whose cells we serialise ourselves ---------------------------------------

_LETTERS = [get_column_letter(i) for i in range(1, 257)]
_SHEET_DATA = (b"<sheetData></sheetData>", b"<sheetData/>")
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


class SheetRows:
    """The cells of one worksheet of a :class:`StreamedWorkbook`, as SpreadsheetML.

    Rows come in order (:meth:`new_row`), and within a row cells in column order;
    each cell takes a :class:`Stamp` for its style.  Text goes through the same
    escaping as :func:`put_text`: always a string, never a formula.
    """

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._epoch = ws.parent.epoch
        # (row number, its cells' XML, wrapped texts by column) per finished row
        self._rows: list[tuple[int, str, dict[int, str]]] = []
        self._cells: list[str] = []
        self._wrapped: dict[int, str] = {}
        self.row = 0  # the current row's number
        self.max_col = 0

    def new_row(self) -> int:
        self._close_row()
        self.row += 1
        return self.row

    def _close_row(self) -> None:
        if self._cells:
            self._rows.append((self.row, "".join(self._cells), self._wrapped))
            self._cells = []
            self._wrapped = {}

    def _ref(self, col: int) -> str:
        if col > self.max_col:
            self.max_col = col
        return f"{_LETTERS[col - 1]}{self.row}"

    def text(self, col: int, text: str | None, stamp: Stamp) -> None:
        """User text, as :func:`put_text` writes it; empty text writes no cell."""
        if not text:
            return
        plain, quoted = stamp.ids(self.ws)
        style = quoted if needs_quote_prefix(text) else plain
        if stamp.wraps:
            self._wrapped[col] = text
        self._cells.append(f'<c r="{self._ref(col)}" s="{style}" t="inlineStr">'
                           f"{inline_string_xml(text)}</c>")

    def number(self, col: int, value: float | None, stamp: Stamp) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"not a number: {value!r}")
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"not a finite number: {value!r}")
        self._cells.append(f'<c r="{self._ref(col)}" s="{stamp.ids(self.ws)[0]}" t="n">'
                           f"<v>{value:.16g}</v></c>")

    def blank(self, col: int, stamp: Stamp) -> None:
        """An empty cell that carries a style (a format for what a clerk types)."""
        self._cells.append(f'<c r="{self._ref(col)}" s="{stamp.ids(self.ws)[0]}"/>')

    def date(self, col: int, value: date | None, stamp: Stamp) -> None:
        """A date as Excel's serial number (give the stamp a date format)."""
        if value is None:
            return
        serial = to_excel(value, self._epoch)
        self._cells.append(f'<c r="{self._ref(col)}" s="{stamp.ids(self.ws)[0]}" t="n">'
                           f"<v>{serial:.16g}</v></c>")

    def header(self, titles: Sequence[str], stamps: Sequence[Stamp] | Stamp) -> None:
        """Row 1: the column titles."""
        if self.row:
            raise ValueError("the header must be the first row")
        self.new_row()
        for col, title in enumerate(titles, 1):
            stamp = stamps if isinstance(stamps, Stamp) else stamps[col - 1]
            self.text(col, title, stamp)

    def _widths(self) -> dict[int, float]:
        dims = self.ws.column_dimensions
        return {c: dims[_LETTERS[c - 1]].width or DEFAULT_WIDTH
                for c in range(1, self.max_col + 1)}

    @staticmethod
    def _row_xml(r: int, cells: str, wrapped: dict[int, str], widths: dict[int, float]) -> str:
        """A row with wrapped text gets the height of its tallest cell: neither Excel nor
        LibreOffice sizes rows on opening, and printed lines ran into the next row."""
        if not wrapped:
            return f'<row r="{r}">{cells}</row>'
        lines = max(wrapped_lines(text, widths.get(c, DEFAULT_WIDTH))
                    for c, text in wrapped.items())
        if lines <= 1:
            return f'<row r="{r}">{cells}</row>'
        height = min(409.0, lines * LINE_HEIGHT + 2)  # 409 pt: Excel's tallest row
        return f'<row r="{r}" ht="{height:g}" customHeight="1">{cells}</row>'

    @property
    def dimension(self) -> str:
        last = f"{_LETTERS[max(self.max_col, 1) - 1]}{max(self.row, 1)}"
        return "A1" if last == "A1" else f"A1:{last}"

    def splice(self, skeleton: bytes, out: IO[bytes]) -> None:
        """Write the worksheet part openpyxl made (``skeleton``) with our rows in
        place of its empty ``<sheetData>``."""
        self._close_row()
        for marker in _SHEET_DATA:
            at = skeleton.find(marker)
            if at >= 0:
                break
        else:
            raise ValueError(f"{self.ws.title}: a streamed sheet must not hold openpyxl cells")
        head = _DIMENSION.sub(f'<dimension ref="{self.dimension}"/>'.encode(),
                              skeleton[:at], count=1)
        out.write(head)
        out.write(b"<sheetData>")
        widths = self._widths()
        for start in range(0, len(self._rows), 500):
            out.write("".join(self._row_xml(r, cells, wrapped, widths)
                              for r, cells, wrapped in self._rows[start:start + 500])
                      .encode("utf-8"))
        out.write(b"</sheetData>")
        out.write(skeleton[at + len(marker):])


class StreamedWorkbook(Workbook):
    """An openpyxl workbook some of whose sheets get their cells from :class:`SheetRows`.

    openpyxl spends tens of microseconds on each cell it holds and writes (a Cell
    object, a style lookup, nested lxml elements), several seconds for the city
    ledger's 135,000 cells; its write-only mode saves only part of that.  Here
    openpyxl still writes everything else — column widths, frozen panes, dropdowns,
    conditional formats, print setup, the styles part — and :meth:`save` puts the
    rows we serialised in place of the empty ``<sheetData>`` of those sheets.
    Cells of a streamed sheet are therefore not readable from this object; the
    saved file is an ordinary workbook.
    """

    def __init__(self) -> None:
        super().__init__()
        self._streamed: list[SheetRows] = []

    def rows(self, ws: Worksheet) -> SheetRows:
        for rows in self._streamed:
            if rows.ws is ws:
                return rows
        rows = SheetRows(ws)
        self._streamed.append(rows)
        return rows

    def save(self, filename: Any) -> None:
        skeleton = BytesIO()
        super().save(skeleton)
        parts = {rows.ws.path.lstrip("/"): rows for rows in self._streamed}
        with ZipFile(skeleton) as src, \
                ZipFile(filename, "w", ZIP_DEFLATED, allowZip64=True) as dst:
            for info in src.infolist():
                data = src.read(info)
                rows = parts.get(info.filename)
                if rows is None:
                    dst.writestr(info, data)
                    continue
                target = ZipInfo(info.filename, date_time=info.date_time)
                target.compress_type = ZIP_DEFLATED
                with dst.open(target, "w") as out:
                    rows.splice(data, out)
