"""Acceptance and close-out: the checklist of what is still missing, the acceptance
checks, and the close-out request (refused, with every unmet condition named)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.domain.closeout import StepLine
from desktop.domain.status import label as status_label
from desktop.services.closeout import (
    CloseoutRefused,
    pending_revisits,
)
from desktop.services.procedure import procedure
from desktop.services.records import FieldError, clean_value
from desktop.services.taskdetail import CloseoutState, closeout_state
from desktop.ui import commands
from desktop.ui.desk import Desk
from desktop.ui.style import ERROR_STYLE, INVALID_EDITOR

# Step states as colours a clerk reads at a glance; the mark says it in words too.
_STEP_STYLE = {
    "done": ("✓", "#c8e6c9"), "failed": ("✗", "#ffcdd2"),
    "current": ("▶", "#fff3c4"), "waiting": ("", "#eeeeee"),
}


class ProcedureLine(QWidget):
    """The close-out procedure as a line of steps: each with its date and who acted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: list[QLabel] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for i in range(6):
            if i:
                row.addWidget(QLabel("→", self))
            box = QLabel(self)
            box.setWordWrap(True)
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row.addWidget(box, 1)
            self.boxes.append(box)

    def show_steps(self, steps: list[StepLine]) -> None:
        for box, step in zip(self.boxes, steps, strict=True):
            mark, colour = _STEP_STYLE[step.state]
            lines = [f"{mark} {step.label}".strip()]
            if step.on is not None:
                lines.append(step.on.isoformat())
            if step.actor:
                lines.append(step.actor)
            box.setText("\n".join(lines))
            box.setToolTip(step.note)
            box.setStyleSheet(f"background:{colour}; color:black; padding:3px;"
                              "border:1px solid #bdbdbd; border-radius:3px;")


