"""Page framework shared by every PDF the program makes (GB/T 9704-2012 where it applies).

Portrait documents use the GB/T 9704 A4 layout: top margin 37 mm, left 28 mm, text block
156 × 225 mm, title 二号 (22 pt), body 三号 (16 pt) at 22 lines a page, page numbers
"— 3 —" in 四号 7 mm below the text block. Landscape pages are for wide tables only.
User text always goes through :func:`paragraph`/:func:`data_table`, which escape it:
reportlab paragraphs are XML markup, and a stray ``<`` or ``&`` would break the build.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as landscape_size
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table
from reportlab.platypus.tables import TableStyle

from desktop.exports.cjkpara import CJKParagraph
from desktop.exports.fonts import FontSet, register_pdf_fonts

CREATOR = "整改台账 Rectification Desk"

# GB/T 9704-2012 §5.2: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
PORTRAIT_MARGINS_MM = {"top": 37.0, "left": 28.0, "right": 26.0, "bottom": 35.0}
LANDSCAPE_MARGINS_MM = {"top": 20.0, "left": 20.0, "right": 20.0, "bottom": 20.0}

BODY_SIZE = 16.0  # 三号
TITLE_SIZE = 22.0  # 二号
PAGE_NUMBER_SIZE = 14.0  # 四号
CELL_SIZE = 10.5  # 五号
# 22 lines in the 225 mm text block (GB/T 9704 §5.2.2); a hair under so rounding never
# pushes the 22nd line onto the next page.
BODY_LEADING = 225 * mm / 22 - 0.05

WATERMARK_TEXT = "草稿"  # a Chinese document: no English word across it
WATERMARK_NOTE = "样稿 仅供核对，不作为正式证明"


def format_date_cn(d: date) -> str:
    """GB/T 9704 date: Arabic numerals without zero padding, e.g. 2026年5月1日."""
    return f"{d.year}年{d.month}月{d.day}日"


def escape_text(text: object) -> str:
    """User text → paragraph markup: escape XML specials and keep line breaks."""
    if text is None:
        return ""
    return escape(str(text)).replace("\r\n", "\n").replace("\n", "<br/>")


def paragraph(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain user text (never interpreted as markup).

    For markup of your own, build ``CJKParagraph(markup, style)`` and escape user parts
    with :func:`escape_text`.
    """
    return CJKParagraph(escape_text(text), style)


@dataclass(frozen=True)
class DocStyles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    header: ParagraphStyle


def styles() -> DocStyles:
    """Paragraph styles bound to the registered fonts (all with CJK line breaking).

    The styles are shared: derive a variant with ``ParagraphStyle(name, parent=...)``
    rather than changing one in place.
    """
    return _styles_for(register_pdf_fonts())


@lru_cache(maxsize=4)
def _styles_for(fonts: FontSet) -> DocStyles:
    # wordWrap="CJK" lets lines break between any two Han characters; without it a
    # long Chinese sentence has no break opportunities and overflows the frame.
    common: dict[str, Any] = {"wordWrap": "CJK", "textColor": colors.black}
    return DocStyles(
        title=ParagraphStyle(
            "rd-title",
            fontName=fonts.title,
            fontSize=TITLE_SIZE,
            leading=TITLE_SIZE * 1.5,
            alignment=TA_CENTER,
            spaceAfter=BODY_LEADING,
            **common,
        ),
        subtitle=ParagraphStyle(
            "rd-subtitle",
            fontName=fonts.body,
            fontSize=BODY_SIZE,
            leading=BODY_LEADING,
            alignment=TA_CENTER,
            **common,
        ),
        heading=ParagraphStyle(
            "rd-heading",
            fontName=fonts.heading,
            fontSize=BODY_SIZE,
            leading=BODY_LEADING,
            firstLineIndent=2 * BODY_SIZE,
            alignment=TA_LEFT,
            **common,
        ),
        body=ParagraphStyle(
            "rd-body",
            fontName=fonts.body,
            fontSize=BODY_SIZE,
            leading=BODY_LEADING,
            # Left, not justified: reportlab justifies only at spaces, which would tear
            # mixed Chinese/Latin lines apart; CJK lines end within a character or two anyway.
            firstLineIndent=2 * BODY_SIZE,
            alignment=TA_LEFT,
            **common,
        ),
        small=ParagraphStyle(
            "rd-small",
            fontName=fonts.body,
            fontSize=12,
            leading=20,
            alignment=TA_LEFT,
            **common,
        ),
        cell=ParagraphStyle(
            "rd-cell",
            fontName=fonts.body,
            fontSize=CELL_SIZE,
            leading=CELL_SIZE * 1.35,
            alignment=TA_LEFT,
            **common,
        ),
        header=ParagraphStyle(
            "rd-header",
            fontName=fonts.heading,
            fontSize=CELL_SIZE,
            leading=CELL_SIZE * 1.35,
            alignment=TA_CENTER,
            **common,
        ),
    )


