"""One text rule for every way into the ledger (the window, the Excel import, packets).

A value is refused, with the same words whichever way it came, when it holds a control
character (NUL included: openpyxl turns Excel's ``_x0000_`` into one), a lone surrogate
(cannot be stored as UTF-8), a character that flips the reading direction (a file named
``invoice\u202efdp.exe`` reads as ``invoiceexe.pdf``), or is longer than its field
allows; numbers must fit SQLite's 64-bit integers or be finite. Plain Python: the
callers give the field's label as the clerk knows it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from desktop.i18n import Msg

__all__ = [
    "BIDI_CONTROLS",
    "LONG_MAX",
    "NAME_FIELDS",
    "NAME_MAX",
    "check_field",
    "check_number",
    "check_text",
    "check_value",
    "escape_untrusted",
    "is_clean",
    "neutralise_bidi",
    "record_is_clean",
]

NAME_MAX = 200
LONG_MAX = 10_000
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
# Embeddings, overrides, isolates and the invisible direction marks.
BIDI_CONTROLS = frozenset(
    chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
)
# Fields that name something (one line, short); every other text field is narrative.
NAME_FIELDS = frozenset({
    "case_no", "name", "title", "file_name", "unit_name", "unit_code", "code", "owner",
    "location", "category", "indicator", "indicator_code", "complainant_name",
    "complainant_phone", "complainant_id", "requested_by", "checked_by", "decided_by",
    "responsible", "person", "phone", "status", "substantiated", "rectification_status",
    "period", "media_type", "sha256",
})


_DIRECTION = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# One C-speed search per value (imports check every field of thousands of records).
_FORBIDDEN_LONG = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_DIRECTION}\ud800-\udfff]")
_FORBIDDEN_NAME = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_DIRECTION}\ud800-\udfff]")


def _bad_char(value: str, multiline: bool) -> tuple[str, Msg] | None:
    """The first forbidden character and what it is, in words."""
    found = (_FORBIDDEN_LONG if multiline else _FORBIDDEN_NAME).search(value)
    if found is None:
        return None
    ch = found.group()
    if ch in BIDI_CONTROLS:
        return ch, Msg("文字方向控制符", "a text direction control")
    if 0xD800 <= ord(ch) <= 0xDFFF:
        return ch, Msg("不成对的代理字符", "a lone surrogate")
    return ch, Msg("控制字符", "a control character")


def check_text(value: str, label: str, max_len: int = NAME_MAX, *,
               multiline: bool = False) -> Msg | None:
    """Why ``value`` cannot be stored in the field ``label`` (None: it can)."""
    bad = _bad_char(value, multiline)
    if bad is not None:
        ch, what = bad
        return Msg(f"“{label}”含有不允许的字符（{what.zh} U+{ord(ch):04X}），请删除后再输入。",
                   f"“{label}” contains a character that is not allowed "
                   f"({what.en} U+{ord(ch):04X}); remove it.")
    if len(value) > max_len:
        return Msg(f"“{label}”过长（{len(value)} 字，最多 {max_len} 字）。",
                   f"“{label}” is too long ({len(value)} characters, at most {max_len}).")
    return None


def is_clean(name: str, value: Any) -> bool:
    """Quick yes for the common case (plain text within limits, a number, a date): one
    regex search, so a merge can ask it of every field of thousands of records."""
    if value.__class__ is str:
        if name in NAME_FIELDS:
            return len(value) <= NAME_MAX and _FORBIDDEN_NAME.search(value) is None
        return len(value) <= LONG_MAX and _FORBIDDEN_LONG.search(value) is None
    if value.__class__ is int:
        return INT_MIN <= value <= INT_MAX
    if value.__class__ is float:
        return math.isfinite(value)
    return not isinstance(value, str | int | float | list | tuple | dict) or isinstance(
        value, bool)


def record_is_clean(row: dict[str, Any]) -> bool:
    """:func:`is_clean` for a whole record at once: its names and its texts each joined
    (by a tab, allowed in both) and searched once; False sends the caller to the
    field-by-field check for the words."""
    names: list[str] = []
    texts: list[str] = []
    for key, value in row.items():
        cls = value.__class__
        if cls is str:
            if key in NAME_FIELDS:
                if len(value) > NAME_MAX:
                    return False
                names.append(value)
            else:
                if len(value) > LONG_MAX:
                    return False
                texts.append(value)
        elif cls is int:
            if not INT_MIN <= value <= INT_MAX:
                return False
        elif cls is float:
            if not math.isfinite(value):
                return False
        elif cls is list or cls is tuple or cls is dict:
            return False
    return (_FORBIDDEN_NAME.search("\t".join(names)) is None
            and _FORBIDDEN_LONG.search("\t".join(texts)) is None)


def check_field(name: str, value: Any, label: str) -> Msg | None:
    """The rule for the stored field ``name`` (its limits follow from the name)."""
    if name in NAME_FIELDS:
        return check_value(value, label, NAME_MAX, multiline=False)
    return check_value(value, label, LONG_MAX, multiline=True)


def check_number(value: int | float, label: str) -> Msg | None:
    """Integers within SQLite's 64 bits, floats finite."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
        return Msg(f"“{label}”的数值超出范围。", f"“{label}” is out of range.")
    if isinstance(value, float) and not math.isfinite(value):
        return Msg(f"“{label}”应为有限的数字。", f"“{label}” must be a finite number.")
    return None


def check_value(value: Any, label: str, max_len: int = LONG_MAX, *,
                multiline: bool = True) -> Msg | None:
    """The rule applied to any stored value: text, numbers, and lists of them (JSON)."""
    if isinstance(value, str):
        return check_text(value, label, max_len, multiline=multiline)
    if isinstance(value, int | float):
        return check_number(value, label)
    if isinstance(value, list | tuple):
        for item in value:
            problem = check_value(item, label, max_len, multiline=multiline)
            if problem is not None:
                return problem
    if isinstance(value, dict):
        for key, item in value.items():
            problem = check_value(key, label, max_len) or check_value(
                item, label, max_len, multiline=multiline)
            if problem is not None:
                return problem
    return None


def neutralise_bidi(text: str) -> str:
    """``text`` without direction controls, for public documents."""
    if not any(ch in BIDI_CONTROLS for ch in text):
        return text
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)


def escape_untrusted(text: str) -> str:
    """``text`` safe to print on a terminal: control characters, ESC, direction controls,
    lone surrogates and other invisible format characters shown as visible escapes
    (``\\x1b``, ``\\u202e``); ordinary Chinese text is left as it is."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif (ch in BIDI_CONTROLS or 0xD800 <= code <= 0xDFFF
              or unicodedata.category(ch) in ("Cf", "Co", "Cn", "Zl", "Zp")):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)
