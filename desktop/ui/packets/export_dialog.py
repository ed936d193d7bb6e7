"""Export a packet: the month (county) or the county (city), the passphrase, a folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.domain import periods
from desktop.packets import build
from desktop.services import completeness, keys
from desktop.services.desk import DeskContext
from desktop.ui import messages, operations


class ExportDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_path: Path | None = None
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
            due = periods.next_report(clock.today(), ctx.settings.report_due_day)[0]
            for i in range(6):
                period = periods.shift(due, -i)
                self.target.addItem(period, period)
            form.addRow(self.tr("报送月份"), self.target)
        self.no_change = QCheckBox(self.tr("本月无新进展（声明无变化）"))
        if not ctx.is_city:
            form.addRow("", self.no_change)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("签名密钥的口令"))
        form.addRow(self.tr("口令"), self.passphrase)
        self.folder = QLineEdit(str(ctx.paths.packets))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(browse)
        form.addRow(self.tr("保存到"), row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(self.tr("导出"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.operation: operations.Operation | None = None

    def _browse(self) -> None:
        folder = messages.choose_folder(self, self.tr("选择保存报送包的文件夹"), self.folder.text())
        if folder is not None:
            self.folder.setText(str(folder))

    def start(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            messages.error(self, self.tr("请输入签名密钥的口令。"))
            return
        ctx, target, out = self.ctx, self.target.currentData(), Path(self.folder.text())
        no_change = self.no_change.isChecked()
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("正在导出…"))

        def work(_cancel: operations.Cancel) -> build.ExportResult:
            identity = keys.load(ctx, passphrase)
            if ctx.is_city:
                return build.export_city_packet(ctx, identity, target, out)
            return build.export_county_packet(ctx, identity, target, out, no_change=no_change)

        self.operation = operations.run(self, self.tr("正在导出报送包…"), work, self._done,
                                        cancellable=False)
        self.operation.finished.connect(lambda *_: self.export_button.setEnabled(True))

    def _done(self, result: build.ExportResult) -> None:
        self.result_path = result.path
        m = result.manifest
        self.status.setText(self.tr("已导出第 {0} 号报送包：\n{1}").replace("{0}", str(m.sequence))
                            .replace("{1}", str(result.path)))
        self.passphrase.clear()
