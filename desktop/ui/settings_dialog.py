"""Settings: warning window, report due day, revisit intervals, language, data folder
and backups (make one now, restore one)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.services import backups
from desktop.services.desk import save_setting
from desktop.ui import messages, operations, prefs
from desktop.ui.desk import Desk
from desktop.ui.style import ERROR_STYLE


class SettingsDialog(QDialog):
    restored = Signal(object)  # the backup restored; the window reopens the desk
    language_changed = Signal(str)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(self.tr("设置"))
        s = desk.ctx.settings
        self.window_days = QSpinBox(self)
        self.window_days.setRange(0, 365)
        self.window_days.setValue(s.warning_window_days)
        self.window_days.setSuffix(self.tr(" 天"))
        self.due_day = QSpinBox(self)
        self.due_day.setRange(1, 28)
        self.due_day.setValue(s.report_due_day)
        self.revisits = QLineEdit(",".join(str(m) for m in s.revisit_months), self)
        self.revisits.setPlaceholderText("3,12")
        self.language = QComboBox(self)
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, editor in (
            ("warning_window_days", self.tr("黄灯预警提前"), self.window_days),
            ("report_due_day", self.tr("月报截止日（次月）"), self.due_day),
            ("revisit_months", self.tr("回头看间隔（月）"), self.revisits),
            ("language", self.tr("界面语言"), self.language),
        ):
            error = QLabel(self)
            error.setStyleSheet(ERROR_STYLE)
            error.setObjectName(f"error_{key}")
            self.errors[key] = error
            row = QHBoxLayout()
            row.addWidget(editor, 1)
            row.addWidget(error, 1)
            form.addRow(label, row)

        folder = QGroupBox(self.tr("数据文件夹"), self)
        self.folder = QLabel(str(desk.ctx.paths.home), folder)
        self.folder.setWordWrap(True)
        self.folder_note = QLabel(folder)
        change = QPushButton(self.tr("更改…"), folder)
        change.clicked.connect(self.change_folder)
        fl = QHBoxLayout(folder)
        fl.addWidget(self.folder, 1)
        fl.addWidget(change)
        fv = QVBoxLayout()
        fv.addWidget(folder)
        fv.addWidget(self.folder_note)

        box = QGroupBox(self.tr("备份"), self)
        self.backup_list = QListWidget(box)
        make = QPushButton(self.tr("立即备份"), box)
        make.clicked.connect(self.make_backup)
        restore = QPushButton(self.tr("从所选备份恢复…"), box)
        restore.clicked.connect(self.restore_selected)
        bv = QVBoxLayout(box)
        bv.addWidget(self.backup_list)
        row = QHBoxLayout()
        row.addWidget(make)
        row.addWidget(restore)
        row.addStretch(1)
        bv.addLayout(row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(fv)
        layout.addWidget(box, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 42)
        self.operation: operations.Operation | None = None
        self.list_backups()

    def list_backups(self) -> None:
        self.backup_list.clear()
        for path in backups.list_backups(self.desk.ctx):
            item = QListWidgetItem(backup_label(path))
            item.setData(Qt.ItemDataRole.UserRole, path.name)  # the file, for restoring
            item.setToolTip(str(path))
            self.backup_list.addItem(item)

    def values(self) -> dict[str, Any]:
        text = self.revisits.text().replace("，", ",")
        try:
            months: Any = tuple(int(m) for m in text.split(",") if m.strip())
        except ValueError:
            months = text
        return {"warning_window_days": self.window_days.value(),
                "report_due_day": self.due_day.value(), "revisit_months": months,
                "language": self.language.currentData()}

    def save(self) -> bool:
        ctx = self.desk.ctx
        ok = True
        old_language = ctx.settings.language
        for key, value in self.values().items():
            self.errors[key].setText("")
            if getattr(ctx.settings, key) == value:
                continue
            try:
                save_setting(ctx, key, value)
            except Exception as e:
                logs.caught(e)  # the traceback stays in the log
                self.errors[key].setText(str(e))
                ok = False
        if not ok:
            return False
        if ctx.settings.language != old_language:
            prefs.set_language(ctx.settings.language)
            self.language_changed.emit(ctx.settings.language)
        self.desk.changed.emit("")
        self.accept()
        return True

    def change_folder(self) -> None:
        chosen = messages.choose_folder(self, self.tr("选择数据文件夹"),
                                        str(self.desk.ctx.paths.home))
        if chosen is None:
            return
        prefs.set_data_folder(str(chosen))
        self.folder.setText(str(chosen))
        self.folder_note.setText(self.tr("新的数据文件夹在下次启动时生效。"))

    def make_backup(self) -> operations.Operation:
        ctx = self.desk.ctx
        self.operation = operations.run(self, self.tr("正在备份…"),
                                        lambda _cancel: backups.make_backup(ctx),
                                        lambda _path: self.list_backups(), cancellable=False)
        return self.operation

    def restore_selected(self) -> operations.Operation | None:
        item = self.backup_list.currentItem()
        if item is None:
            messages.info(self, self.tr("请先在列表中选中一份备份。"))
            return None
        source = self.desk.ctx.paths.backups / item.data(Qt.ItemDataRole.UserRole)
        ctx = self.desk.ctx
        try:
            change = backups.other_desk(ctx, source)
        except Exception as e:
            messages.error(self, e)
            return None
        if change is not None:
            # Another desk's backup would make this desk that one: name the change.
            question = self.tr("%1\n\n确定要恢复吗？当前台账会先自动备份。").replace(
                "%1", str(change))
        else:
            question = self.tr("用备份“%1”替换当前台账？当前台账会先自动备份。").replace(
                "%1", item.text())
        if not messages.confirm(self, question):
            return None
        self.operation = operations.run(
            self, self.tr("正在恢复…"),
            lambda _cancel: backups.restore(ctx, source, other_desk_ok=change is not None),
            lambda _safety: self._restored(source), cancellable=False)
        return self.operation

    def _restored(self, source: Path) -> None:
        self.restored.emit(source)
        self.list_backups()


def backup_label(path: Path) -> str:
    """A backup as a clerk reads it: when it was made and how big it is, not its
    file name (台账备份 2026年12月4日 10:32，1.2 MB)."""
    from datetime import datetime

    stamp = re.search(r"(\d{8})-(\d{6})", path.name)
    try:
        when = datetime.strptime("".join(stamp.groups()), "%Y%m%d%H%M%S") if stamp \
            else datetime.fromtimestamp(path.stat().st_mtime)
        size = path.stat().st_size
    except (OSError, ValueError):
        return path.name
    text = QCoreApplication.translate("SettingsDialog", "%1年%2月%3日 %4，%5")
    for key, value in (("%1", str(when.year)), ("%2", str(when.month)), ("%3", str(when.day)),
                       ("%4", when.strftime("%H:%M")), ("%5", _size_words(size))):
        text = text.replace(key, value)
    return text


def _size_words(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
