"""Qt's own dialogs read Chinese in Chinese mode: the file dialog's labels too."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.qt


def test_qt_strings_with_a_shortcut_letter_are_chinese() -> None:
    translate = QCoreApplication.translate
    assert translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    assert translate("QFileDialog", "Files of &type:") == "文件类型(&T)："
    assert translate("QFileDialog", "Look in:") == "查找范围："  # the catalogue itself
    assert translate("QPlatformTheme", "Cancel") == "取消"
    assert translate("NoSuchContext", "&Nothing") == "&Nothing"  # untouched


def test_file_dialog_has_no_english_labels(qtbot: QtBot, tmp_path) -> None:
    dialog = QFileDialog(None, "打开", str(tmp_path), "Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton)]
    words = [re.sub(r"\(&\w\)", "", t) for t in texts]  # 查找范围(&L)：: the letter is a key
    english = [t for t in words if re.search("[A-Za-z]", t)]
    assert english == []


def test_english_mode_leaves_qt_english(english) -> None:
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"
