"""Export a packet: the month (county) or the county (city), the passphrase, a folder.

Before a county packet leaves, the dialog lists what the city will see as missing
(services.precheck): the clerk opens a task to fix it (double-click), declares "no
change" for the tasks without progress, or exports anyway, and the list travels in
the packet.  The month's "no change" checkbox is the stored declaration the 月报 tab
shows.  The signing key stays unlocked for the session (ui.key_session)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.domain import periods
from desktop.packets import build
from desktop.services import completeness, precheck, reporting
from desktop.services.desk import DeskContext
from desktop.signing.identity import Identity
from desktop.ui import key_session, messages, operations

ITEM_ROLE = Qt.ItemDataRole.UserRole


@dataclass
class _Exported:
    result: build.ExportResult
    identity: Identity


class ExportDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.desk: Any = getattr(parent, "desk", None)  # the window's undo stack, if any
        self.keys = key_session.session()
        self.result_path: Path | None = None
        self.items: list[precheck.OpenItem] = []
        self.setWindowTitle(self.tr("导出报送包"))
        form = QFormLayout()
        self.target = QComboBox()
        if ctx.is_city:
            with ctx.store.read() as s:
                units = completeness.county_units(s)
            for code, name in units:
                self.target.addItem(f"{code} {name}", code)
            form.addRow(self.tr("下发给"), self.target)
        else:
            due = reporting.due_period(clock.today(), ctx.settings)
            for i in range(6):
                period = periods.shift(due, -i)
                self.target.addItem(period, period)
            form.addRow(self.tr("报送月份"), self.target)
        self.no_change = QCheckBox(self.tr("本月整体无变化（声明，与“月报”页的声明相同）"))
        self.no_change.clicked.connect(self._declare_month)
        if not ctx.is_city:
            form.addRow("", self.no_change)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("签名密钥的口令"))
        self.unlocked = QLabel(self.tr(
            "签名密钥已解锁（本次使用期间有效，闲置 15 分钟后自动锁定）"))
        key_row = QHBoxLayout()
        key_row.addWidget(self.passphrase)
        key_row.addWidget(self.unlocked)
        form.addRow(self.tr("口令"), key_row)
        self.folder = QLineEdit(str(ctx.paths.packets))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(browse)
        form.addRow(self.tr("保存到"), row)

        # The check before the packet leaves (county packets only).
        self.check_title = QLabel()
        self.check_title.setWordWrap(True)
        self.check_list = QListWidget()
        self.check_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.check_list.itemActivated.connect(self._fix)
        self.declare_tasks = QPushButton(self.tr("所选任务本月无变化"))
        self.declare_tasks.setToolTip(self.tr("为所选（未选时为全部）未填进展的任务登记“本月无变化”"))
        self.declare_tasks.clicked.connect(self._declare_tasks)
        check_hint = QLabel(self.tr(
            "双击一项打开该任务去补填；仍然导出时，这份清单随报送包报给市级。"))
        check_hint.setWordWrap(True)
        self.check_box = QWidget()
        check_layout = QVBoxLayout(self.check_box)
        check_layout.setContentsMargins(0, 0, 0, 0)
        check_layout.addWidget(self.check_title)
        check_layout.addWidget(self.check_list, 1)
        check_buttons = QHBoxLayout()
        check_buttons.addWidget(check_hint, 1)
        check_buttons.addWidget(self.declare_tasks)
        check_layout.addLayout(check_buttons)
        self.check_box.setVisible(not ctx.is_city)

        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(self.tr("导出"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.check_box, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.operation: operations.Operation | None = None
        self.target.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    # ---- the check ---------------------------------------------------------------------
    @property
    def period(self) -> str:
        return str(self.target.currentData())

    def refresh(self) -> None:
        """Re-read the month's declaration and open items (after any change)."""
        self._show_key_state()
        if self.ctx.is_city:
            return
        ctx, period = self.ctx, self.period
        with ctx.store.read() as s:
            declared, _note = reporting.declaration(s, ctx.code, period)
            self.items = precheck.open_items(s, ctx.code, period, clock.today())
        self.no_change.setChecked(declared)
        self.check_list.clear()
        for it in self.items:
            item = QListWidgetItem(f"{it.task_number}  {it.task_title} — {it.text}")
            item.setData(ITEM_ROLE, it)
            item.setToolTip(it.text)
            self.check_list.addItem(item)
        if self.items:
            self.check_title.setText(self.tr("报送前检查：市级将看到以下 %1 项未完成（%2）。")
                                     .replace("%1", str(len(self.items)))
                                     .replace("%2", precheck.summary(self.items)))
            self.check_title.setStyleSheet("color: #b06000;")
            self.export_button.setText(self.tr("仍然导出"))
        else:
            self.check_title.setText(self.tr("报送前检查：没有发现缺项。"))
            self.check_title.setStyleSheet("color: #1e8e3e;")
            self.export_button.setText(self.tr("导出"))
        self.declare_tasks.setEnabled(any(i.kind == "progress" for i in self.items))

    def _show_key_state(self) -> None:
        held = self.keys.held(self.ctx) is not None
        self.passphrase.setVisible(not held)
        self.unlocked.setVisible(held)

    def _apply_change(self, text: str, step: Any, undo_steps: list[Any]) -> bool:
        """One change: through the window's undo stack when there is one, else through
        the ledger's door in one batch.  False (and the reason shown) when refused."""
        try:
            if self.desk is not None and undo_steps:
                self.desk.undo.beginMacro(text)
                try:
                    for command in undo_steps:
                        self.desk.push(command)
                finally:
                    self.desk.undo.endMacro()
            else:
                with self.ctx.ledger.batch():
                    step(self.ctx.ledger)
        except Exception as e:
            messages.error(self, e)
            return False
        return True

    def _declare_month(self, checked: bool) -> None:
        from desktop.ui import commands

        ctx, period = self.ctx, self.period
        text = self.tr("%1 月度声明").replace("%1", period)
        with ctx.store.read() as s:  # the note written on the 月报 tab stays
            note = reporting.declaration(s, ctx.code, period)[1]
        steps = [commands.declare(self.desk, ctx.code, period, checked, note, text)] \
            if self.desk is not None else []
        self._apply_change(text, lambda ledger: ledger.declare(
            ctx.code, period, no_change=checked, note=note), steps)
        self.refresh()

    def _declare_tasks(self) -> None:
        """"No change this month" for the chosen tasks without progress (all of them
        when none is chosen): last month's percent, marked no change."""
        from desktop.ui import commands

        chosen = [i.data(ITEM_ROLE) for i in self.check_list.selectedItems()]
        tasks = {i.task_uuid for i in (chosen or self.items) if i.kind == "progress"}
        if not tasks:
            return
        ctx, period = self.ctx, self.period
        with ctx.store.read() as s:
            lines = [ln for ln in reporting.period_report(s, period, ctx.code, clock.today(),
                                                          ctx.settings).lines
                     if ln.task_uuid in tasks and not ln.has_progress]
        values = {ln.task_uuid: {"period": period, "no_change": True,
                                 "percent": ln.previous_percent or 0} for ln in lines}
        text = self.tr("%1 项任务本月无变化").replace("%1", str(len(values)))
        steps = [commands.add_child(self.desk, "progress", uuid, v, text)
                 for uuid, v in values.items()] if self.desk is not None else []

        def direct(ledger: Any) -> None:
            for uuid, v in values.items():
                ledger.save_progress(uuid, period, {k: x for k, x in v.items()
                                                    if k != "period"})

        self._apply_change(text, direct, steps)
        self.refresh()

    def _fix(self, item: QListWidgetItem) -> None:
        """Close the dialog and open the task where the item is fixed."""
        it: precheck.OpenItem = item.data(ITEM_ROLE)
        window = self.parent()
        self.fix_requested = (it.task_uuid, it.tab)
        self.reject()
        open_task = getattr(window, "open_task", None)
        if open_task is None:
            return

        def show() -> None:
            from desktop.ui.report_view import open_task_on

            open_task(it.task_uuid)
            open_task_on(window, it.task_uuid, it.tab)  # type: ignore[arg-type]

        QTimer.singleShot(0, window, show)  # type: ignore[arg-type]

    # ---- export ------------------------------------------------------------------------
    def _browse(self) -> None:
        folder = messages.choose_folder(self, self.tr("选择保存报送包的文件夹"), self.folder.text())
        if folder is not None:
            self.folder.setText(str(folder))

    def start(self) -> None:
        held = self.keys.held(self.ctx)
        passphrase = self.passphrase.text()
        if held is None and not passphrase:
            messages.error(self, self.tr("请输入签名密钥的口令。"))
            return
        ctx, target, out = self.ctx, self.target.currentData(), Path(self.folder.text())
        no_change = self.no_change.isChecked()
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("正在导出…"))

        def work(_cancel: operations.Cancel) -> _Exported:
            from desktop.services import keys

            identity = held or keys.load(ctx, passphrase)
            if ctx.is_city:
                return _Exported(build.export_city_packet(ctx, identity, target, out), identity)
            return _Exported(build.export_county_packet(ctx, identity, target, out,
                                                        no_change=no_change), identity)

        self.operation = operations.run(self, self.tr("正在导出报送包…"), work, self._done,
                                        cancellable=False)
        self.operation.finished.connect(lambda *_: self.export_button.setEnabled(True))

    def _done(self, exported: _Exported) -> None:
        result = exported.result
        self.keys.keep(self.ctx, exported.identity)
        self.result_path = result.path
        m = result.manifest
        text = self.tr("已导出第 {0} 号报送包：\n{1}").replace("{0}", str(m.sequence)) \
            .replace("{1}", str(result.path))
        if self.items and not self.ctx.is_city:
            text += "\n" + self.tr("未完成事项 %1 项已随报送包报给市级。") \
                .replace("%1", str(len(self.items)))
        self.status.setText(text)
        self.passphrase.clear()
        self._show_key_state()
