"""The city's task catalogue (整改任务清单): one row per numbered task of the plan, with
the units it applies to; the plan's workbook is imported from here (a preview first,
then all rows or none, through the door)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Task
from desktop.domain.plan import Deadline, deadline_text
from desktop.exports import catalogue
from desktop.services import ledger, rounds
from desktop.ui import messages
from desktop.ui.desk import Desk


def catalogue_rows(s: Session) -> list[list[str]]:
    names = ledger.unit_names(s)
    first: dict[tuple[str, int], Task] = {}
    count: dict[tuple[str, int], int] = {}
    for t in s.scalars(select(Task).order_by(Task.number, Task.unit_code)):
        key = (t.round_uuid, t.number)
        first.setdefault(key, t)
        count[key] = count.get(key, 0) + 1
    return [[str(t.number), t.feedback or t.title, t.target,
             names.get(t.lead_unit_code, t.lead_unit_code),
             "、".join(names.get(c, c) for c in t.responsible_units or []),
             t.lead_official, deadline_text(Deadline(t.deadline, t.ongoing)), str(count[k])]
            for k, t in first.items()]


class CatalogueView(QWidget):
    HEADERS = ("序号", "问题", "整改目标", "牵头单位", "责任单位", "责任人", "整改时限",
               "适用单位数")

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.round = QComboBox(self)
        self.import_button = QPushButton(self.tr("导入任务清单…"), self)
        self.import_button.clicked.connect(self.import_workbook)
        self.note = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("督察轮次"), self))
        bar.addWidget(self.round, 1)
        bar.addWidget(self.import_button)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        desk.reload_on_change(self, self.reload, when=self.isVisible)

    def showEvent(self, event: object) -> None:
        self.reload()

    def reload(self) -> None:
        found, rows = self.desk.fetch(lambda s: (rounds.list_rounds(s), catalogue_rows(s)))
        current = self.round.currentData()
        self.round.clear()
        for r in found:
            self.round.addItem(r.name, r.id)
        if current:
            self.round.setCurrentIndex(max(0, self.round.findData(current)))
        self.import_button.setEnabled(bool(found))
        self.note.setText(self.tr("%1 项任务。导入前先用 rectdesk round add 和 unit add "
                                  "登记督察轮次与单位。").replace("%1", str(len(rows))))
        t = self.table
        t.clear()
        t.setColumnCount(len(self.HEADERS))
        t.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        t.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                t.setItem(i, j, QTableWidgetItem(text))
        em = self.fontMetrics().horizontalAdvance("中")
        t.resizeColumnsToContents()
        for col in (1, 2, 4):
            t.setColumnWidth(col, min(t.columnWidth(col), 18 * em))
        t.resizeRowsToContents()

    def import_workbook(self) -> None:
        path = messages.open_file(self, self.tr("选择任务清单工作簿"), "",
                                  self.tr("Excel 工作簿 (*.xlsx)"))
        if path is None:
            return
        self.import_path(path)

    def import_path(self, path: Path, *, confirm: bool = True) -> bool:
        ctx, round_id = self.desk.ctx, self.round.currentData()
        try:
            plan = catalogue.plan_catalogue(ctx, path, round_id)
        except Exception as e:  # an unreadable workbook: said in the clerk's words
            messages.error(self, e)
            return False
        summary = self.tr("新增 %1，修改 %2，不变 %3，拒绝 %4。").replace(
            "%1", str(plan.count("new"))).replace("%2", str(plan.count("changed"))).replace(
            "%3", str(plan.count("unchanged"))).replace("%4", str(plan.count("refused")))
        if not plan.ok:
            errors = [str(e) for r in plan.rows for e in r.errors] + [str(e) for e in plan.errors]
            messages.error(self, summary + "\n" + "\n".join(errors[:30]))
            return False
        if confirm and not messages.confirm(self, summary + self.tr("确认导入？")):
            return False
        try:
            catalogue.apply_catalogue(ctx, path, round_id)
        except Exception as e:
            messages.error(self, e)
            return False
        self.desk.changed.emit("")
        return True
