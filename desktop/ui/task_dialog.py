"""The task window: the task's head and a tab for each part of its record."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.domain.status import label as status_label
from desktop.services.taskdetail import task_header
from desktop.ui.closeout_tab import CloseoutTab
from desktop.ui.desk import Desk, redo_keys
from desktop.ui.evidence_tab import EvidenceTab
from desktop.ui.history_tab import HistoryTab
from desktop.ui.record_table import RecordTable

# What the heading shows (status, deadline, light, percent) comes from these.
HEADING_TABLES = frozenset({"task", "extension", "measure", "progress"})


class TaskDialog(QDialog):
    def __init__(self, desk: Desk, task_uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.task_uuid = desk, task_uuid
        self.head = QLabel(self)
        self.head.setWordWrap(True)
        self.head.setTextFormat(self.head.textFormat().PlainText)
        # Set once: enlarging the font on every reload grew the heading with each edit.
        font = self.head.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.head.setFont(font)
        self.sub = QLabel(self)
        self.sub.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.lists: dict[str, RecordTable] = {}
        for kind, title in (("problem", self.tr("问题清单")), ("measure", self.tr("措施清单")),
                            ("responsibility", self.tr("责任清单")),
                            ("effect", self.tr("效果清单")),
                            ("progress", self.tr("月度进展"))):
            self.lists[kind] = RecordTable(desk, kind, task_uuid, title, self)
            self.tabs.addTab(self.lists[kind], title)
        self.evidence = EvidenceTab(desk, task_uuid, self)
        self.tabs.addTab(self.evidence, self.tr("佐证材料"))
        self.closeout = CloseoutTab(desk, task_uuid, self)
        self.tabs.addTab(self.closeout, self.tr("验收与销号"))
        for kind, title in (("extension", self.tr("延期")), ("revisit", self.tr("回头看"))):
            self.lists[kind] = RecordTable(desk, kind, task_uuid, title, self)
            self.tabs.addTab(self.lists[kind], title)
        self.history = HistoryTab(desk, task_uuid, self)
        self.tabs.addTab(self.history, self.tr("历史记录"))
        # The undo stack is the window's; the dialog offers the same keys.
        undo = desk.undo.createUndoAction(self, self.tr("撤销"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = desk.undo.createRedoAction(self, self.tr("重做"))
        redo.setShortcuts(redo_keys())
        self.addActions([undo, redo])
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(self.sub)
        layout.addWidget(self.tabs, 1)
        em = self.fontMetrics().horizontalAdvance("中")
        # Wide enough for every tab title (English ones run longer): no scroll arrows.
        tabs_wide = self.tabs.tabBar().sizeHint().width() + 4 * layout.contentsMargins().left()
        self.resize(max(70 * em, tabs_wide), 40 * em)
        desk.reload_on_change(self, self.reload, self.task_uuid, tables=HEADING_TABLES)
        self.reload()

    def reload(self) -> None:
        h = self.desk.fetch(lambda s: task_header(s, self.task_uuid))
        self.setWindowTitle(self.tr("任务 %1").replace("%1", str(h["number"])))
        self.head.setText(f"{h['number']}. {h['title']}")
        deadline = h["deadline"].isoformat() if h["deadline"] else self.tr("长期坚持")
        parts = [
            self.tr("状态：%1").replace("%1", status_label(h["status"])),
            self.tr("整改时限：%1").replace("%1", deadline),
            self.tr("牵头单位：%1").replace("%1", h["lead_unit"]),
            self.tr("类别：%1").replace("%1", h["category"]),
        ]
        self.sub.setText("    ".join(parts) + "\n" + self.tr("整改目标：%1")
                         .replace("%1", h["target"]))
