"""A small form for a new record: one line per field with its message beside it,
checked as the clerk types; OK stays disabled while a field is wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.services.records import FieldError
from desktop.ui.columns import Column
from desktop.ui.style import ERROR_STYLE, INVALID_EDITOR
from desktop.ui.validation import check, display

PLACEHOLDERS = {"date": "2026-05-01", "period": "2026-05", "percent": "0–100"}
# Submit callback: takes the values, raises FieldError/UserError when refused.
Submit = Callable[[dict[str, Any]], None]


class FieldRow(QWidget):
    """One field: its editor and, beside it, what is wrong with the value."""

    def __init__(self, column: Column, value: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = column
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor: QLineEdit | QPlainTextEdit | QCheckBox
        if column.kind == "bool":
            self.editor = QCheckBox(self)
            self.editor.setChecked(bool(value))
        elif column.kind == "long":
            self.editor = QPlainTextEdit(display(column, value), self)
            self.editor.setFixedHeight(self.fontMetrics().height() * 4)
            self.editor.textChanged.connect(self.validate)
        else:
            self.editor = QLineEdit(display(column, value), self)
            self.editor.setPlaceholderText(PLACEHOLDERS.get(column.kind, ""))
            self.editor.textChanged.connect(self.validate)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.setObjectName(f"error_{column.field}")
        layout.addWidget(self.editor, 3)
        layout.addWidget(self.message, 2)

    def text(self) -> Any:
        if isinstance(self.editor, QCheckBox):
            return self.editor.isChecked()
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return self.editor.text()

    def set_text(self, text: str) -> None:
        if isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(text)
        elif isinstance(self.editor, QLineEdit):
            self.editor.setText(text)

    def validate(self) -> bool:
        _value, error = check(self.column, self.text())
        self.show_error(error)
        return not error

    def show_error(self, error: str) -> None:
        self.message.setText(error)
        self.editor.setStyleSheet(INVALID_EDITOR if error else "")


class FormDialog(QDialog):
    def __init__(self, title: str, columns: tuple[Column, ...], submit: Submit,
                 values: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit_values = submit
        self.rows: dict[str, FieldRow] = {}
        form = QFormLayout()
        for col in columns:
            if not col.editable:
                continue
            row = FieldRow(col, (values or {}).get(col.field), self)
            label = col.title() + (" *" if col.required else "")
            form.addRow(label, row)
            self.rows[col.field] = row
        self.general = QLabel(self)  # errors that belong to no single field
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 40)

    def values(self) -> dict[str, Any]:
        return {name: row.text() for name, row in self.rows.items()}

    def try_accept(self) -> bool:
        if not all([row.validate() for row in self.rows.values()]):
            return False
        try:
            self.submit_values(self.values())
        except FieldError as e:
            row = self.rows.get(e.field)
            if row is not None:
                row.show_error(str(e))
            else:
                self.general.setText(str(e))
            return False
        except Exception as e:  # a refused edit stays in the form, in the clerk's words
            logs.caught(e)  # the traceback stays in the log
            self.general.setText(str(e))
            return False
        self.accept()
        return True
