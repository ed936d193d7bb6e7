"""An editable table of one kind of record (a list of the task, its progress, its
extensions…).  Edits are handed to a callback that pushes an undo command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop.ui.columns import Column
from desktop.ui.validation import check, display

Index = QModelIndex | QPersistentModelIndex
REFUSED_BACKGROUND = QColor("#fdecea")  # as an invalid editor (style.INVALID_EDITOR)
# (record uuid, field, new value, old value) → error message, "" when accepted.
EditHandler = Callable[[str, str, Any, Any], str]


class RecordModel(QAbstractTableModel):
    # (row, column, message): an edit was not saved, and why; "" once a cell saved.
    refused = Signal(int, int, str)

    def __init__(self, columns: tuple[Column, ...], on_edit: EditHandler | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict[str, Any]] = []
        self.on_edit = on_edit
        self.fixed: set[str] = set()
        # The last refusal per cell, shown as the cell's tooltip until it saves.
        self.refusals: dict[tuple[int, int], str] = {}

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.refusals.clear()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title()
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None

    def column(self, index: Index) -> Column:
        return self.columns[index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = self.column(index)
        if col.editable and col.field not in self.fixed and self.on_edit is not None:
            flags |= (Qt.ItemFlag.ItemIsUserCheckable if col.kind == "bool"
                      else Qt.ItemFlag.ItemIsEditable)
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        col = self.column(index)
        value = self.rows[index.row()].get(col.field)
        if col.kind == "bool":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            text = display(col, value)
            if col.field == "status" and role == Qt.ItemDataRole.DisplayRole:
                return self._measure_status().get(text, text)
            if role == Qt.ItemDataRole.DisplayRole and col.kind == "long":
                return " ".join(text.split())  # one line in the table; the editor has it all
            return text
        refused = (index.row(), index.column()) in self.refusals
        if role == Qt.ItemDataRole.BackgroundRole and refused:
            return REFUSED_BACKGROUND  # the cell whose edit was not saved
        if role == Qt.ItemDataRole.ToolTipRole:
            refusal = self.refusals.get((index.row(), index.column()))
            if refusal:
                return refusal
            if col.kind == "long":
                return display(col, value) or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Save the typed value, or say why not (``refused``): never a silent no."""
        if not index.isValid() or self.on_edit is None:
            return False
        col = self.column(index)
        row = self.rows[index.row()]
        if col.kind == "bool":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif isinstance(value, str):
            # The editor's text: checked and turned into the stored value here, so a
            # number is compared as a number and a wrong one is explained.
            cleaned, error = check(col, value)
            if error:
                return self._refuse(index, error)
            value = cleaned
        old = row.get(col.field)
        if col.kind != "bool" and display(col, old) == display(col, value):
            self._accepted(index)
            return False  # nothing changed: nothing to save
        try:
            error = self.on_edit(row["uuid"], col.field, value, old)
        except Exception as e:  # a handler that raised still gets its reason shown
            error = str(e) or type(e).__name__
        if error:
            return self._refuse(index, error)
        self._accepted(index)
        self.dataChanged.emit(index, index)
        return True

    def _refuse(self, index: Index, message: str) -> bool:
        self.refusals[(index.row(), index.column())] = message
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.ToolTipRole,
                                             Qt.ItemDataRole.BackgroundRole])
        self.refused.emit(index.row(), index.column(), message)
        return False

    def _accepted(self, index: Index) -> None:
        if self.refusals.pop((index.row(), index.column()), None) is not None:
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.ToolTipRole,
                                                 Qt.ItemDataRole.BackgroundRole])
        self.refused.emit(index.row(), index.column(), "")

    def _measure_status(self) -> dict[str, str]:
        return {"planned": self.tr("计划中"), "doing": self.tr("进行中"), "done": self.tr("已完成")}

    def uuid_at(self, row: int) -> str:
        return str(self.rows[row]["uuid"])