class CloseoutTab(QWidget):
    def __init__(self, desk: Desk, task_uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.task_uuid = desk, task_uuid
        self.state: CloseoutState | None = None

        line_box = QGroupBox(self.tr("销号程序"), self)
        self.procedure = ProcedureLine(line_box)
        QVBoxLayout(line_box).addWidget(self.procedure)

        checks = QGroupBox(self.tr("销号条件"), self)
        self.status = QLabel(self)
        self.checklist = QListWidget(checks)
        self.checklist.setWordWrap(True)
        # As tall as its conditions: a fixed share of the tab cut the list mid-line.
        self.checklist.setSizeAdjustPolicy(
            QListWidget.SizeAdjustPolicy.AdjustToContents)
        # Wrapped, not cut with "…": the items are re-laid out as the width changes.
        self.checklist.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.checklist.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.checklist.viewport().installEventFilter(self)
        cv = QVBoxLayout(checks)
        cv.addWidget(self.status)
        cv.addWidget(self.checklist)

        acc = QGroupBox(self.tr("验收"), self)
        self.acceptances = QLabel(acc)
        self.acceptances.setWordWrap(True)
        self.checked_on = QLineEdit(desk.today.isoformat(), acc)
        self.checked_on.textChanged.connect(self._check_date)
        self.date_error = QLabel(acc)
        self.date_error.setStyleSheet(ERROR_STYLE)
        self.inspector = QLineEdit(acc)
        self.inspector.setPlaceholderText(self.tr("验收组或验收人"))
        self.opinion = QPlainTextEdit(acc)
        self.opinion.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.passed = QCheckBox(self.tr("验收通过"), acc)
        self.passed.setChecked(True)
        record = QPushButton(self.tr("记录验收"), acc)
        record.clicked.connect(self.record_acceptance)
        self.acc_error = QLabel(acc)
        self.acc_error.setStyleSheet(ERROR_STYLE)
        self.acc_error.setWordWrap(True)
        date_row = QHBoxLayout()
        date_row.addWidget(self.checked_on)
        date_row.addWidget(self.date_error, 1)
        form = QFormLayout()
        form.addRow(self.tr("验收日期"), date_row)
        form.addRow(self.tr("验收人"), self.inspector)
        form.addRow(self.tr("验收意见"), self.opinion)
        av = QVBoxLayout(acc)
        av.addWidget(self.acceptances)
        av.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.passed)
        row.addWidget(record)
        row.addStretch(1)
        av.addLayout(row)
        av.addWidget(self.acc_error)
        av.addStretch(1)  # keep the form together at the top

        self.request_button = QPushButton(self.tr("申请销号"), self)
        self.request_button.clicked.connect(self.request)
        self.refusal = QLabel(self)
        self.refusal.setStyleSheet(ERROR_STYLE)
        self.refusal.setWordWrap(True)
        self.requests = QLabel(self)
        self.requests.setWordWrap(True)

        revisit = QGroupBox(self.tr("回头看"), self)
        self.revisit_due = QComboBox(revisit)
        self.revisit_inspector = QLineEdit(revisit)
        self.revisit_findings = QLineEdit(revisit)
        self.rebound = QCheckBox(self.tr("发现问题反弹（重新启动整改）"), revisit)
        self.revisit_button = QPushButton(self.tr("记录回头看"), revisit)
        self.revisit_button.clicked.connect(self.record_revisit)
        self.revisit_error = QLabel(revisit)
        self.revisit_error.setStyleSheet(ERROR_STYLE)
        self.revisit_error.setWordWrap(True)
        rf = QFormLayout(revisit)
        rf.addRow(self.tr("计划日期"), self.revisit_due)
        rf.addRow(self.tr("核查人"), self.revisit_inspector)
        rf.addRow(self.tr("核查结果"), self.revisit_findings)
        rb = QHBoxLayout()
        rb.addWidget(self.rebound)
        rb.addWidget(self.revisit_button)
        rb.addStretch(1)
        rf.addRow("", rb)
        rf.addRow("", self.revisit_error)

        outer = QVBoxLayout(self)
        outer.addWidget(line_box)
        layout = QHBoxLayout()
        outer.addLayout(layout, 1)
        left = QVBoxLayout()
        left.addWidget(checks, 1)
        left.addWidget(self.request_button)
        left.addWidget(self.refusal)
        left.addWidget(self.requests)
        left.addWidget(revisit)
        layout.addLayout(left, 3)
        layout.addWidget(acc, 2)
        desk.reload_on_change(self, self.reload, self.task_uuid)
        self.reload()

    def reload(self) -> None:
        self.state = state = self.desk.fetch(lambda s: closeout_state(s, self.task_uuid))
        today = self.desk.today
        self.procedure.show_steps(self.desk.fetch(
            lambda s: procedure(s, self.task_uuid, today)))
        self.status.setText(self.tr("当前状态：%1").replace("%1", status_label(state.status)))
        self.checklist.clear()
        if state.unmet:
            for u in state.unmet:
                self.checklist.addItem("✗  " + str(u))
        else:
            self.checklist.addItem("✓  " + self.tr("销号条件均已满足"))
        self._fit_checklist()
        # Requested (or decided) once: a second request could only be refused.
        can_request = state.status not in ("closeout_requested", "closed_out")
        self.request_button.setEnabled(can_request)
        self.request_button.setToolTip("" if can_request else self.tr(
            "当前状态为“%1”，不能再申请销号。").replace("%1", status_label(state.status)))
        lines = [
            f"{a['checked_on']}  {a['inspector']}  "
            + (self.tr("通过") if a["passed"] else self.tr("未通过"))
            for a in state.acceptances
        ]
        self.acceptances.setText("\n".join(lines) or self.tr("尚无验收记录"))
        reqs = [self.tr("%1 申请销号").replace("%1", str(r["requested_on"]))
                for r in state.requests]
        for d in state.decisions:
            verdict = (self.tr("批准，销号编号 %1").replace("%1", d["closeout_number"])
                       if d["approved"] else self.tr("退回：%1").replace("%1", d["reasons"]))
            reqs.append(f"{d['decided_on']}  {verdict}")
        self.requests.setText("\n".join(reqs))
        # Only this desk's revisits: another desk's result is for that desk to record.
        revisits = self.desk.fetch(lambda s: [(r.uuid, r.due_date)
                                              for r in pending_revisits(s, self.task_uuid)
                                              if r.owner == self.desk.code])
        self.revisit_due.clear()
        for uuid, due in revisits:
            self.revisit_due.addItem(due.isoformat(), uuid)
        for w in (self.revisit_due, self.revisit_inspector, self.revisit_findings,
                  self.rebound, self.revisit_button):
            w.setEnabled(bool(revisits))

    def _fit_checklist(self) -> None:
        """Every condition whole and visible without scrolling: a list view sizes its
        items as one line, so each item gets the height of its wrapped text."""
        view = self.checklist
        width = max(view.viewport().width() - 8, 100)
        metrics = view.fontMetrics()
        total = 0
        for i in range(view.count()):
            item = view.item(i)
            text_rect = metrics.boundingRect(QRect(0, 0, width, 100000),
                                             int(Qt.TextFlag.TextWordWrap), item.text())
            height = text_rect.height() + 4
            item.setSizeHint(QSize(width, height))
            total += height
        frame = 2 * view.frameWidth() + 10
        cap = self.fontMetrics().height() * 16  # beyond that it scrolls
        view.setMinimumHeight(min(total + frame, cap))

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.checklist.viewport() and event.type() == QEvent.Type.Resize \
                and event.size().width() != event.oldSize().width():
            self._fit_checklist()  # wrapped lines change with the width
        return super().eventFilter(watched, event)

    def _check_date(self, text: str) -> bool:
        try:
            ok = clean_value("checked_on", text) is not None
            error = "" if ok else self.tr("请填写验收日期。")
        except FieldError as e:
            error = str(e)
        self.date_error.setText(error)
        self.checked_on.setStyleSheet(INVALID_EDITOR if error else "")
        return not error

    def record_acceptance(self) -> None:
        if not self._check_date(self.checked_on.text()):
            return
        values: dict[str, Any] = {
            "checked_on": clean_value("checked_on", self.checked_on.text()),
            "inspector": self.inspector.text(), "opinion": self.opinion.toPlainText(),
            "passed": self.passed.isChecked(),
        }
        try:
            self.desk.push(commands.acceptance(self.desk, self.task_uuid, values,
                                               self.tr("记录验收")))
        except Exception as e:
            logs.caught(e)  # the traceback stays in the log
            self.acc_error.setText(str(e))
            return
        self.acc_error.setText("")
        self.opinion.clear()

    def request(self) -> None:
        """A deliberate act sent on to the city: not undoable, refused in plain words."""
        desk = self.desk
        try:
            desk.ledger.request_closeout(self.task_uuid, requested_by=desk.ctx.name)
        except CloseoutRefused as e:
            self.refusal.setText(str(e))
            return
        except Exception as e:
            logs.caught(e)  # the traceback stays in the log
            self.refusal.setText(str(e))
            return
        self.refusal.setText("")
        self.request_button.setEnabled(False)  # until the reload says otherwise
        desk.changed.emit(self.task_uuid)

    def record_revisit(self) -> None:
        """Also deliberate: a rebound reopens the task and keeps its close-out on record."""
        from desktop.ui import messages

        uuid = self.revisit_due.currentData()
        if not uuid:
            return
        if not self.revisit_inspector.text().strip():
            self.revisit_error.setText(self.tr("请填写核查人。"))
            return
        if self.rebound.isChecked() and not messages.confirm(self, self.tr(
                "记录反弹后，该任务将重新启动整改（原销号记录保留）。确定吗？")):
            return
        desk = self.desk
        try:
            desk.ledger.record_revisit(
                uuid, done_date=desk.today, inspector=self.revisit_inspector.text().strip(),
                findings=self.revisit_findings.text().strip(), rebound=self.rebound.isChecked())
        except Exception as e:
            logs.caught(e)  # the traceback stays in the log
            self.revisit_error.setText(str(e))
            return
        self.revisit_error.setText("")
        self.revisit_findings.clear()
        self.rebound.setChecked(False)
        desk.changed.emit(self.task_uuid)