class OfficialDocument(BaseDocTemplate):
    """A4 document with GB/T 9704 margins, page numbers and an optional DRAFT watermark."""

    def __init__(
        self,
        path_or_buffer: str | IO[bytes],
        *,
        title: str,
        issuer: str,
        landscape: bool = False,
        draft: bool = False,
        footer_note: str = "",
    ) -> None:
        self.fonts = register_pdf_fonts()
        self.is_landscape = landscape
        self.draft = draft
        self.footer_note = footer_note
        margins = LANDSCAPE_MARGINS_MM if landscape else PORTRAIT_MARGINS_MM
        super().__init__(
            path_or_buffer,
            pagesize=landscape_size(A4) if landscape else A4,
            topMargin=margins["top"] * mm,
            leftMargin=margins["left"] * mm,
            rightMargin=margins["right"] * mm,
            bottomMargin=margins["bottom"] * mm,
            title=title,
            author=issuer,
            subject=f"{title}（草稿）" if draft else title,
            creator=CREATOR,
            lang="zh-CN",
            # Otherwise every page starts with an unused, unembedded Helvetica resource.
            initialFontName=self.fonts.body,
        )
        # No frame padding: the frame *is* the GB/T 9704 text block.
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="text-block",
        )
        self.addPageTemplates(
            [PageTemplate(id="page", frames=[frame], onPageEnd=self._decorate_page)]
        )

    # Drawn after the page's flowables so the translucent watermark lies on top of table
    # shading (still visible) while the text under it stays readable.
    def _decorate_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        self._draw_page_number(canvas, doc.page)
        if self.footer_note:
            self._draw_footer_note(canvas)
        if self.draft:
            self._draw_watermark(canvas)
        canvas.restoreState()

    def _draw_page_number(self, canvas: Canvas, page: int) -> None:
        text = f"— {page} —"
        font = self.fonts.body
        canvas.setFont(font, PAGE_NUMBER_SIZE)
        canvas.setFillColor(colors.black)
        if self.is_landscape:
            canvas.drawCentredString(self.pagesize[0] / 2, self.bottomMargin / 2, text)
            return
        # GB/T 9704 §7.5: digits' lower edge 7 mm below the text block; odd pages
        # right-aligned one character in from the edge, even pages left (duplex printing).
        y = self.bottomMargin - 7 * mm
        indent = PAGE_NUMBER_SIZE
        if page % 2:
            right = self.leftMargin + self.width - indent
            canvas.drawRightString(right, y, text)
        else:
            canvas.drawString(self.leftMargin + indent, y, text)

    def _draw_footer_note(self, canvas: Canvas) -> None:
        canvas.setFont(self.fonts.body, 9)
        canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
        if self.is_landscape:
            canvas.drawString(self.leftMargin, self.bottomMargin / 2, self.footer_note)
        else:
            canvas.drawCentredString(self.pagesize[0] / 2, 12 * mm, self.footer_note)

    def _draw_watermark(self, canvas: Canvas) -> None:
        width, height = self.pagesize
        font = self.fonts.heading
        diagonal = math.hypot(width, height)
        # Big enough to be unmistakable, small enough to stay inside the page diagonal.
        size = min(110.0, 0.6 * diagonal / max(stringWidth(WATERMARK_TEXT, font, 1), 1))
        canvas.translate(width / 2, height / 2)
        canvas.rotate(math.degrees(math.atan2(height, width)))
        canvas.setFillColor(colors.Color(0.55, 0.55, 0.55))
        canvas.setFillAlpha(0.25)
        canvas.setFont(font, size)
        canvas.drawCentredString(0, -size * 0.35, WATERMARK_TEXT)
        # The note fits the diagonal too (a long note at a third of 110 pt ran off the page).
        note = min(size * 0.32, 0.55 * diagonal / max(stringWidth(WATERMARK_NOTE, font, 1), 1))
        canvas.setFont(font, note)
        canvas.drawCentredString(0, -size * 0.35 - note * 1.6, WATERMARK_NOTE)


