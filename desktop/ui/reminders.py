"""The start-up reminder: overdue tasks, deadlines inside the warning window and the
month's report, as a banner above the views (no modal box to click away)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

if TYPE_CHECKING:  # the banner is built before the data layer loads
    from desktop.services.reporting import Reminders


class ReminderBanner(QFrame):
    show_overdue = Signal()
    show_report = Signal(str)
    show_revisits = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._period = ""
        self.setObjectName("reminders")
        self.setStyleSheet("#reminders { background: #fff4e5; border: 1px solid #f0c36d; "
                           "border-radius: 4px; }")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.overdue_button = QPushButton(self.tr("查看逾期任务"), self)
        self.overdue_button.clicked.connect(self.show_overdue)
        self.report_button = QPushButton(self.tr("查看月报"), self)
        self.report_button.clicked.connect(lambda: self.show_report.emit(self._period))
        self.revisits_button = QPushButton(self.tr("查看回头看"), self)
        self.revisits_button.clicked.connect(self.show_revisits)
        close = QPushButton(self.tr("知道了"), self)
        close.clicked.connect(self.dismiss)
        self.dismissed = False
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        for b in (self.overdue_button, self.revisits_button, self.report_button, close):
            layout.addWidget(b)
        self.hide()

    def dismiss(self) -> None:
        """Put away until the next start: later changes refresh it without showing it."""
        self.dismissed = True
        self.hide()

    def set_reminders(self, r: Reminders) -> None:
        self._period = r.report_period
        parts = []
        if r.overdue:
            parts.append(self.tr("%1 项任务已逾期").replace("%1", str(len(r.overdue))))
        if r.due_soon:
            # %n: Qt's plural forms ("in 1 day", "in 3 days") in the English catalogue.
            parts.append(self.tr("%1 项任务将在 %n 天内到期", "", r.window_days)
                         .replace("%1", str(len(r.due_soon))))
        report = self.tr("%1 月报 %2 截止，还有 %n 天", "", r.report_days_left) \
            .replace("%1", r.report_period).replace("%2", r.report_due.isoformat())
        if r.notices_open:  # the city's supervision notices wait for this unit's reply
            parts.append(self.tr("%1 份督办单待回复").replace("%1", str(r.notices_open))
                         + (self.tr("（%1 份已逾期）").replace("%1", str(r.notices_overdue))
                            if r.notices_overdue else ""))
        if r.petitions_overdue:
            parts.append(self.tr("%1 件信访件超期未办结").replace("%1", str(r.petitions_overdue)))
        if r.revisits_overdue:
            parts.append(self.tr("%1 次回头看已逾期").replace("%1", str(r.revisits_overdue)))
        if r.revisits_due:
            parts.append(self.tr("%1 次回头看即将到期").replace("%1", str(r.revisits_due)))
        if r.report_missing:
            report += self.tr("，%1 项任务尚未填写进展").replace("%1", str(r.report_missing))
        parts.append(report)
        self.text.setText(self.tr("；").join(parts) + self.tr("。"))
        tips = [f"{t.number}. {t.title}（{t.days_left}）" for t in (r.overdue + r.due_soon)[:20]]
        self.text.setToolTip("\n".join(tips))
        self.overdue_button.setVisible(bool(r.overdue))
        self.revisits_button.setVisible(bool(r.revisits_due or r.revisits_overdue))
        self.setVisible(not self.dismissed)
