"""Chinese line breaking (避头尾) for reportlab paragraphs.

reportlab's CJK wrapping knows the Japanese "cannot start a line" set only, so lines
began with "，" or "：", and it lets at most one such character hang into the margin, so
"）。" at a line end still left "。" at the start of the next line. Here a line break
instead moves the last character(s) down with the punctuation (the usual Chinese
practice), keeps Latin words and numbers whole and never ends a line with an opening
bracket or quote. Everything stays inside the text block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import Paragraph
from reportlab.rl_config import _FUZZ

# Must not start a line (GB/T 15834 closing marks, units that belong to a number).
CANNOT_START = frozenset(
    "，。、：；！？）》〉」』】〕〗”’…—～·％‰℃°㎡㎏㎞,.:;!?)]}%'\"" + rl_paragraph.ALL_CANNOT_START
)
# Must not end a line (opening marks).
CANNOT_END = frozenset("（《〈「『【〔〖“‘([{")


def _is_word_char(ch: str) -> bool:
    """Part of a Latin word or number that should not be split across lines."""
    return bool(ch) and ord(ch) < 0x2E80 and not ch.isspace() and ch not in CANNOT_START


def break_index(text: Sequence[str], start: int, overflow: int) -> int:
    """Where the next line starts, given that ``text[overflow]`` does not fit.

    ``text[start:result]`` becomes the current line; the result is always > ``start``.
    """

    def acceptable(k: int) -> bool:
        before, after = text[k - 1], text[k]
        if after in CANNOT_START or before in CANNOT_END:
            return False  # 避头尾
        return not (_is_word_char(before) and _is_word_char(after))  # keep words whole

    candidate = overflow
    while not acceptable(candidate):
        if candidate - 1 <= start:
            return overflow  # nothing acceptable on this line (e.g. a long URL): cut here
        candidate -= 1
    return candidate


def break_lines(units: Sequence[Any], max_widths: Sequence[float]) -> list[tuple[int, int, bool]]:
    """Split glyph units (str subclasses with ``.width`` and ``.frag``) into lines.

    Returns ``(start, end, forced)`` index ranges; ``forced`` marks a ``<br/>`` break.
    """
    lines: list[tuple[int, int, bool]] = []
    n = len(units)
    start = i = 0
    used = 0.0

    def max_width() -> float:
        return max_widths[min(len(lines), len(max_widths) - 1)]

    while i < n:
        u = units[i]
        if hasattr(u.frag, "lineBreak"):
            lines.append((start, i + 1, True))
            start = i = i + 1
            used = 0.0
            continue
        if used + u.width <= max_width() + _FUZZ or i == start:
            used += u.width
            i += 1
            continue
        b = break_index(units, start, i)
        lines.append((start, b, False))
        # A space that would open the next line is dropped (it only marked the break).
        while b < n and units[b] == " ":
            b += 1
        start = i = b
        used = 0.0
    if start < n:
        lines.append((start, n, False))
    return lines


class CJKParagraph(Paragraph):
    """A Paragraph with Chinese line-breaking rules when its style has wordWrap='CJK'."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # reportlab's hook name
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara  # second half of a split: lines already computed
        if self.bulletText or self.style.endDots:
            return super().breakLinesCJK(maxWidths)
        self.height = 0
        units: list[Any] = []
        for frag in self.frags:
            text = frag.text
            if isinstance(text, bytes):
                text = text.decode("utf8")
            if text:
                units.extend(rl_paragraph.cjkU(ch, frag, "utf8") for ch in text)
            else:  # <br/> and inline images are empty-text frags; keep them as units
                units.append(rl_paragraph.cjkU(text, frag, "utf8"))
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        calc_bounds = auto_leading not in ("", "off")
        lines = []
        for index, (start, end, forced) in enumerate(break_lines(units, maxWidths)):
            width = maxWidths[min(index, len(maxWidths) - 1)]
            used = sum(u.width for u in units[start:end])
            line = rl_paragraph.makeCJKParaLine(
                units[start:end], width, used, width - used, forced, calc_bounds
            )
            lines.append(line)
        return rl_paragraph.ParaLines(kind=1, lines=lines)
