"""A task's history from the audit log (read-only)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QVBoxLayout, QWidget

from desktop.services.history import HistoryRow, link_label, table_label, task_history
from desktop.ui.columns import field_title
from desktop.ui.desk import Desk
from desktop.ui.rows_model import Index, RowsModel
from desktop.ui.style import fit_headers


class HistoryModel(RowsModel):
    rows: list[HistoryRow]

    def __init__(self, parent: Any = None) -> None:
        super().__init__([self.tr("时间"), self.tr("操作人"), self.tr("记录"), self.tr("操作"),
                          self.tr("字段"), self.tr("原值"), self.tr("新值")], parent)
        self._actions = {"insert": self.tr("新增"), "update": self.tr("修改"),
                         "delete": self.tr("删除"), "event": self.tr("事件")}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.rows[index.row()]
        values = (r.at.replace("T", " ")[:19], r.actor, str(table_label(r.table)),
                  self._actions.get(r.action, r.action),
                  "" if r.field == "*" else _title(r.table, r.field),
                  self._labelled(r.table, r.old), self._labelled(r.table, r.new))
        return values[index.column()]

    @staticmethod
    def _labelled(table: str, text: str) -> str:
        """Whole records read "field: value；…": give the fields their labels."""
        if "：" in text or ": " not in text:
            return text
        parts = []
        for part in text.split("；"):
            name, sep, value = part.partition(": ")
            parts.append(f"{_title(table, name)}: {value}" if sep else part)
        return "；".join(parts)


def _title(table: str, field: str) -> str:
    return link_label(field, table) or field_title(table, field)


class HistoryTab(QWidget):
    def __init__(self, desk: Desk, task_uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.task_uuid = desk, task_uuid
        self.model = HistoryModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        em = self.fontMetrics().horizontalAdvance("中")
        for col, width in enumerate((10, 5, 6, 3, 7, 14)):
            self.view.horizontalHeader().resizeSection(col, width * em + 12)
        fit_headers(self.view.horizontalHeader())
        self.view.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        # Read when shown: the log grows with every change, seen only on this tab.
        desk.reload_on_change(self, self.reload, self.task_uuid, when=self.isVisible)
        self.reload()

    def showEvent(self, event: object) -> None:
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(self.desk.fetch(lambda s: task_history(s, self.task_uuid)))
