"""The month grid's table model: one row per open task, last month's entry beside
this month's editable percent, narrative, difficulties and next steps.

The model does not write: ``setData`` hands the typed value to a ``saver`` (the view,
which goes through the undo stack and the services) and keeps the reason when the
saver refuses, so the cell can show why beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.services.reporting import ReportLine
from desktop.ui.rows_model import Index, RowsModel
from desktop.ui.style import LIGHT_COLOURS, light_icon

# Column → the Progress field it edits (None: read-only reference).
FIELDS: tuple[str | None, ...] = (None, None, None, None,
                                  "percent", "narrative", "difficulties", "next_steps")
EDITABLE = tuple(i for i, f in enumerate(FIELDS) if f)
PERCENT, NARRATIVE = FIELDS.index("percent"), FIELDS.index("narrative")
# What Ctrl+D copies from last month into each editable column.
PREVIOUS = {"percent": "previous_percent", "narrative": "previous_narrative",
            "difficulties": "previous_difficulties", "next_steps": "previous_next_steps"}

UNFILLED_BACKGROUND = QColor("#fff4e0")
REFERENCE_FOREGROUND = QColor("#5f6368")
ERROR_BACKGROUND = QColor("#fdecea")

# (line, {field: typed text}) → "" when saved, else the reason in the clerk's words.
Saver = Callable[[ReportLine, dict[str, Any]], str]


def percent_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def one_line(text: str) -> str:
    return " ".join(text.split())


class MonthGridModel(RowsModel):
    rows: list[ReportLine]

    def __init__(self, saver: Saver, parent: Any = None) -> None:
        super().__init__([self.tr("编号"), self.tr("任务"), self.tr("上月%"), self.tr("上月进展"),
                          self.tr("本月%"), self.tr("进展情况"), self.tr("存在问题"),
                          self.tr("下步计划")], parent)
        self.saver = saver
        self.errors: dict[tuple[str, int], str] = {}  # (task uuid, column) → why refused

    def field(self, column: int) -> str | None:
        return FIELDS[column] if 0 <= column < len(FIELDS) else None

    def value(self, line: ReportLine, column: int) -> str:
        """The cell's text as the editor starts from it."""
        name = self.field(column)
        if name == "percent":
            return percent_text(line.percent) if line.has_progress else ""
        return getattr(line, name) if name else ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.field(index.column()):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ln, col = self.rows[index.row()], index.column()
        error = self.errors.get((ln.task_uuid, col))
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(ln.number) if ln.has_progress \
                    else self.tr("%1 未填").replace("%1", str(ln.number))
            if col == 1:
                return ln.title
            if col == 2:
                return percent_text(ln.previous_percent)
            if col == 3:
                return one_line(ln.previous_narrative)
            if col == NARRATIVE and ln.no_change and not ln.narrative:
                return self.tr("（无变化）")
            return one_line(self.value(ln, col))
        if role == Qt.ItemDataRole.EditRole:
            return self.value(ln, col)
        if role == Qt.ItemDataRole.DecorationRole and col == 0 and not ln.has_progress:
            return light_icon("red")  # the marker: this task has nothing for the month
        if role == Qt.ItemDataRole.BackgroundRole:
            if error:
                return ERROR_BACKGROUND
            if not ln.has_progress:
                return UNFILLED_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 0 and not ln.has_progress:
                return LIGHT_COLOURS["red"]
            if col in (2, 3):
                return REFERENCE_FOREGROUND
        if role == Qt.ItemDataRole.ToolTipRole:
            if error:
                return error
            if col in (1, 3, NARRATIVE, NARRATIVE + 1, NARRATIVE + 2):
                text = ln.title if col == 1 else (ln.previous_narrative if col == 3
                                                  else self.value(ln, col))
                return text or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 2, PERCENT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        return not self.save_cells([(index.row(), index.column(), str(value))])

    def save_cells(self, cells: list[tuple[int, int, str]]) -> list[str]:
        """Save typed text into cells, one service call per row; returns the reasons
        for the cells refused (those keep their old value and show why)."""
        by_row: dict[int, dict[int, str]] = {}
        for row, col, text in cells:
            if 0 <= row < len(self.rows) and self.field(col):
                by_row.setdefault(row, {})[col] = text
        reasons: list[str] = []
        for row, typed in by_row.items():
            ln = self.rows[row]
            changes = {name: t for c, t in typed.items() if (name := self.field(c))
                       and (t.strip() != self.value(ln, c).strip() or not ln.has_progress)}
            for c in typed:
                self.errors.pop((ln.task_uuid, c), None)
            why = self.saver(ln, changes) if changes else ""
            if why:
                for c in typed:
                    self.errors[(ln.task_uuid, c)] = why
                reasons.append(why)
            else:
                self.rows[row] = self._updated(ln, changes)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return reasons

    def _updated(self, ln: ReportLine, changes: dict[str, str]) -> ReportLine:
        """The line as it reads after a save, until the view reloads it."""
        values: dict[str, Any] = {"has_progress": True}
        for name, text in changes.items():
            if name == "percent":
                values["percent"] = float(text.strip().rstrip("%％"))
            elif name:
                values[name] = text.strip()
        if not ln.has_progress and "percent" not in values:
            values["percent"] = ln.previous_percent if ln.previous_percent is not None else 0.0
        return replace(ln, **values)

    def update_rows(self, rows: list[ReportLine]) -> bool:
        """New values for the same tasks in the same order: repaint without a reset,
        so the cursor stays where the clerk is typing.  False when the tasks differ."""
        if [r.task_uuid for r in rows] != [r.task_uuid for r in self.rows]:
            return False
        self.rows = list(rows)
        if rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(rows) - 1, self.columnCount() - 1))
        return True

    def error_at(self, index: QModelIndex) -> str:
        if not index.isValid():
            return ""
        return self.errors.get((self.rows[index.row()].task_uuid, index.column()), "")
