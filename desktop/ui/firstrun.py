"""First run: no ledger in the data folder yet.  Choose the desk's role and unit, join
a city from its first packet, or the demonstration ledger; the data folder is shown and
can be changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import messages
from desktop.ui.style import ERROR_STYLE


class FirstRunDialog(QDialog):
    def __init__(self, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("整改台账 — 首次使用"))
        self.home = home
        from desktop.services.demo import load_catalogue  # the first run only

        self.catalogue = load_catalogue()
        intro = QLabel(self.tr("这个数据文件夹里还没有台账。请选择本台账的单位，"
                               "或先打开演示台账熟悉程序。"), self)
        intro.setWordWrap(True)
        self.new_ledger = QRadioButton(self.tr("建立本单位的台账"), self)
        self.join = QRadioButton(self.tr("加入市级台账：打开市级的第一个下发包"), self)
        self.demo = QRadioButton(self.tr("打开演示台账（保定市示例数据）"), self)
        self.new_ledger.setChecked(True)
        # Joining: the packet names this county; the city key's fingerprint, read out by
        # phone, is what makes it trusted.
        self.packet: Path | None = None
        self.packet_label = QLabel(self.tr("（未选择）"), self)
        self.packet_label.setWordWrap(True)
        pick = QPushButton(self.tr("选择下发包…"), self)
        pick.clicked.connect(self.choose_packet)
        self.fingerprint = QLineEdit(self)
        self.fingerprint.setPlaceholderText(self.tr("市级整改办电话告知的密钥指纹"))
        packet_row = QHBoxLayout()
        packet_row.addWidget(self.packet_label, 1)
        packet_row.addWidget(pick)
        join_form = QFormLayout()
        join_form.addRow(self.tr("下发包"), packet_row)
        join_form.addRow(self.tr("密钥指纹"), self.fingerprint)
        self.join_box = QWidget(self)
        self.join_box.setLayout(join_form)
        self.join.toggled.connect(self._mode)
        self.role = QComboBox(self)
        self.role.addItem(self.tr("县级整改办（县、市、区、开发区）"), "county")
        self.role.addItem(self.tr("市级整改办"), "city")
        self.role.currentIndexChanged.connect(lambda _i: self._fill_units())
        self.unit = QComboBox(self)
        self.folder = QLabel(str(home), self)
        self.folder.setWordWrap(True)
        change = QPushButton(self.tr("更改…"), self)
        change.clicked.connect(self.change_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(change)
        form = QFormLayout()
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("单位"), self.unit)
        form.addRow(self.tr("数据文件夹"), folder_row)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.new_ledger)
        layout.addWidget(self.join)
        layout.addWidget(self.demo)
        layout.addLayout(form)
        layout.addWidget(self.join_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 36)
        self._fill_units()
        self._mode()

    def _mode(self) -> None:
        joining = self.join.isChecked()
        self.join_box.setVisible(joining)
        self.role.setEnabled(not joining)
        self.unit.setEnabled(not joining)

    def choose_packet(self) -> None:
        chosen = messages.open_file(self, self.tr("选择市级下发包"), str(self.home),
                                    self.tr("报送包 (*.rdpkt)"))
        if chosen is None:
            return
        from desktop.packets.join import read_join_packet

        try:
            info = read_join_packet(chosen)
        except Exception as e:  # not a city packet: said in the dialog
            self.error.setText(str(e))
            return
        self.packet = chosen
        self.error.setText("")
        self.packet_label.setText(self.tr("{city} 发给 {county}（{code}）").format(
            city=info.city_name or info.city, county=info.county_name, code=info.county))

    def _fill_units(self) -> None:
        self.unit.clear()
        if self.role.currentData() == "city":
            city = self.catalogue["city"]
            self.unit.addItem(city["name"], (city["code"], city["name"]))
        else:
            for u in self.catalogue["counties"]:
                self.unit.addItem(f"{u['name']}（{u['code']}）", (u["code"], u["name"]))

    def change_folder(self) -> None:
        chosen = messages.choose_folder(self, self.tr("选择数据文件夹"), str(self.home))
        if chosen is not None:
            self.home = chosen
            self.folder.setText(str(chosen))

    def choice(self) -> dict[str, Any]:
        code, name = self.unit.currentData()
        role = self.role.currentData()
        suffix = "生态环境保护督察整改办公室" if role == "city" else "整改办"
        return {"home": self.home, "demo": self.demo.isChecked(),
                "join": self.packet if self.join.isChecked() else None,
                "joining": self.join.isChecked(),
                "fingerprint": self.fingerprint.text(), "role": role,
                "code": code, "name": name + suffix}
