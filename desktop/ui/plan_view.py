"""The city's view of its plan: tasks down, units across, each cell the unit's copy
coloured by its light (a unit the task does not apply to is an empty cell); a row's
counts say how many of its units are closed out, on track and red.  Double-click a
cell to open that copy."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.domain.status import Status
from desktop.domain.status import label as status_label
from desktop.services import ledger
from desktop.services import plan as plan_view
from desktop.ui.desk import Desk
from desktop.ui.style import LIGHT_COLOURS

_FIXED = 3  # number, task, counts


class PlanView(QWidget):
    open_task = Signal(str)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(self._open)
        self.table.verticalHeader().hide()  # the number column says it
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self._uuids: dict[tuple[int, int], str] = {}
        desk.reload_on_change(self, self.reload, when=self.isVisible)

    def showEvent(self, event: object) -> None:
        self.reload()

    def reload(self) -> None:
        desk = self.desk
        rows, names = desk.fetch(lambda s: (ledger.task_rows(s, desk.today, desk.settings),
                                            ledger.unit_names(s)))
        tasks = plan_view.plan(rows)
        units = sorted({r.unit_code for r in rows})
        self.note.setText(self.tr("%1 项任务，%2 个单位；双击单元格打开该单位的任务。")
                          .replace("%1", str(len(tasks))).replace("%2", str(len(units))))
        t = self.table
        t.clear()
        t.setRowCount(len(tasks))
        t.setColumnCount(_FIXED + len(units))
        t.setHorizontalHeaderLabels([self.tr("序号"), self.tr("任务"), self.tr("红/整改中/销号")]
                                    + [names.get(u, u) for u in units])
        column = {u: _FIXED + i for i, u in enumerate(units)}
        self._uuids.clear()
        for i, task in enumerate(tasks):
            red = sum(1 for r in task.units if r.light == "red")
            closed = sum(1 for r in task.units if r.status == Status.CLOSED_OUT)
            t.setItem(i, 0, QTableWidgetItem(str(task.number)))
            t.setItem(i, 1, QTableWidgetItem(task.title))
            t.setItem(i, 2, QTableWidgetItem(f"{red}/{len(task.units) - red - closed}/{closed}"))
            for r in task.units:
                pct = f" {r.percent:g}%" if r.percent is not None else ""
                item = QTableWidgetItem(status_label(Status(r.status)) + pct)
                colour = QColor(LIGHT_COLOURS.get(r.light, LIGHT_COLOURS["none"]))
                colour.setAlpha(90)
                item.setBackground(QBrush(colour))
                item.setToolTip(f"{names.get(r.unit_code, r.unit_code)} · {task.title}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                t.setItem(i, column[r.unit_code], item)
                self._uuids[(i, column[r.unit_code])] = r.uuid
        t.resizeColumnsToContents()
        t.setColumnWidth(1, min(t.columnWidth(1), self.fontMetrics().horizontalAdvance("中") * 16))

    def _open(self, row: int, column: int) -> None:
        uuid = self._uuids.get((row, column))
        if uuid:
            self.open_task.emit(uuid)
