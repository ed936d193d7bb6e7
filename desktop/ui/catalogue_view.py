"""The city's task catalogue (整改任务清单): one row per numbered task of the plan, with
the units it applies to; the plan's workbook is imported from here (a preview first,
then all rows or none, through the door)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush, QColor
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
from desktop.services import catalogue as plan_tasks
from desktop.services import ledger, rounds
from desktop.services.catalogue import CatalogueTask
from desktop.services.door import Change, Ledger
from desktop.ui import messages
from desktop.ui.catalogue_dialog import CatalogueDialog
from desktop.ui.commands import EditCommand
from desktop.ui.desk import Desk

_GREY = QColor("#9aa0a6")


def catalogue_rows(s: Session) -> list[list[str]]:
    """One row per numbered task: its fields, then the number of units it applies to,
    the units it was withdrawn from (with the reason), and its round's id."""
    names = ledger.unit_names(s)
    first: dict[tuple[str, int], Task] = {}
    count: dict[tuple[str, int], int] = {}
    gone: dict[tuple[str, int], list[str]] = {}
    for t in s.scalars(select(Task).order_by(Task.number, Task.unit_code)):
        key = (t.round_uuid, t.number)
        if t.withdrawn:
            gone.setdefault(key, []).append(f"{names.get(t.unit_code, t.unit_code)}：{t.withdrawn}")
            first.setdefault(key, t)
            count.setdefault(key, 0)
            continue
        if key not in first or first[key].withdrawn:
            first[key] = t
        count[key] = count.get(key, 0) + 1
    return [[str(t.number), t.feedback or t.title, t.target,
             names.get(t.lead_unit_code, t.lead_unit_code),
             "、".join(names.get(c, c) for c in t.responsible_units or []),
             t.lead_official, deadline_text(Deadline(t.deadline, t.ongoing)), str(count[k]),
             "\n".join(gone.get(k, [])), k[0]]
            for k, t in first.items()]


class CatalogueView(QWidget):
    HEADERS = ("序号", "问题", "整改目标", "牵头单位", "责任单位", "责任人", "整改时限",
               "适用单位数", "不再适用")

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.round = QComboBox(self)
        self.add_button = QPushButton(self.tr("新增任务…"), self)
        self.add_button.clicked.connect(self.add_task)
        self.edit_button = QPushButton(self.tr("编辑…"), self)
        self.edit_button.clicked.connect(self._edit_current)
        self.import_button = QPushButton(self.tr("导入任务清单…"), self)
        self.import_button.clicked.connect(self.import_workbook)
        self.note = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("督察轮次"), self))
        bar.addWidget(self.round, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.import_button)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        # Double-click and Enter both "activate" a row: the form opens once.
        self.table.activated.connect(lambda index: self.edit_row(index.row()))
        self.dialog: CatalogueDialog | None = None  # the open form (tests reach it)
        self._rounds: list[str] = []
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
        self.add_button.setEnabled(bool(found))
        self.edit_button.setEnabled(bool(rows))
        self.note.setText(self.tr("%1 项任务。双击或按回车编辑一项任务；新增或导入前先在"
                                  "“文件 → 督察轮次、所辖单位与指标…”中登记督察轮次与单位。"
                                  ).replace("%1", str(len(rows))))
        self._rounds = [row[-1] for row in rows]
        t = self.table
        t.clear()
        t.setColumnCount(len(self.HEADERS))
        t.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        t.setRowCount(len(rows))
        for i, row in enumerate(rows):
            all_gone = row[7] == "0"
            for j, text in enumerate(row[:-1]):
                item = QTableWidgetItem(text)
                # Withdrawn: greyed, the reason beside it (services/catalogue.py).
                if all_gone or (j == 8 and text):
                    item.setForeground(QBrush(_GREY))
                    item.setToolTip(row[8])
                t.setItem(i, j, item)
        em = self.fontMetrics().horizontalAdvance("中")
        t.resizeColumnsToContents()
        for col in (1, 2, 4, 8):
            t.setColumnWidth(col, min(t.columnWidth(col), 18 * em))
        t.resizeRowsToContents()

    # --- one task: the form, through the door, undoable --------------------------------

    def add_task(self) -> CatalogueDialog | None:
        round_uuid = self.round.currentData()
        if not round_uuid:
            return None
        return self._open(round_uuid, None)

    def _edit_current(self) -> None:
        self.edit_row(self.table.currentRow())

    def edit_row(self, row: int) -> CatalogueDialog | None:
        if not 0 <= row < len(self._rounds):
            return None
        item = self.table.item(row, 0)
        if item is None:
            return None
        round_uuid, number = self._rounds[row], int(item.text())
        old = self.desk.fetch(lambda s: plan_tasks.entry_of(s, round_uuid, number))
        if old is None:  # withdrawn from every unit: added again with 新增任务
            messages.info(self, self.tr("这项任务已不再适用于任何单位。"))
            return None
        return self._open(round_uuid, old)

    def _open(self, round_uuid: str, old: CatalogueTask | None, *, show: bool = True
              ) -> CatalogueDialog:
        dialog = CatalogueDialog(self.desk, round_uuid, old,
                                 lambda entry: self.save(round_uuid, entry, old), self)
        self.dialog = dialog
        if show:
            dialog.open()
        return dialog

    def save(self, round_uuid: str, entry: CatalogueTask, old: CatalogueTask | None) -> None:
        """Through the door as an undoable edit: undoing a new task withdraws it, undoing
        an edit saves the task as it was (units added then go again, and so on)."""
        told: list[str] = []

        def forward(door: Ledger) -> Change[Any]:
            done = door.save_catalogue_task(round_uuid, entry, new=old is None)
            told[:] = [str(m) for m in done.value.kept]
            return done

        def backward(door: Ledger) -> Change[Any]:
            if old is None:
                return door.withdraw_catalogue_task(round_uuid, entry.number)
            return door.save_catalogue_task(round_uuid, old)

        text = (self.tr("新增第 %1 号任务") if old is None else
                self.tr("编辑第 %1 号任务")).replace("%1", str(entry.number))
        self.desk.push(EditCommand(self.desk, text, forward, backward))
        if told:
            messages.info(self, "\n".join(told))

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
