"""A plain-text table cell that wraps Chinese the way CJKParagraph does, but fast.

A city report holds ~13 000 cells. As reportlab Paragraphs each one is parsed as XML
markup, then wrapped three times (table sizing, page split, drawing): 20 s for the
city ledger. A TextCell measures each distinct character once, wraps once per column
width (cached) with cjkpara's 避头尾 rule, and draws with drawString; it looks the same
as a Paragraph cell in the same style (same first baseline, same leading). Being plain
text it needs no escaping: ``<`` and ``&`` are drawn as they are.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table
from reportlab.rl_config import _FUZZ

from desktop.exports.cjkpara import break_index
from desktop.exports.pdfdoc import data_table, styles

_widths: dict[tuple[str, str, float], float] = {}


def _char_width(ch: str, font: str, size: float) -> float:
    key = (ch, font, size)
    w = _widths.get(key)
    if w is None:
        w = _widths[key] = stringWidth(ch, font, size)
    return w


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (a line break in the text is kept)."""
    lines: list[str] = []
    for part in text.split("\n"):
        start, used, i, n = 0, 0.0, 0, len(part)
        while i < n:
            w = _char_width(part[i], font, size)
            if used + w <= width + _FUZZ or i == start:
                used += w
                i += 1
                continue
            b = break_index(part, start, i)
            lines.append(part[start:b].rstrip(" "))
            while b < n and part[b] == " ":  # the space only marked the break
                b += 1
            start = i = b
            used = 0.0
        lines.append(part[start:])
    return lines


class TextCell(Flowable):
    """Plain text in one ParagraphStyle (font, size, leading, alignment, colour)."""

    def __init__(self, text: object, style: ParagraphStyle,
                 lines: list[str] | None = None) -> None:
        super().__init__()
        self.text = "" if text is None else str(text).replace("\r\n", "\n").replace("\r", "\n")
        self.style = style
        self._lines = lines
        self._wrapped_for: float | None = None if lines is None else -1.0

    def _lines_for(self, width: float) -> list[str]:
        if self._wrapped_for == -1.0 and self._lines is not None:
            return self._lines  # the second half of a split keeps its lines
        if self._lines is None or self._wrapped_for != width:
            st = self.style
            self._lines = wrap_text(self.text, st.fontName, st.fontSize, width)
            self._wrapped_for = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self._lines_for(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._lines_for(availWidth)
        fit = int((availHeight + _FUZZ) // self.style.leading)
        if fit < 1 or fit >= len(lines):
            return []
        return [TextCell(self.text, self.style, lines[:fit]),
                TextCell(self.text, self.style, lines[fit:])]

    def draw(self) -> None:
        st, c = self.style, self.canv
        lines = self._lines_for(self.width)
        c.setFont(st.fontName, st.fontSize)
        c.setFillColor(st.textColor)
        y = self.height - st.fontSize  # first baseline where a Paragraph puts it
        for line in lines:
            if st.alignment == TA_RIGHT:
                c.drawRightString(self.width, y, line)
            elif st.alignment == TA_CENTER:
                c.drawCentredString(self.width / 2, y, line)
            else:
                c.drawString(0, y, line)
            y -= st.leading


def fast_table(header: list[str], rows: list[list[str]], widths_mm: list[float],
               *right: int) -> Table:
    """pdfdoc.data_table with TextCells, the columns ``right`` right-aligned (figures).

    TableStyle's ALIGN does not reach cell flowables, so those cells get a right-aligned
    style instead; a TextCell reads its alignment only when drawing.
    """
    table = data_table(header, rows, widths_mm, cell=TextCell)
    if right:
        aligned = ParagraphStyle("rd-cell-right", parent=styles().cell, alignment=TA_RIGHT)
        for row in table._cellvalues[1:]:
            for col in right:
                row[col].style = aligned
    return table
