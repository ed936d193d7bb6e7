"""Small charts painted with QPainter (no QtCharts, so no PySide6-Addons wheel):
horizontal bars with a label and a value, and columns over time."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#4a7bd0")
GRID = QColor("#d0d4da")
TEXT = QColor("#202124")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # what is written after the bar
    colour: QColor = field(default_factory=lambda: QColor(BAR))
    marker: float | None = None  # a target line, in the same scale as value


class BarChart(QWidget):
    """Horizontal bars; ``maximum`` fixes the scale (e.g. 100 for percentages)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[Bar] = []
        self.maximum: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: list[Bar], maximum: float | None = None) -> None:
        self.bars, self.maximum = bars, maximum
        self.updateGeometry()
        self.update()

    def _line(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        return QSize(360, self._line() * (len(self.bars) + 1) + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm, line = self.fontMetrics(), self._line()
        bold = p.font()
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(TEXT)
        p.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self.font())
        if not self.bars:
            return
        # A little slack: elidedText cuts text whose width equals the limit exactly.
        label_w = min(max(fm.horizontalAdvance(b.label) for b in self.bars) + 12,
                      self.width() // 2)
        text_w = max(fm.horizontalAdvance(b.text) for b in self.bars) + 8
        area = max(10.0, self.width() - label_w - text_w - 4)
        top = max([b.value for b in self.bars] + [b.marker or 0 for b in self.bars])
        scale = area / (self.maximum or top or 1)
        for i, b in enumerate(self.bars):
            y = line * (i + 1) + 2
            p.setPen(TEXT)
            label = fm.elidedText(b.label, Qt.TextElideMode.ElideRight, label_w - 4)
            p.drawText(QRectF(0, y, label_w - 2, line), Qt.AlignmentFlag.AlignRight
                       | Qt.AlignmentFlag.AlignVCenter, label)
            width = max(0.0, min(area, b.value * scale))
            p.fillRect(QRectF(label_w, y + 3, width, line - 8), b.colour)
            if b.marker is not None:
                x = label_w + min(area, b.marker * scale)
                p.setPen(QPen(TEXT, 2))
                p.drawLine(int(x), y + 1, int(x), y + line - 3)
            p.setPen(TEXT)
            # The value goes after the bar or the target line, whichever is further right.
            end = max(width, min(area, (b.marker or 0) * scale) + 2)
            p.drawText(QRectF(label_w + end + 4, y, text_w + area, line),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, b.text)


class ColumnChart(QWidget):
    """Vertical columns with a label under each (weeks ahead, for instance)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.columns: list[tuple[str, float]] = []
        self.setMinimumHeight(self.fontMetrics().height() * 9)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_columns(self, columns: list[tuple[str, float]]) -> None:
        self.columns = columns
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        fm = self.fontMetrics()
        line = fm.height() + 6
        bold = p.font()
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(TEXT)
        p.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self.font())
        if not self.columns:
            return
        top, bottom = line * 2, self.height() - line
        height = max(10, bottom - top)
        step = self.width() / len(self.columns)
        peak = max(v for _l, v in self.columns) or 1
        p.setPen(GRID)
        p.drawLine(0, bottom, self.width(), bottom)
        # One stride for all labels (from the widest), so they never overlap or jump.
        widest = max(fm.horizontalAdvance(label) for label, _v in self.columns) + 8
        stride = max(1, int(widest // step) + 1)
        for i, (label, value) in enumerate(self.columns):
            x = i * step
            h = height * value / peak
            p.fillRect(QRectF(x + step * 0.15, bottom - h, step * 0.7, h), BAR)
            p.setPen(TEXT)
            if value:
                p.drawText(QRectF(x, bottom - h - line, step, line),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                           f"{value:g}")
            if i % stride == 0:
                left = min(max(0.0, x + step / 2 - widest / 2), self.width() - widest)
                p.drawText(QRectF(left, bottom, widest, line),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)
