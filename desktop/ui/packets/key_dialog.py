"""Creating this desk's signing key: a passphrase typed twice, then the fingerprint to
read out to the other office by phone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import UserError
from desktop.services import keys
from desktop.services.desk import DeskContext
from desktop.ui import messages


class KeyCreateDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fingerprint = ""
        self.setWindowTitle(self.tr("创建签名密钥"))
        intro = QLabel(self.tr(
            "报送包和月报 PDF 用本台账的签名密钥签名，市级据此确认来源、发现改动。"
            "请设一个至少 8 个字符的口令，并妥善保管：每次导出报送包都要输入它，"
            "忘记后只能新建密钥并请对方重新登记。"))
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("口令"), self.passphrase)
        form.addRow(self.tr("再输一遍"), self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建"))
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, 240)

    def create(self) -> None:  # type: ignore[override]  # the button's act, not QWidget.create
        if self.passphrase.text() != self.again.text():
            self.error.setText(self.tr("两次输入的口令不一致。"))
            return
        try:
            keys.check_new_passphrase(self.passphrase.text(), self.ctx)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # scrypt: ~0.5 s
            try:
                identity = keys.create(self.ctx, self.passphrase.text())
            finally:
                QApplication.restoreOverrideCursor()
        except UserError as e:
            self.error.setText(str(e))
            return
        self.fingerprint = identity.fingerprint
        messages.info(self, self.tr("密钥已创建。请把登记文件交给市级，并电话核对指纹：\n{0}")
                      .replace("{0}", identity.fingerprint))
        self.accept()
