"""Small shared pieces of the packet screens."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

# Light fills that keep black text readable; the words carry the meaning too.
COLOURS = {
    "on_time": "#c8e6c9", "accepted": "#c8e6c9", "passed": "#c8e6c9",
    "late": "#ffe0b2", "accepted_with_warnings": "#ffe0b2", "warning": "#ffe0b2",
    "no_change": "#bbdefb", "superseded": "#e0e0e0", "already_imported": "#e0e0e0",
    "missing": "#ffcdd2", "rejected": "#ffcdd2", "refused": "#ffcdd2",
    "pending": "#f5f5f5", "skipped": "#f5f5f5",
}


def table(headers: Sequence[str]) -> QTableWidget:
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(list(headers))
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.verticalHeader().setVisible(False)
    widget.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    widget.horizontalHeader().setStretchLastSection(True)
    return widget


def fill(widget: QTableWidget, rows: Sequence[Sequence[object]],
         states: Sequence[str | None] | None = None) -> None:
    """Put rows in; ``states`` colours a whole row by a state key of :data:`COLOURS`."""
    widget.setRowCount(len(rows))
    for r, values in enumerate(rows):
        colour = COLOURS.get(states[r] or "") if states else None
        for c, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            if colour:
                item.setBackground(QColor(colour))
            widget.setItem(r, c, item)
