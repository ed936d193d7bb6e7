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
            if name.startswith("qtbase"):
                gaps = _Mnemonics(t, app)  # asked first: installed last
                app.installTranslator(gaps)
                _installed.append(gaps)
    QLocale.setDefault(QLocale("zh_CN" if lang == "zh" else "en_US"))
    i18n.set_language(lang)  # service messages follow the window
    return lang


class _Mnemonics(QTranslator):
    """Qt 6 marks some labels with a shortcut letter ("&Look in:", "Files of &type:")
    that the shipped qtbase_zh_CN catalogue only has without it ("Look in:"), so
    Qt's own file dialog came out half in English.  Such a string is looked up
    without its "&" and given the letter back the Chinese way: 查找范围(&L)：."""

    def __init__(self, base: QTranslator, parent: QCoreApplication) -> None:
        super().__init__(parent)
        self.base = base

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None is Qt's null string: "not translated here, ask the next catalogue"
        # (an empty string would count as a translation).
        amp = source.find("&")
        if amp < 0 or amp == len(source) - 1 or source[amp + 1] == "&":
            return None
        if self.base.translate(context, source, disambiguation, n):
            return None  # the catalogue has it as it is
        plain = source[:amp] + source[amp + 1:]
        text = self.base.translate(context, plain, disambiguation, n)
        if not text or "&" in text:
            return None
        colon = next((c for c in ("：", ":") if text.endswith(c)), "")
        return f"{text.removesuffix(colon)}(&{source[amp + 1].upper()}){colon}"

    def isEmpty(self) -> bool:
        return False


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
