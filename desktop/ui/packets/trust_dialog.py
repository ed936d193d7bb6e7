"""Keys: this desk's own fingerprint to read out, the enrolled keys of other desks, and
enrolment of a new one (file + fingerprint compared by phone)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import UserError
from desktop.packets import trust
from desktop.services import keys
from desktop.services.desk import DeskContext
from desktop.ui import messages
from desktop.ui.packets.common import fill, table


class TrustDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("密钥与信任"))
        own = QGroupBox(self.tr("本台账的密钥（请对方电话核对此指纹）"))
        own_form = QFormLayout(own)
        self.own_fingerprint = QLabel()
        big = QFont()
        big.setPointSize(14)
        big.setBold(True)
        self.own_fingerprint.setFont(big)
        self.own_key = QLabel()
        own_form.addRow(self.tr("密钥编号"), self.own_key)
        own_form.addRow(self.tr("指纹"), self.own_fingerprint)
        self.create_key = QPushButton(self.tr("创建签名密钥…"))
        self.create_key.clicked.connect(self._create_key)
        self.export_key = QPushButton(self.tr("导出登记文件…"))
        self.export_key.clicked.connect(self._export_key)
        own_buttons = QHBoxLayout()
        own_buttons.addWidget(self.create_key)
        own_buttons.addWidget(self.export_key)
        own_buttons.addStretch(1)
        own_form.addRow("", own_buttons)

        self.keys = table([self.tr("单位代码"), self.tr("单位名称"), self.tr("密钥编号"),
                           self.tr("指纹"), self.tr("状态")])
        add = QGroupBox(self.tr("登记对方密钥"))
        add_form = QFormLayout(add)
        self.file = QLineEdit()
        choose = QPushButton(self.tr("选择登记文件…"))
        choose.clicked.connect(self._choose)
        self.shown_fingerprint = QLabel(self.tr("（选择文件后显示其指纹）"))
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(self.tr("输入电话中对方读出的指纹"))
        self.replace = QCheckBox(self.tr("更换该单位已登记的密钥（如电脑丢失）"))
        enrol = QPushButton(self.tr("登记"))
        enrol.clicked.connect(self.enrol)
        add_form.addRow(choose, self.file)
        add_form.addRow(self.tr("文件中密钥的指纹"), self.shown_fingerprint)
        add_form.addRow(self.tr("核对后的指纹"), self.typed)
        add_form.addRow("", self.replace)
        add_form.addRow("", enrol)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(own)
        layout.addWidget(self.keys, 1)
        layout.addWidget(add)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self.refresh()

    def refresh(self) -> None:
        has_key = keys.exists(self.ctx)
        self.create_key.setVisible(not has_key)
        self.export_key.setEnabled(has_key)
        try:
            info = keys.public_info(self.ctx)
            self.own_key.setText(info["key_id"])
            self.own_fingerprint.setText(info["fingerprint"])
        except UserError as e:
            self.own_key.setText(str(e))
        with self.ctx.store.read() as s:
            rows = trust.list_keys(s)
        retired, active = self.tr("已停用"), self.tr("有效")
        fill(self.keys, [[r["desk_code"], r["desk_name"], r["key_id"], r["fingerprint"],
                          retired if r["replaced_at"] else active] for r in rows],
             ["superseded" if r["replaced_at"] else "accepted" for r in rows])

    def _create_key(self) -> None:
        from desktop.ui.packets.key_dialog import KeyCreateDialog

        dialog = KeyCreateDialog(self.ctx, self)
        dialog.exec()
        dialog.deleteLater()
        self.refresh()

    def _export_key(self) -> None:
        folder = messages.choose_folder(self, self.tr("登记文件保存到"))
        if folder is None:
            return
        try:
            written = keys.export(self.ctx, folder)
        except (UserError, OSError) as e:
            messages.error(self, e)
            return
        messages.info(self, self.tr("已写出：") + "\n" + "\n".join(str(p) for p in written))

    def _choose(self) -> None:
        path = messages.open_file(self, self.tr("选择登记文件"), "",
                                  self.tr("登记文件 (*.enrol.json)"))
        if path is None:
            return
        self.file.setText(str(path))
        try:
            self.shown_fingerprint.setText(trust.parse_enrolment(path.read_bytes()).fingerprint)
        except (UserError, OSError) as e:
            messages.error(self, e)

    def enrol(self) -> None:
        from pathlib import Path

        try:
            enrolment = trust.parse_enrolment(Path(self.file.text()).read_bytes())
            self.ctx.ledger.run(lambda s: trust.add(
                s, self.ctx.code, self.ctx.role, enrolment, self.typed.text(),
                replace=self.replace.isChecked()))
        except (UserError, OSError) as e:
            messages.error(self, e)
            return
        self.typed.clear()
        self.refresh()
