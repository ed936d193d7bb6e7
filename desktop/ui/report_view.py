"""The monthly report (月报).  A county desk fills the month in a grid, one row per
open task (see month_grid); the city reads which counties' tasks have progress.
Both show the "no change this month" declaration and the due date, and open on the
month whose report is due next."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
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
from desktop.services import reporting
from desktop.services.reporting import PeriodReport, ReportLine, period_choices, period_report
from desktop.ui import commands, messages
from desktop.ui.desk import Desk
from desktop.ui.month_grid import MonthGrid
from desktop.ui.month_grid_model import PERCENT, MonthGridModel
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


def open_task_on(window: QWidget, task_uuid: str, tab: str) -> None:
    """Bring the task window to the tab named by a record kind ("progress", "measure",
    "effect", "evidence", "closeout"), when the main window has opened it."""
    dialog = getattr(window, "task_windows", {}).get(task_uuid)
    if dialog is None:
        return
    page = getattr(dialog, "lists", {}).get(tab) or getattr(dialog, tab, None)
    if isinstance(page, QWidget):
        dialog.tabs.setCurrentWidget(page)


class ReportView(QWidget):
    open_task = Signal(str)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.report: PeriodReport | None = None
        self.period_box = QComboBox(self)
        due = reporting.due_period(desk.today, desk.settings)
        for p in period_choices(desk.today):
            self.period_box.addItem(p, p)
        self.period_box.setCurrentIndex(max(0, self.period_box.findData(due)))
        self.period_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.only_missing = QCheckBox(self.tr("只看未填写"), self)
        self.only_missing.toggled.connect(lambda _on: self._fill())
        self.due = QLabel(self)
        self.counts = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份："), self))
        top.addWidget(self.period_box)
        top.addWidget(self.only_missing)
        top.addWidget(self.due, 1)
        top.addWidget(self.counts)

        self.grid_mode = not desk.is_city  # the city reads every county's report
        self.model: ReportModel | MonthGridModel
        em = self.fontMetrics().horizontalAdvance("中")
        if self.grid_mode:
            self.model = MonthGridModel(self.save_cells, self)
            self.table: QTableView = MonthGrid(self.model, self)
            self.table.macro = self._macro
            self.table.open_task.connect(self._open_progress)
            widths: tuple[int, ...] = (5, 16, 3, 15, 4, 20, 12)
            self.hint = QLabel(self.tr(
                "直接输入即可填写；Enter 下一行，Tab 下一格，Ctrl+D 以上月内容为起点，"
                "Ctrl+V 粘贴 Excel 中复制的单元格，Ctrl+Z 撤销。双击编号或任务打开任务。"), self)
            self.hint.setWordWrap(True)
        else:
            self.model = ReportModel(self)
            self.table = QTableView(self)
            self.table.setModel(self.model)
            self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.table.verticalHeader().hide()
            self.table.setWordWrap(False)
            self.table.activated.connect(self._open_progress_at)
            widths = (3, 22, 6, 5, 5)
            self.hint = QLabel(self)
            self.hint.hide()
        for col, width in enumerate(widths):
            self.table.horizontalHeader().resizeSection(col, width * em + 12)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.no_change = QCheckBox(self.tr("本月整体无变化（声明）"), self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("说明（可选）"))
        save = QPushButton(self.tr("保存声明"), self)
        save.clicked.connect(self.save_declaration)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        if self.grid_mode:
            self.table.problem.connect(self.error.setText)  # type: ignore[attr-defined]
        bottom = QHBoxLayout()
        bottom.addWidget(self.no_change)
        bottom.addWidget(self.note, 1)
        bottom.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self._shown: list[ReportLine] = []
        desk.reload_on_change(self, self.reload,
                              tables=frozenset({"task", "progress", "period_declaration"}))

    @property
    def period(self) -> str:
        return str(self.period_box.currentData())

    def set_period(self, period: str) -> None:
        self.period_box.setCurrentIndex(max(0, self.period_box.findData(period)))

    def reload(self) -> None:
        period = self.period
        desk = self.desk
        unit = None if desk.ctx.is_city else desk.code  # the city follows every county
        changed_period = self.report is None or self.report.period != period
        self.report = r = desk.fetch(lambda s: period_report(s, period, unit, desk.today,
                                                             desk.ctx.settings))
        if isinstance(self.model, ReportModel):
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
        self._fill(keep_rows=not changed_period)

    def _fill(self, keep_rows: bool = False) -> None:
        """Show the lines the filter asks for.  After an edit (``keep_rows``) the rows
        stay as they are, so a row just filled does not vanish under the cursor of a
        clerk working through the unfilled ones; the filter applies when toggled."""
        if self.report is None:
            return
        if keep_rows and self._shown:
            fresh = {ln.task_uuid: ln for ln in self.report.lines}
            kept = [fresh[ln.task_uuid] for ln in self._shown if ln.task_uuid in fresh]
            if len(kept) == len(self._shown):
                self._shown = kept
                if isinstance(self.model, MonthGridModel) and self.model.update_rows(kept):
                    return
        self._shown = self.report.missing if self.only_missing.isChecked() else self.report.lines
        self.model.set_rows(self._shown)
        if isinstance(self.model, MonthGridModel) and self._shown:
            first_missing = next((i for i, ln in enumerate(self._shown) if not ln.has_progress), 0)
            self.table.setCurrentIndex(self.model.index(first_missing, PERCENT))

    # ---- the month grid's saves ----------------------------------------------------------
    def save_cells(self, line: ReportLine, changes: dict[str, Any]) -> str:
        """One task's typed cells, through the undo stack into the services; "" when
        saved, else why not (nothing was saved)."""
        desk, period = self.desk, self.period
        values = {k: (v.strip().rstrip("%％") if k == "percent" else v) for k, v in changes.items()}
        text = self.tr("%1 月报：%2").replace("%1", period).replace("%2", line.title)
        try:
            uuid = line.progress_uuid or desk.fetch(
                lambda s: reporting.progress_uuid(s, line.task_uuid, period))
            if uuid:
                old = {k: (line.percent if k == "percent" else getattr(line, k)) for k in values}
                desk.push(commands.set_fields(desk, "progress", uuid, values, old, text,
                                              line.task_uuid))
            else:
                if "percent" not in values:  # the month starts where the last one ended
                    values["percent"] = line.previous_percent or 0
                desk.push(commands.add_child(desk, "progress", line.task_uuid,
                                             {"period": period, **values}, text))
        except Exception as e:  # refused: the cell says why and keeps its value
            return messages.describe(e)[0]
        return ""

    @contextmanager
    def _macro(self, text: str) -> Iterator[None]:
        self.desk.undo.beginMacro(text)
        try:
            yield
        finally:
            self.desk.undo.endMacro()

    def _open_progress(self, task_uuid: str) -> None:
        self.open_task.emit(task_uuid)
        open_task_on(self.window(), task_uuid, "progress")

    def _open_progress_at(self, index: QModelIndex) -> None:
        self._open_progress(self._shown[index.row()].task_uuid)

    def save_declaration(self) -> None:
        period = self.period
        text = self.tr("%1 月度声明").replace("%1", period)
        try:
            self.desk.push(commands.declare(self.desk, self.desk.code, period,
                                            self.no_change.isChecked(), self.note.text(), text))
        except Exception as e:
            logs.caught(e)  # the traceback stays in the log
            self.error.setText(str(e))
            return
        self.error.setText("")
