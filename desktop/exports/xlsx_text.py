"""User text in and out of worksheet cells, exactly.

Three things stand between a clerk's text and a cell:

* XML 1.0 cannot carry most C0 control characters, U+FFFE/U+FFFF or lone
  surrogates, and openpyxl refuses them (IllegalCharacterError).  OOXML's own
  escape (ST_Xstring) writes such a character as ``_xHHHH_``; a literal text that
  already looks like ``_xHHHH_`` is protected by escaping its underscore as
  ``_x005F_``.  Excel and LibreOffice decode the same way, so the clerk sees the
  real text, and :func:`from_cell` undoes it on import.
* A carriage return survives only as a character reference, which depends on
  the XML writer in use (lxml writes one, the standard library does not), so CR
  is escaped too.
* A leading ``= + - @`` makes openpyxl store a formula.  :func:`put_text` sets the
  value and the type directly, so the cell is always a string.

Known limit: openpyxl reads *shared* strings (what Excel and LibreOffice write
when they save) by deleting every ``x005F_``, so a literal ``_xHHHH_`` in text a
clerk saved from Excel comes back decoded.  Our own exports use inline strings,
which openpyxl returns untouched, so export → import is exact.
"""

from __future__ import annotations

import re
import unicodedata
from copy import copy

from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray

# Characters XML 1.0 cannot hold, plus CR (see above).
_MUST_ESCAPE = re.compile(
    "[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
)
_ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")

EXCEL_MAX_CHARS = 32_767
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def to_cell(text: str) -> str:
    """Escape ``text`` for a cell; reversible by :func:`from_cell`."""
    # Protect look-alikes first, so the escapes added next are not escaped again.
    text = _ESCAPE_LIKE.sub("_x005F_", text)
    return _MUST_ESCAPE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def from_cell(text: str) -> str:
    """Undo :func:`to_cell` (and Excel's own escapes) in one left-to-right pass."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def put_text(cell: Cell, text: str | None) -> None:
    """Write user text as a string cell, never a formula, never truncated.

    ``Cell.value`` would both turn a leading '=' into a formula and silently cut
    the *escaped* text at 32,767 characters; Excel's limit applies to the decoded
    text, so we set the stored value and its type ourselves.
    """
    if text is None or text == "":
        cell.value = None
        return
    cell._value = to_cell(text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        # Excel keeps the cell text even when a clerk edits it again.  The style
        # array is copied first: cells stamped from one style may share it.
        style = copy(cell._style) if cell._style is not None else StyleArray()
        style.quotePrefix = 1
        cell._style = style


def needs_quote_prefix(text: str) -> bool:
    """Would Excel (or openpyxl) take ``text`` for a formula when a clerk edits it?"""
    return text.startswith(FORMULA_STARTS)


def inline_string_xml(text: str) -> str:
    """The ``<is>`` element for a string cell holding ``text``: what :func:`put_text`
    gives after openpyxl writes it (escaped by :func:`to_cell`, so always valid XML
    and never a formula), for sheets whose cells we serialise ourselves."""
    value = to_cell(text)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if value != value.strip():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def display_width(text: str) -> int:
    """Width in Excel's character units: CJK and full-width forms count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_width(texts: list[str], *, minimum: int = 6, maximum: int = 50) -> float:
    """A width that fits the longest line of ``texts`` (wrapped beyond ``maximum``)."""
    widest = 0
    for text in texts:
        for line in text.splitlines() or [""]:
            widest = max(widest, display_width(line))
    return float(max(minimum, min(maximum, widest + 2)))
