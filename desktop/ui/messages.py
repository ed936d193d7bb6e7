"""Every message box and file dialog goes through here, so that tests patch one
module and a stray modal dialog can never hang a headless run."""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from desktop import logs
from desktop.services.storage_errors import as_user_error


def describe(error: BaseException) -> tuple[str, str]:
    """The clerk's sentence and the details worth copying for whoever helps her."""
    explained = as_user_error(error)
    if explained is not None:
        return str(explained), explained.detail or ""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return str(error) or type(error).__name__, text


def error(parent: QWidget | None, error: BaseException | str, title: str = "") -> None:
    error_box(parent, error, title).exec()


def error_box(parent: QWidget | None, error: BaseException | str,
              title: str = "") -> QMessageBox:
    """The box ``error`` shows.  An unexpected error (a bug, not a refusal in the
    clerk's words) goes to the log with its traceback, and the box says so and where
    the log is; whatever has details gets a button that copies them."""
    if isinstance(error, BaseException):
        text, detail = describe(error)
        if as_user_error(error) is None:
            logs.caught(error, "window")
            text = _unexpected_text(text)
            detail = f"{detail}\n{_log_line()}"
    else:
        text, detail = error, ""
    box = QMessageBox(QMessageBox.Icon.Warning, title or _title(parent), text,
                      QMessageBox.StandardButton.Ok, parent)
    if detail:
        box.setDetailedText(detail)  # Qt's "Show Details…" area, selectable to copy
        copy = box.addButton(QCoreApplication.translate("Messages", "复制详细信息"),
                             QMessageBox.ButtonRole.ActionRole)
        whole = f"{text}\n\n{detail}"
        copy.clicked.connect(lambda: QApplication.clipboard().setText(whole))
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    return box


def _log_line() -> str:
    path = logs.log_file()
    return (QCoreApplication.translate("Messages", "日志文件：%1").replace("%1", str(path))
            if path is not None else "")


def _unexpected_text(text: str) -> str:
    said = QCoreApplication.translate(
        "Messages", "程序遇到了意外错误：%1\n\n"
        "这不是您的操作有误。请点“复制详细信息”，连同日志文件一起发给技术支持"
        "（也可以运行 rectdesk-cli diagnose --out 诊断包.zip）。").replace("%1", text)
    line = _log_line()
    return f"{said}\n{line}" if line else said


def info(parent: QWidget | None, text: str, title: str = "") -> None:
    QMessageBox.information(parent, title or _title(parent), text)


def saved(parent: QWidget | None, path: Path, title: str = "") -> None:
    """Say where a file went, with a button that opens its folder."""
    box = QMessageBox(QMessageBox.Icon.Information, title or _title(parent),
                      QCoreApplication.translate("Messages", "已保存到：%1")
                      .replace("%1", str(path)),
                      QMessageBox.StandardButton.Ok, parent)
    folder = box.addButton(QCoreApplication.translate("Messages", "打开所在文件夹"),
                           QMessageBox.ButtonRole.ActionRole)
    box.exec()
    if box.clickedButton() is folder:
        open_folder(path.parent)


def open_folder(folder: Path) -> bool:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def confirm(parent: QWidget | None, text: str, title: str = "") -> bool:
    answer = QMessageBox.question(parent, title or _title(parent), text)
    return answer == QMessageBox.StandardButton.Yes


def open_files(parent: QWidget | None, title: str, start: str = "",
               filters: str = "") -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, title, start, filters)
    return [Path(n) for n in names]


def open_file(parent: QWidget | None, title: str, start: str = "",
              filters: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, start, filters)
    return Path(name) if name else None


def save_file(parent: QWidget | None, title: str, start: str = "",
              filters: str = "") -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
    return Path(name) if name else None


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, start)
    return Path(name) if name else None


def _title(parent: QWidget | None) -> str:
    window = parent.window() if parent is not None else None
    return window.windowTitle() if window is not None and window.windowTitle() \
        else QCoreApplication.translate("App", "整改台账")
