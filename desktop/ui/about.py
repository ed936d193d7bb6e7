"""帮助 → 关于: the version, the data folder, and the licences of what the program
is made of (Qt under the LGPL v3, the bundled Chinese font, every library)."""

from __future__ import annotations

import platform
import sqlite3
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__, paths


def licence_of(dist: metadata.Distribution) -> str:
    """The licence a distribution declares: its SPDX expression, else the licence
    classifiers, else its free-text field's first line."""
    meta: Any = dist.metadata  # an email.message.Message: .get works (typeshed says not)
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                   if (c.startswith("License ::") and "OSI Approved ::" in c) or
                   (c.startswith("License ::") and c.count("::") == 1)]
    if classifiers:
        return ", ".join(classifiers)
    text = (meta.get("License") or "").strip()
    return text.splitlines()[0][:60] if text else "?"


def libraries() -> list[tuple[str, str, str]]:
    """(name, version, licence) of every installed distribution, by name."""
    seen: dict[str, tuple[str, str, str]] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"] or "?"
        if name.lower() in ("rectification-desk", "rectdesk"):
            continue
        seen.setdefault(name.lower(), (name, dist.version, licence_of(dist)))
    return [seen[k] for k in sorted(seen)]


class AboutDialog(QDialog):
    def __init__(self, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于整改台账"))
        font_licence = paths.resources_dir() / "fonts" / "LICENSE-WenQuanYiMicroHei.txt"
        head = QLabel(self)
        head.setTextFormat(Qt.TextFormat.RichText)
        head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.setWordWrap(True)
        rows = [
            (self.tr("版本"), __version__),
            (self.tr("数据文件夹"), str(home)),
            (self.tr("运行环境"), self.tr("Python %1，Qt %2（PySide6 %3），SQLite %4，%5")
             .replace("%1", platform.python_version()).replace("%2", qVersion())
             .replace("%3", pyside_version).replace("%4", sqlite3.sqlite_version)
             .replace("%5", f"{platform.system()} {platform.machine()}")
             + (self.tr("，安装版") if getattr(sys, "frozen", False) else "")),
            (self.tr("许可证"), self.tr("本程序以 GNU GPL 3.0 或更新版本发布。")),
            ("Qt", self.tr("Qt 6 与 Qt for Python（PySide6）按 GNU LGPL 3.0 使用，作为可替换的"
                           "动态库随程序分发；源代码见 https://download.qt.io/ 。")),
            (self.tr("字体"), self.tr("文泉驿微米黑（WenQuanYi Micro Hei）按 Apache License 2.0 "
                                   "使用，许可证全文：%1").replace("%1", str(font_licence))),
        ]
        body = "".join(f"<tr><td style='padding-right:12px'><b>{k}</b></td><td>{_html(v)}</td>"
                       "</tr>" for k, v in rows)
        name = self.tr("整改台账")  # outside the f-string, where lupdate finds it
        head.setText(f"<h3>{name} {__version__}</h3><table>{body}</table>")
        libs = libraries()
        table = QTableWidget(len(libs), 3, self)
        table.setHorizontalHeaderLabels([self.tr("库"), self.tr("版本"), self.tr("许可证")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        for row, values in enumerate(libs):
            for col, value in enumerate(values):
                table.setItem(row, col, QTableWidgetItem(value))
        self.table = table
        self.head = head
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(QLabel(self.tr("程序使用的库及其许可证："), self))
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(48 * em, 40 * em)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