def data_table(
    header: list[str],
    rows: list[list[str]],
    col_widths_mm: list[float],
    *,
    cell: Callable[[object, ParagraphStyle], Flowable] = paragraph,
) -> Table:
    """A bordered table of user text that splits across pages and repeats its header.

    ``cell`` makes each body cell from (text, style); long tables pass
    ``desktop.exports.textcell.TextCell``, which wraps the same way much faster.
    """
    if len(col_widths_mm) != len(header):
        raise ValueError(f"{len(header)} columns but {len(col_widths_mm)} widths")
    st = styles()
    data: list[list[Flowable]] = [[paragraph(h, st.header) for h in header]]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"row has {len(row)} cells, header has {len(header)}: {row!r}")
        data.append([cell(text, st.cell) for text in row])
    table = Table(
        data,
        colWidths=[w * mm for w in col_widths_mm],
        repeatRows=1,
        splitByRow=1,
        splitInRow=1,  # a single very long cell must not make the whole build fail
        hAlign="CENTER",
    )
    table.setStyle(
        TableStyle(
            [
                # Cell font only matters for the table's own text state; without it
                # reportlab references an unembedded Helvetica.
                ("FONT", (0, 0), (-1, -1), st.cell.fontName, CELL_SIZE),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(0.45, 0.45, 0.45)),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return table


def qr_flowable(text: str, size_mm: float) -> Drawing:
    """A QR code (reportlab's own encoder, no PIL) scaled to ``size_mm`` square."""
    widget = QrCodeWidget(text, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    size = size_mm * mm
    sx, sy = size / (x2 - x1), size / (y2 - y1)
    drawing = Drawing(size, size, transform=[sx, 0, 0, sy, -x1 * sx, -y1 * sy])
    # The renderer sets an initial font even for a text-free drawing; use an embedded one.
    drawing.initialFontName = register_pdf_fonts().body
    drawing.add(widget)
    return drawing


class SealBox(Flowable):
    """An empty dashed circle marking where the seal is pressed, with a grey label.

    For a document that gets a visible signature on this spot (``placed`` after the
    build), pass ``label=""``: the stamp is transparent and the label would show through.
    """

    def __init__(self, label: str = "（盖章）", size_mm: float = 42) -> None:
        super().__init__()
        self.label = label
        self.size = size_mm * mm
        self.hAlign = "RIGHT"  # seals sit over the issuer and date at the lower right
        # Where it was drawn, for placing a visible signature on the same spot:
        # (zero-based page index, (x1, y1, x2, y2) in PDF points). Set by draw().
        self.placed: tuple[int, tuple[float, float, float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        r = self.size / 2
        x, y = c.absolutePosition(0, 0)
        self.placed = (c.getPageNumber() - 1, (x, y, x + self.size, y + self.size))
        c.saveState()
        c.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
        c.setLineWidth(0.8)
        c.setDash(4, 3)
        c.circle(r, r, r - 0.5)
        if self.label:
            font = register_pdf_fonts().body
            c.setFont(font, 12)
            c.setFillColor(colors.Color(0.55, 0.55, 0.55))
            c.drawCentredString(r, r - 4, self.label)
        c.restoreState()


def seal_box(label: str = "（盖章）", size_mm: float = 42) -> SealBox:
    return SealBox(label, size_mm)
