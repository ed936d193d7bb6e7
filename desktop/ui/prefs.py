"""Per-user preferences that live outside any ledger: the data folder to open at the
next start and the window language before a ledger is open."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop.paths import config_file


def _store() -> QSettings:
    return QSettings(str(config_file()), QSettings.Format.IniFormat)


def data_folder() -> str | None:
    value = _store().value("data_folder", "")
    return str(value) if value else None


def set_data_folder(folder: str) -> None:
    s = _store()
    s.setValue("data_folder", folder)
    s.sync()


def language() -> str | None:
    value = _store().value("language", "")
    return str(value) if value in ("zh", "en") else None


def set_language(lang: str) -> None:
    s = _store()
    s.setValue("language", lang)
    s.sync()
