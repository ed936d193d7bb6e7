"""Indicators in the window: this desk enters a month's values (a county its own; the
city its own city-measured figures), beside the city figure and how it is judged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import periods
from desktop.services import indicators
from desktop.ui import messages
from desktop.ui.desk import Desk

_VALUE = 3  # the editable column


class IndicatorView(QWidget):
    HEADERS = ("代码", "指标", "计量单位", "本单位数值", "全市", "较上年同期", "年累计", "年度目标")

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.period = QLineEdit(periods.shift(periods.period_of(desk.today), -1), self)
        self.period.setMaximumWidth(self.fontMetrics().horizontalAdvance("2026-10") * 2)
        self.period.editingFinished.connect(self.reload)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("月份"), self))
        bar.addWidget(self.period)
        bar.addWidget(QLabel(self.tr("双击“本单位数值”填写；月度数值与上年同月比较，年累计与年度目标比较。"),
                             self), 1)
        self.table = QTableWidget(self)
        self.table.verticalHeader().hide()
        self.table.itemChanged.connect(self._edited)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self._loading = False
        desk.reload_on_change(self, self.reload, when=self.isVisible)

    def showEvent(self, event: object) -> None:
        self.reload()

    def reload(self) -> None:
        period = self.period.text().strip()
        if not periods.is_period(period):
            return
        code = self.desk.code
        rows = self.desk.fetch(lambda s: indicators.listing(s, period, code))
        own = self.desk.fetch(lambda s: indicators.own_values(s, period, code))
        self._loading = True
        t = self.table
        t.clear()
        t.setColumnCount(len(self.HEADERS))
        t.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        t.setRowCount(len(rows))
        yes_no = {True: self.tr("好于"), False: self.tr("差于"), None: ""}
        on = {True: self.tr("达标"), False: self.tr("未达标"), None: ""}

        def num(v: object) -> str:
            return "" if v is None else f"{v:.4g}"

        for i, r in enumerate(rows):
            cells = [r["code"], r["name"], r["unit_of_measure"], num(own.get(r["code"])),
                     num(r["value"]), yes_no[r["better"]], f"{num(r['ytd'])} {on[r['on_target']]}",
                     num(r["target"])]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j != _VALUE:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                t.setItem(i, j, item)
        # A county's desk holds its own figures only: the city figure is the city's.
        t.setColumnHidden(4, not self.desk.is_city)
        t.resizeColumnsToContents()
        self._loading = False

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() != _VALUE:
            return
        first = self.table.item(item.row(), 0)
        if first is None:
            return
        code = first.text()
        try:
            value = float(item.text())
            self.desk.ledger.set_indicator_value(code, self.period.text().strip(), value)
        except ValueError:
            messages.error(self, self.tr("请填写数字。"))
        except Exception as e:  # refused by the door: said in the clerk's words
            messages.error(self, e)
        self.desk.changed.emit("")
