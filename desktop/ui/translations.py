"""Window language and fonts.

Source strings are written in Chinese (the default language, so the window reads
right even without any catalogue); ``resources/i18n/rectdesk_en.ts`` holds the
English catalogue, compiled to ``.qm`` with pyside6-lrelease.  Qt's own
``qtbase_zh_CN.qm`` makes standard buttons read 确定/取消.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.paths import resources_dir

_installed: list[QTranslator] = []


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def choose_language(stored: str | None) -> str:
    """RECTDESK_LANG beats the stored choice; Chinese otherwise."""
    explicit = os.environ.get("RECTDESK_LANG")
    if explicit:
        return "en" if explicit.lower().startswith("en") else "zh"
    return stored if stored in ("zh", "en") else "zh"


def install(lang: str) -> str:
    """Load the catalogues for ``lang`` (replacing earlier ones); returns the language."""
    app = QCoreApplication.instance()
    assert app is not None
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    wanted = [(qt_dir, "qtbase_zh_CN")] if lang == "zh" else [(str(i18n_dir()), "rectdesk_en")]
    for folder, name in wanted:
        t = QTranslator(app)
        if t.load(name, folder):
            app.installTranslator(t)
            _installed.append(t)
    QLocale.setDefault(QLocale("zh_CN" if lang == "zh" else "en_US"))
    i18n.set_language(lang)  # service messages follow the window
    return lang


def register_fonts(app: QApplication) -> str | None:
    """Use the machine's Chinese font, or else the bundled one (the package ships one
    so every desk reads the same); returns the family in use.  The bundled file is
    4.6 MB: it is read only when the machine has none of the preferred families."""
    preferred = ["Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC",
                 "WenQuanYi Micro Hei"]
    installed = set(QFontDatabase.families())
    family = next((f for f in preferred if f in installed), None)
    if family is None:
        folder = resources_dir() / "fonts"
        for ttf in sorted(folder.glob("*.tt[fc]")) if folder.is_dir() else []:
            font_id = QFontDatabase.addApplicationFont(str(ttf))
            if font_id >= 0 and family is None:
                family = next(iter(QFontDatabase.applicationFontFamilies(font_id)), None)
    if family:
        app.setFont(QFont(family, app.font().pointSize()))
    return family


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for the catalogue of ``context`` and return it unchanged, as
    PySide6's own does; lupdate finds calls by this name.  Ours is typed ``str`` (the
    PySide6 stubs say ``object``), so labels kept this way type-check as text."""
    return text
