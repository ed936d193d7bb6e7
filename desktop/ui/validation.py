"""Checking a typed value with the same rules the services apply, for messages shown
next to the field while the clerk types."""

from __future__ import annotations

from typing import Any

from desktop.services.records import FieldError, clean_value
from desktop.ui.columns import Column


def check(column: Column, text: str) -> tuple[Any, str]:
    """(value, "") when fine, (None, message) when not."""
    if column.kind == "bool":
        return bool(text), ""
    if column.required and not str(text).strip():
        return None, _required(column)
    try:
        return clean_value(column.field, text), ""
    except FieldError as e:
        return None, str(e)


def _required(column: Column) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Validation", "“%1”不能为空。").replace("%1", column.title())


def display(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == "date":
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if column.kind in ("percent", "number") and isinstance(value, (int, float)) \
            and not isinstance(value, bool):
        return f"{value:g}"
    return str(value)  # typed text not yet cleaned shows as typed
