"""A tab holding one kind of the task's records: an editable table, Add and Delete,
and the message for the cell being typed in.  Every change is an undo command."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.ui import commands, messages
from desktop.ui.columns import FIXED_AFTER_ADD, SPECS
from desktop.ui.desk import Desk
from desktop.ui.form import PLACEHOLDERS, FormDialog
from desktop.ui.record_model import RecordModel
from desktop.ui.style import ERROR_STYLE, INVALID_EDITOR, fit_headers
from desktop.ui.validation import check

Index = QModelIndex | QPersistentModelIndex


class ValidatingDelegate(QStyledItemDelegate):
    """Line editors that check the value on every keystroke and say what is wrong
    below the table; a wrong value is never written."""

    def __init__(self, table: RecordTable) -> None:
        super().__init__(table)
        self.table = table

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        column = self.table.model.column(index)
        editor = QLineEdit(parent)
        editor.setPlaceholderText(PLACEHOLDERS.get(column.kind, ""))
        editor.textChanged.connect(lambda text: self._check(editor, column, text))
        return editor

    def _check(self, editor: QLineEdit, column: Any, text: str) -> bool:
        _value, error = check(column, text)
        editor.setStyleSheet(INVALID_EDITOR if error else "")
        self.table.show_error(error)
        return not error

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        # The model checks again and says why a value is refused (beside the table
        # and on the cell): a wrong value never just snaps back.
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class RecordTable(QWidget):
    def __init__(self, desk: Desk, kind: str, task_uuid: str, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.kind, self.task_uuid, self.title = desk, kind, task_uuid, title
        self.model = RecordModel(SPECS[kind], self._edit, self)
        self.model.fixed = {f for k, f in FIXED_AFTER_ADD if k == kind}
        self.model.refused.connect(self._refused)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(ValidatingDelegate(self))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setWordWrap(False)
        em = self.fontMetrics().horizontalAdvance("中")
        for i, col in enumerate(SPECS[kind]):
            self.view.horizontalHeader().resizeSection(i, col.width * em + 12)
        fit_headers(self.view.horizontalHeader())
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.add_button = QPushButton(self.tr("添加…"), self)
        self.add_button.clicked.connect(self.start_add)
        self.delete_button = QPushButton(self.tr("删除"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.error, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.form: FormDialog | None = None
        desk.reload_on_change(self, self.reload, self.task_uuid, tables=frozenset({kind}))
        self.reload()

    def reload(self) -> None:
        from desktop.services.taskdetail import child_rows

        self.model.set_rows(self.desk.fetch(lambda s: child_rows(s, self.kind, self.task_uuid)))

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def _refused(self, row: int, column: int, message: str) -> None:
        """A cell's edit was refused (or, with "", saved): say so under the table,
        naming the row and column so the message reads as the cell's."""
        if not message:
            self.show_error("")
            return
        where = self.tr("第 %1 行“%2”：").replace("%1", str(row + 1)) \
            .replace("%2", self.model.columns[column].title())
        self.show_error(where + message)

    def _edit(self, uuid: str, field: str, value: Any, old: Any) -> str:
        label = next(c.title() for c in SPECS[self.kind] if c.field == field)
        text = self.tr("修改“%1”").replace("%1", label)
        try:
            self.desk.push(commands.set_fields(self.desk, self.kind, uuid, {field: value},
                                               {field: old}, text, self.task_uuid))
        except Exception as e:  # refused: the model shows why on the cell, keeps the old value
            logs.caught(e)  # the traceback stays in the log
            return str(e) or type(e).__name__
        return ""

    def start_add(self) -> FormDialog:
        """Open the form for a new record (window-modal, not blocking)."""
        self.form = FormDialog(self.tr("添加：%1").replace("%1", self.title), SPECS[self.kind],
                               self._add, self.defaults(), self)
        self.form.open()
        return self.form

    def defaults(self) -> dict[str, Any]:
        if self.kind == "progress":
            from desktop.services.reporting import due_period

            # The month whose report is due (on 4 December: November), as the banner says.
            latest = self.model.rows[0]["percent"] if self.model.rows else 0
            return {"period": due_period(self.desk.today, self.desk.settings), "percent": latest}
        if self.kind == "extension":
            return {"requested_on": self.desk.today}
        return {}

    def _add(self, values: dict[str, Any]) -> None:
        text = self.tr("添加：%1").replace("%1", self.title)
        self.desk.push(commands.add_child(self.desk, self.kind, self.task_uuid, values, text))
        self.show_error("")

    def delete_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.show_error(self.tr("请先选中要删除的一行。"))
            return
        row = rows[0].row()
        uuid = self.model.uuid_at(row)
        first = self.model.index(row, 0).data() or ""
        question = self.tr("删除%1第 %2 行“%3”吗？删除后可用“撤销”（Ctrl+Z）恢复。") \
            .replace("%1", self.title).replace("%2", str(row + 1)) \
            .replace("%3", first if len(first) <= 30 else first[:29] + "…")
        if not messages.confirm(self, question):
            return
        text = self.tr("删除：%1").replace("%1", self.title)
        try:
            self.desk.push(commands.delete(self.desk, self.kind, uuid, text, self.task_uuid))
        except Exception as e:
            logs.caught(e)  # the traceback stays in the log
            self.show_error(str(e))
