"""The always-visible count of tasks per warning light; a click filters the ledger."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from desktop.domain.lights import LABELS, Light
from desktop.ui.style import light_icon


class LightCounts(QWidget):
    light_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QToolButton] = {}
        for lt in Light:
            b = QToolButton(self)
            b.setIcon(light_icon(lt.value))
            b.setAutoRaise(True)
            b.setToolButtonStyle(b.toolButtonStyle().ToolButtonTextBesideIcon)
            b.setToolTip(self.tr("只看这一类任务"))
            b.clicked.connect(lambda _c=False, v=lt.value: self.light_clicked.emit(v))
            layout.addWidget(b)
            self.buttons[lt.value] = b
        self.set_counts({})

    def set_counts(self, counts: dict[str, int]) -> None:
        for lt in Light:
            self.buttons[lt.value].setText(f"{LABELS[lt]} {counts.get(lt.value, 0)}")
