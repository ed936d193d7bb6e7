"""The city's screens: completeness matrix, review queue (close-out and extension
requests), packet history."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.i18n import UserError
from desktop.services import completeness as comp
from desktop.services import review
from desktop.services.desk import DeskContext
from desktop.services.extensions import PendingExtension
from desktop.ui import messages
from desktop.ui.packets.common import COLOURS, fill, table
from desktop.ui.style import ERROR_STYLE


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


Pending = review.PendingRequest | PendingExtension
ROUND_COLUMN = 1  # 督察轮次, hidden on a one-round desk


class ReviewQueue(QWidget):
    """Requests waiting for the city, with a filter by unit.  A close-out request shows
    the checklist as the approval will run it, the self-check and the city's acceptance,
    the notice and the evidence with previews; approving allocates the number.  An
    extension request shows the deadline asked for and why; approving moves the task's
    deadline (the original is kept)."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.all_items: list[Pending] = []
        self.items: list[Pending] = []
        self.unit = QComboBox()
        self.unit.currentIndexChanged.connect(self._show)
        self.rounds: dict[str, review.RoundOf] = {}
        # The round column shows only when the desk holds more than one round (refresh).
        self.list = table([self.tr("类型"), self.tr("督察轮次"), self.tr("单位"), self.tr("编号"),
                           self.tr("任务"), self.tr("申请日期"), self.tr("申请人"),
                           self.tr("说明")])
        self.list.currentCellChanged.connect(lambda *_: self._detail())
        approve = QPushButton(self.tr("批准"))
        approve.clicked.connect(self.approve_selected)
        send_back = QPushButton(self.tr("退回…"))
        send_back.clicked.connect(self.return_selected)
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.steps = QLabel()
        self.steps.setWordWrap(True)
        self.checklist = QListWidget()
        self.checklist.setWordWrap(True)
        self.opinions = QLabel()
        self.opinions.setWordWrap(True)
        self.opinions.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.evidence = QListWidget()
        self.evidence.setViewMode(QListView.ViewMode.IconMode)
        self.evidence.setIconSize(QSize(96, 72))
        self.evidence.setResizeMode(QListView.ResizeMode.Adjust)
        self.evidence.setWordWrap(True)
        self.evidence.setGridSize(QSize(150, 120))
        detail = QWidget()
        dv = QVBoxLayout(detail)
        dv.setContentsMargins(0, 0, 0, 0)
        self.steps_title = QLabel(self.tr("销号程序"))
        self.checklist_title = QLabel(self.tr("销号条件（批准时再次核对）"))
        self.evidence_title = QLabel(self.tr("佐证材料"))
        dv.addWidget(self.steps_title)
        dv.addWidget(self.steps)
        dv.addWidget(self.checklist_title)
        dv.addWidget(self.checklist, 2)
        dv.addWidget(self.opinions)
        dv.addWidget(self.evidence_title)
        dv.addWidget(self.evidence, 3)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("单位：")))
        top.addWidget(self.unit)
        top.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        row = QHBoxLayout()
        row.addWidget(approve)
        row.addWidget(send_back)
        row.addWidget(self.feedback, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        from desktop.services import extensions

        with self.ctx.store.read() as s:
            both: list[Pending] = [*review.pending_requests(s), *extensions.pending(s)]
            self.rounds = review.rounds_of(s, [r.task_uuid for r in both])
            several_rounds = review.round_count(s) > 1
        self.list.setColumnHidden(ROUND_COLUMN, not several_rounds)
        self.all_items = sorted(both, key=lambda r: (r.requested_on, r.unit_code, r.number))
        chosen = self.unit.currentData()
        units = sorted({(r.unit_code, r.unit_name) for r in self.all_items})
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem(self.tr("全部单位"), "")
        for code, name in units:
            self.unit.addItem(f"{code} {name}", code)
        found = self.unit.findData(chosen) if chosen else 0
        self.unit.setCurrentIndex(max(found, 0))
        self.unit.blockSignals(False)
        self._show()

    def _show(self) -> None:
        code = self.unit.currentData()
        self.items = [r for r in self.all_items if not code or r.unit_code == code]
        fill(self.list, [self._row(r) for r in self.items])
        if self.items:
            self.list.setCurrentCell(0, 0)
        self._detail()

    def _row(self, r: Pending) -> list[object]:
        unit = f"{r.unit_code} {r.unit_name}"
        known = self.rounds.get(r.task_uuid)
        round_name = known.name if known else ""
        if isinstance(r, PendingExtension):
            until = self.tr("申请延至 %1（原定 %2）").replace("%1", r.new_deadline.isoformat()) \
                .replace("%2", r.previous_deadline.isoformat() if r.previous_deadline else "—")
            return [self.tr("延期"), round_name, unit, r.number, r.title,
                    r.requested_on.isoformat(), "", f"{until}：{r.reason}"]
        return [self.tr("销号"), round_name, unit, r.number, r.title,
                r.requested_on.isoformat(), r.requested_by, r.note]

    def _detail(self) -> None:
        row = self.list.currentRow()
        self.checklist.clear()
        self.evidence.clear()
        if not 0 <= row < len(self.items):
            self.steps.setText("")
            self.opinions.setText("")
            return
        item = self.items[row]
        is_closeout = not isinstance(item, PendingExtension)
        for w in (self.evidence_title, self.evidence):
            w.setVisible(is_closeout)
        self.steps_title.setText(self.tr("销号程序") if is_closeout else self.tr("延期申请"))
        self.checklist_title.setText(self.tr("销号条件（批准时再次核对）") if is_closeout
                                     else self.tr("申请理由"))
        if isinstance(item, PendingExtension):
            self._extension_detail(item)
            return
        with self.ctx.store.read() as s:
            d = review.request_detail(s, item.request_uuid, clock.today())
        marks = {"done": "✓", "failed": "✗", "current": "▶", "waiting": "·"}
        self.steps.setText("  →  ".join(
            f"{marks[x.state]} {x.label}" + (f" {x.on.isoformat()}" if x.on else "")
            for x in d.steps))
        for m in d.unmet:
            self.checklist.addItem("✗  " + str(m))
        if not d.unmet:
            self.checklist.addItem("✓  " + self.tr("销号条件均已满足，可以批准"))
        lines = [self.tr("自查：") + (d.self_check or self.tr("无")),
                 self.tr("市级验收：") + (d.acceptance or self.tr("尚未验收")),
                 self.tr("公示：") + (d.notice or self.tr("尚未公示"))]
        lines += [self.tr("异议：") + o for o in d.objections]
        self.opinions.setText("\n".join(lines))
        for ev in d.evidence:
            entry = QListWidgetItem(ev.name)
            entry.setToolTip(f"{ev.caption}\nSHA-256 {ev.sha256[:16]}")
            icon = self._preview(ev)
            if icon is not None:
                entry.setIcon(icon)
            self.evidence.addItem(entry)

    def _extension_detail(self, item: PendingExtension) -> None:
        previous = item.previous_deadline.isoformat() if item.previous_deadline else "—"
        self.steps.setText(self.tr("原定期限 %1  →  申请延至 %2")
                           .replace("%1", previous).replace("%2", item.new_deadline.isoformat()))
        self.checklist.addItem(item.reason or self.tr("（未写理由）"))
        self.opinions.setText(self.tr("批准后任务期限改为申请的日期，原定期限保留用于统计；"
                                      "退回时请写明理由，随下发包告知单位。"))

    def _preview(self, ev: review.EvidenceRow) -> QIcon | None:
        """A thumbnail of a picture (read from the evidence store); other files show
        their name only."""
        if not ev.media_type.startswith("image/"):
            return None
        path = self.ctx.paths.evidence_file(ev.sha256)
        image = QImage(str(path)) if path.is_file() else QImage()
        if image.isNull():
            return None
        return QIcon(QPixmap.fromImage(image.scaled(
            96, 72, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)))

    def _selected(self) -> Pending | None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.items):
            messages.info(self, self.tr("请先选择一项申请。"))
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

    def decide(self, item: Pending, *, approved: bool, text: str) -> bool:
        number = self.tr("第%1号").replace("%1", str(item.number))
        what = f"{item.unit_name} {number} {item.title}"
        try:
            if isinstance(item, PendingExtension):
                self.ctx.ledger.decide_extension(item.id, approved=approved,
                                                 note="" if approved else text,
                                                 approver=self.ctx.name)
            else:
                done = self.ctx.ledger.decide_closeout(
                    item.request_uuid, approved=approved,
                    reasons="" if approved else text, decided_by=self.ctx.name)
        except UserError as e:
            self.feedback.setStyleSheet(ERROR_STYLE)
            self.feedback.setText(self.tr("未能办理：%1").replace("%1", what))
            messages.error(self, e)
            return False
        self.feedback.setStyleSheet("")
        if isinstance(item, PendingExtension):
            self.feedback.setText(
                (self.tr("已批准延期（至 %2）：%1") if approved else self.tr("已退回延期申请：%1"))
                .replace("%1", what).replace("%2", item.new_deadline.isoformat()))
        elif approved:
            number = getattr(done.value, "closeout_number", "")
            self.feedback.setText(self.tr("已批准销号：%1，销号编号 %2")
                                  .replace("%1", what).replace("%2", number))
        else:
            self.feedback.setText(self.tr("已退回：%1").replace("%1", what))
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
    title = QCoreApplication.translate("CompletenessView", "报送完整性")
    return _dialog(parent, title, CompletenessView(ctx))


def review_dialog(ctx: DeskContext, parent: QWidget | None) -> QDialog:
    dialog = _dialog(parent, QCoreApplication.translate("ReviewQueue", "销号与延期审核"),
                     ReviewQueue(ctx))
    dialog.resize(1200, 680)  # the queue beside the checklist and the evidence
    return dialog


def history_dialog(ctx: DeskContext, parent: QWidget | None) -> QDialog:
    title = QCoreApplication.translate("HistoryView", "报送包记录")
    return _dialog(parent, title, HistoryView(ctx))
