"""Starting the window: ``rectdesk`` without a subcommand lands in ``run``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desktop import clock, paths
from desktop.services import backups
from desktop.services.desk import DeskContext, init_desk, open_desk
from desktop.ui import messages, operations, prefs, translations
from desktop.ui.desk import Desk
from desktop.ui.firstrun import FirstRunDialog
from desktop.ui.mainwindow import MainWindow

EXIT_OK, EXIT_REJECTED = 0, 1


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("rectdesk")
        app.setApplicationDisplayName("整改台账")
    assert isinstance(app, QApplication)
    return app


def resolve_home(args: Any) -> Path:
    """--home, then RECTDESK_HOME, then the folder chosen in Settings, then the default."""
    explicit = getattr(args, "home", None)
    if not explicit and not os.environ.get(paths.ENV_HOME):
        explicit = prefs.data_folder()
    return paths.resolve_home(explicit)


def has_ledger(home: Path) -> bool:
    return paths.DeskPaths(home).database.exists()


def first_run(home: Path) -> DeskContext | None:
    """Ask what to create; None when the clerk cancels."""
    dialog = FirstRunDialog(home)
    try:
        while dialog.exec() == QDialog.DialogCode.Accepted:
            choice = dialog.choice()
            try:
                if choice["demo"]:
                    return build_demo(choice["home"], choice["role"], choice["code"])
                ctx = init_desk(choice["home"], choice["role"], choice["code"],
                                choice["name"])
                offer_key(ctx)
                return ctx
            except Exception as e:  # stays open with the reason; the clerk may fix it
                dialog.error.setText(str(e))
        return None
    finally:
        dialog.close()
        dialog.deleteLater()


def offer_key(ctx: DeskContext) -> None:
    """A new desk needs its signing key before its first packet; offer it now (the
    clerk may cancel and create it later under 报送 → 密钥与信任)."""
    from desktop.ui.packets.key_dialog import KeyCreateDialog

    dialog = KeyCreateDialog(ctx)
    dialog.exec()
    dialog.deleteLater()


def build_demo(home: Path, role: str = "county", code: str | None = None) -> DeskContext | None:
    """Build the demo off the GUI thread, then open it here (its connections belong to
    the thread that uses them)."""
    result: dict[str, Any] = {}

    def work(_cancel: operations.Cancel) -> None:
        from desktop.services import demo  # only the first run needs it

        demo.build_demo(home, role, code, clock.today()).close()

    op = operations.run(None, QApplication.translate("App", "正在建立演示台账…"), work,
                        cancellable=False)
    loop = QEventLoop()
    op.finished.connect(lambda ok, _value: (result.update(ok=ok), loop.quit()))
    loop.exec()
    if not result["ok"]:
        return None
    return open_desk(home, lock=True)


def start_backup(window: MainWindow, ctx: DeskContext) -> operations.Operation:
    """The daily automatic backup, after the window is up; quiet unless it fails."""
    return operations.Operation(window, QApplication.translate("App", "正在自动备份…"),
                                lambda _c: backups.auto_backup(ctx), cancellable=False,
                                show_after_ms=5000).start()


def run(args: Any) -> int:
    app = application()
    translations.register_fonts(app)
    translations.install(translations.choose_language(prefs.language()))
    home = resolve_home(args)
    try:
        if has_ledger(home):
            ctx = open_desk(home, lock=True)
        elif getattr(args, "demo", False):
            ctx = build_demo(home)
        else:
            ctx = first_run(home)
    except Exception as e:  # second instance, damaged or newer database…
        messages.error(None, e, QApplication.translate("App", "整改台账"))
        return EXIT_REJECTED
    if ctx is None:
        return EXIT_REJECTED
    # The ledger's own language setting wins unless RECTDESK_LANG says otherwise.
    translations.install(translations.choose_language(ctx.settings.language))
    desk = Desk(ctx)
    window = MainWindow(desk)
    connect_rebuild(window)
    window.show()
    QTimer.singleShot(0, window.show_reminders)
    QTimer.singleShot(200, lambda: start_backup(window, ctx))
    app.setProperty("rectdesk_window", window)
    try:
        return app.exec()
    finally:
        app.setProperty("rectdesk_window", None)
        desk.ctx.close()


def connect_rebuild(window: MainWindow) -> None:
    window.language_changed.connect(lambda lang: rebuild_window(window, lang))
    window.rebuild.connect(lambda: rebuild_window(window, None))


def rebuild_window(window: MainWindow, lang: str | None) -> MainWindow:
    """Labels are set when widgets are built, and other areas' menus hold the desk
    context: after a language change or a restore, build the window afresh."""
    desk = window.desk
    if lang is not None:
        translations.install(translations.choose_language(lang))
    new = MainWindow(desk)
    connect_rebuild(new)
    new.setGeometry(window.geometry())
    new.show()
    new.show_reminders()
    application().setProperty("rectdesk_window", new)
    window.hide()
    window.deleteLater()
    return new
