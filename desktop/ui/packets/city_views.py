"""The city's screens: completeness matrix, close-out review queue, packet history."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.i18n import UserError
from desktop.services import completeness as comp
from desktop.services import review
from desktop.services.desk import DeskContext
from desktop.ui import messages
from desktop.ui.packets.common import COLOURS, fill, table


def _dialog(parent: QWidget | None, title: str, *widgets: QWidget) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    for w in widgets:
        layout.addWidget(w)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(900, 520)
    return dialog


class CompletenessView(QWidget):
    """Counties down, months across, each cell coloured by its state."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grid = table([])
        legend = QHBoxLayout()
        for state, words in comp.STATES.items():
            label = QLabel(f" {words} ")
            label.setStyleSheet(f"background:{COLOURS[state]}; color:black; padding:2px;")
            legend.addWidget(label)
        legend.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(legend)
        layout.addWidget(self.grid)
        self.refresh()

    def refresh(self) -> None:
        months = comp.default_periods(clock.today(), self.ctx.settings.report_due_day)
        with self.ctx.store.read() as s:
            cells = comp.completeness(s, clock.today(), self.ctx.settings.report_due_day, months)
        units = list(dict.fromkeys((c.unit_code, c.unit_name) for c in cells))
        self.grid.setColumnCount(len(months) + 1)
        self.grid.setHorizontalHeaderLabels([self.tr("单位"), *months])
        self.grid.setRowCount(len(units))
        index = {u: i for i, u in enumerate(units)}
        for i, (code, name) in enumerate(units):
            self.grid.setItem(i, 0, QTableWidgetItem(f"{code} {name}"))
        for cell in cells:
            text = str(comp.STATES[cell.state])
            if cell.state == "late":
                text += self.tr("（{0}天）").replace("{0}", str(cell.days_late))
            item = QTableWidgetItem(text)
            item.setBackground(QColor(COLOURS[cell.state]))
            item.setToolTip(self.tr("截止 {0}").replace("{0}", cell.due.isoformat()))
            self.grid.setItem(index[(cell.unit_code, cell.unit_name)],
                              months.index(cell.period) + 1, item)


class ReviewQueue(QWidget):
    """Close-out requests waiting for the city: approve with a number or return."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[review.PendingRequest] = []
        self.list = table([self.tr("单位"), self.tr("编号"), self.tr("任务"),
                           self.tr("申请日期"), self.tr("申请人"), self.tr("说明")])
        approve = QPushButton(self.tr("批准销号…"))
        approve.clicked.connect(self.approve_selected)
        send_back = QPushButton(self.tr("退回…"))
        send_back.clicked.connect(self.return_selected)
        row = QHBoxLayout()
        row.addWidget(approve)
        row.addWidget(send_back)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.store.read() as s:
            self.items = review.pending_requests(s)
        fill(self.list, [[f"{r.unit_code} {r.unit_name}", r.number, r.title,
                          r.requested_on.isoformat(), r.requested_by, r.note]
                         for r in self.items])

    def _selected(self) -> review.PendingRequest | None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.items):
            messages.info(self, self.tr("请先选择一项销号申请。"))
            return None
        return self.items[row]

    def approve_selected(self) -> None:
        item = self._selected()
        if item is None:
            return
        self.decide(item, approved=True, text="")

    def return_selected(self) -> None:
        item = self._selected()
        if item is None:
            return
        reasons, ok = QInputDialog.getMultiLineText(self, self.tr("退回"), self.tr("退回理由："))
        if ok:
            self.decide(item, approved=False, text=reasons)

    def decide(self, item: review.PendingRequest, *, approved: bool, text: str) -> bool:
        try:
            self.ctx.ledger.decide_closeout(
                item.request_uuid, approved=approved,
                reasons="" if approved else text, decided_by=self.ctx.name)
        except UserError as e:
            messages.error(self, e)
            return False
        self.refresh()
        return True


class HistoryView(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.list = table([self.tr("方向"), self.tr("发送单位"), self.tr("接收单位"),
                           self.tr("月份"), self.tr("序号"), self.tr("状态"), self.tr("时间"),
                           self.tr("警告"), self.tr("文件")])
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.store.read() as s:
            rows = review.packet_history(s)
        status_words = {"sent": self.tr("已发出"), "accepted": self.tr("已接收"),
                        "accepted_with_warnings": self.tr("已接收（有警告）"),
                        "superseded": self.tr("已被取代")}
        fill(self.list, [[self.tr("导入") if r["direction"] == "in" else self.tr("导出"),
                          r["sender"], r["recipient"], r["period"], r["sequence"],
                          status_words.get(r["status"], r["status"]), r["when"], r["warnings"],
                          r["file"]] for r in rows],
             [r["status"] if r["status"] != "sent" else "accepted" for r in rows])


def completeness_dialog(ctx: DeskContext, parent: QWidget | None) -> QDialog:
    return _dialog(parent, CompletenessView.tr("报送完整性"), CompletenessView(ctx))


def review_dialog(ctx: DeskContext, parent: QWidget | None) -> QDialog:
    return _dialog(parent, ReviewQueue.tr("销号审核"), ReviewQueue(ctx))


def history_dialog(ctx: DeskContext, parent: QWidget | None) -> QDialog:
    return _dialog(parent, HistoryView.tr("报送包记录"), HistoryView(ctx))
