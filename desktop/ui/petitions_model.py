"""The table of petitions (信访件)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.services.petitions import PetitionRow
from desktop.ui.style import LIGHT_COLOURS

Index = QModelIndex | QPersistentModelIndex


class PetitionsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PetitionRow] = []
        self.show_private = False
        self._headers = [self.tr("案件编号"), self.tr("受理日期"), self.tr("地点"),
                         self.tr("类别"), self.tr("是否属实"), self.tr("整改情况"),
                         self.tr("关联任务"), self.tr("待回头看"), self.tr("信访人"),
                         self.tr("联系电话")]
        self._status = {"in_progress": self.tr("办理中"), "done": self.tr("已办结")}

    def set_rows(self, rows: list[PetitionRow], show_private: bool) -> None:
        self.beginResetModel()
        self.rows, self.show_private = rows, show_private
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        # Complainant columns exist only while the clerk asked to see them.
        return len(self._headers) if self.show_private else len(self._headers) - 2

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < self.columnCount()):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue:
            return LIGHT_COLOURS["red"]  # past due without a closing date, like a task
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        values = (r.case_no, r.received_date.isoformat() if r.received_date else "", r.location,
                  r.category, r.substantiated, self._status.get(r.rectification_status, ""),
                  "、".join(str(n) for n in r.task_numbers),
                  str(r.revisits_due) if r.revisits_due else "",
                  r.complainant_name, r.complainant_phone)
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 0 and r.due_date is not None:
                late = self.tr("（已超期）") if r.overdue else ""
                return self.tr("办理期限：%1").replace("%1", r.due_date.isoformat()) + late
            return r.content if index.column() == 2 else None
        return values[index.column()]
