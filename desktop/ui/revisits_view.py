"""Revisits (回头看) due and overdue across the ledger: closed-out tasks, handled
petitions and the regular revisits of long-running tasks, overdue ones in red."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.services import revisit_plan
from desktop.ui.desk import Desk
from desktop.ui.packets.common import fill, table
from desktop.ui.style import LIGHT_COLOURS


class RevisitsView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.summary = QLabel(self)
        self.list = table([self.tr("计划日期"), self.tr("状态"), self.tr("类型"),
                           self.tr("单位"), self.tr("对象")])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.rows: list[revisit_plan.RevisitDue] = []
        self.reload()

    def reload(self) -> None:
        desk = self.desk
        unit = None if desk.is_city else desk.code
        self.rows = desk.fetch(lambda s: revisit_plan.due_revisits(
            s, desk.today, desk.ctx.settings, unit))
        kinds = {"task": self.tr("已销号任务"), "petition": self.tr("信访件"),
                 "ongoing": self.tr("长期坚持任务")}
        fill(self.list, [[r.due_date.isoformat(),
                          self.tr("逾期 %1 天").replace("%1", str(-r.days_left)) if r.overdue
                          else self.tr("还有 %1 天").replace("%1", str(r.days_left)),
                          kinds[r.kind], r.unit_name, r.subject] for r in self.rows])
        red = QBrush(LIGHT_COLOURS["red"])
        for i, r in enumerate(self.rows):
            if r.overdue:
                for c in range(self.list.columnCount()):
                    item = self.list.item(i, c)
                    if item is not None:
                        item.setForeground(red)
        late = sum(1 for r in self.rows if r.overdue)
        self.summary.setText(self.tr("近期到期的回头看 %1 次，其中已逾期 %2 次。")
                             .replace("%1", str(len(self.rows))).replace("%2", str(late)))


def revisits_dialog(desk: Desk, parent: QWidget | None) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("RevisitsView", "回头看"))
    layout = QVBoxLayout(dialog)
    layout.addWidget(RevisitsView(desk, dialog))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(900, 480)
    return dialog
