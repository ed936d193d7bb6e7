"""Colours and small painted icons shared by the views."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHeaderView

LIGHT_COLOURS = {
    "red": QColor("#d93025"),
    "yellow": QColor("#e8a200"),
    "green": QColor("#1e8e3e"),
    "none": QColor("#9aa0a6"),
}
ERROR_STYLE = "color: #c5221f;"
INVALID_EDITOR = "border: 1px solid #c5221f; background: #fdecea;"


@cache
def light_icon(light: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(LIGHT_COLOURS.get(light, LIGHT_COLOURS["none"]))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pix)


def fit_headers(header: QHeaderView) -> None:
    """Widen any section too narrow for its title (and sort arrow): widths set in em
    suit Chinese labels but cut English ones, and fonts differ between machines."""
    for i in range(header.count()):
        wanted = header.sectionSizeFromContents(i).width()
        if wanted > header.sectionSize(i):
            header.resizeSection(i, wanted)
