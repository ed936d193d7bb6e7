"""The monthly report: for a chosen month, which tasks have progress and which do not,
the "no change this month" declaration and the due date."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.domain.status import label as status_label
from desktop.services.reporting import PeriodReport, ReportLine, period_choices, period_report
from desktop.ui import commands
from desktop.ui.desk import Desk
from desktop.ui.rows_model import Index, RowsModel
from desktop.ui.style import ERROR_STYLE, LIGHT_COLOURS


class ReportModel(RowsModel):
    rows: list[ReportLine]

    def __init__(self, parent: Any = None) -> None:
        super().__init__([self.tr("编号"), self.tr("任务"), self.tr("状态"), self.tr("本月进展"),
                          self.tr("完成比例"), self.tr("进展情况")], parent)
        self.show_unit = False  # the city desk lists every county's copy of a task

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ln = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            entered = (self.tr("无变化") if ln.no_change else self.tr("已填")) if ln.has_progress \
                else self.tr("未填")
            pct = "" if ln.percent is None else f"{ln.percent:.0f}%"
            title = f"{ln.unit_name} · {ln.title}" if self.show_unit else ln.title
            return (str(ln.number), title, status_label(ln.status), entered, pct,
                    " ".join(ln.narrative.split()))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3:
            return LIGHT_COLOURS["green" if ln.has_progress else "red"]
        return None


class ReportView(QWidget):
    open_task = Signal(str)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.report: PeriodReport | None = None
        self.period_box = QComboBox(self)
        for p in period_choices(desk.today):
            self.period_box.addItem(p, p)
        self.period_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.show_box = QComboBox(self)
        self.show_box.addItem(self.tr("全部任务"), "all")
        self.show_box.addItem(self.tr("未填进展"), "missing")
        self.show_box.addItem(self.tr("已填进展"), "entered")
        self.show_box.currentIndexChanged.connect(lambda _i: self._fill())
        self.due = QLabel(self)
        self.counts = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份："), self))
        top.addWidget(self.period_box)
        top.addWidget(self.show_box)
        top.addWidget(self.due, 1)
        top.addWidget(self.counts)

        self.model = ReportModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        em = self.fontMetrics().horizontalAdvance("中")
        for col, width in enumerate((3, 22, 6, 5, 5)):
            self.table.horizontalHeader().resizeSection(col, width * em + 12)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(
            lambda i: self.open_task.emit(self._shown[i.row()].task_uuid))

        self.no_change = QCheckBox(self.tr("本月整体无变化（声明）"), self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("说明（可选）"))
        save = QPushButton(self.tr("保存声明"), self)
        save.clicked.connect(self.save_declaration)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        bottom = QHBoxLayout()
        bottom.addWidget(self.no_change)
        bottom.addWidget(self.note, 1)
        bottom.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.error)
        self._shown: list[ReportLine] = []
        desk.reload_on_change(self, self.reload)

    def set_period(self, period: str) -> None:
        self.period_box.setCurrentIndex(max(0, self.period_box.findData(period)))

    def reload(self) -> None:
        period = self.period_box.currentData()
        desk = self.desk
        unit = None if desk.ctx.is_city else desk.code  # the city follows every county
        self.report = r = desk.fetch(lambda s: period_report(s, period, unit, desk.today,
                                                             desk.ctx.settings))
        self.model.show_unit = desk.ctx.is_city
        if r.days_to_due >= 0:
            due = self.tr("报送截止：%1（还有 %2 天）").replace("%2", str(r.days_to_due))
        else:
            due = self.tr("报送截止：%1（已过 %2 天）").replace("%2", str(-r.days_to_due))
        self.due.setText(due.replace("%1", r.due.isoformat()))
        self.counts.setText(self.tr("已填 %1 项，未填 %2 项").replace("%1", str(len(r.entered)))
                            .replace("%2", str(len(r.missing))))
        self.no_change.setChecked(r.declaration_no_change)
        self.note.setText(r.declaration_note)
        self._fill()

    def _fill(self) -> None:
        if self.report is None:
            return
        which = self.show_box.currentData()
        self._shown = (self.report.missing if which == "missing" else
                       self.report.entered if which == "entered" else self.report.lines)
        self.model.set_rows(self._shown)

    def save_declaration(self) -> None:
        period = self.period_box.currentData()
        text = self.tr("%1 月度声明").replace("%1", period)
        try:
            self.desk.push(commands.declare(self.desk, self.desk.code, period,
                                            self.no_change.isChecked(), self.note.text(), text))
        except Exception as e:
            logs.caught(e)  # the traceback stays in the log
            self.error.setText(str(e))
            return
        self.error.setText("")
