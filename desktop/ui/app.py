"""Starting the window: ``rectdesk`` without a subcommand lands in ``run``.

An existing ledger at the current schema is painted first from a plain sqlite3 look
(``desk_peek``) while SQLAlchemy and the other views load in the background: on an
office PC that halves the wait for the window.  Anything unusual (no ledger yet, an
older or newer schema, a damaged file) takes the full open, which explains itself.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEventLoop,
    QMessageLogContext,
    Qt,
    QThreadPool,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QDialog

from desktop import clock, logs, paths
from desktop.instance import AlreadyRunning
from desktop.services import desk_peek
from desktop.ui import messages, operations, prefs, single, translations
from desktop.ui.desk import Desk
from desktop.ui.mainwindow import MainWindow

if TYPE_CHECKING:
    from desktop.services.desk import DeskContext

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
    from desktop.services.desk import init_desk
    from desktop.ui.firstrun import FirstRunDialog

    def join_city(home: Path, packet: Path | None, fingerprint: str) -> DeskContext:
        from desktop.i18n import Msg, UserError
        from desktop.packets.join import join_city as join

        if packet is None:
            raise UserError(Msg("请先选择市级的下发包。", "Choose the city's packet first."))
        return join(home, packet, fingerprint)

    dialog = FirstRunDialog(home)
    try:
        while dialog.exec() == QDialog.DialogCode.Accepted:
            choice = dialog.choice()
            try:
                if choice["demo"]:
                    return build_demo(choice["home"], choice["role"], choice["code"])
                if choice["joining"]:
                    ctx = join_city(choice["home"], choice["join"], choice["fingerprint"])
                    offer_key(ctx)
                    return ctx
                ctx = init_desk(choice["home"], choice["role"], choice["code"],
                                choice["name"])
                offer_key(ctx)
                return ctx
            except Exception as e:  # stays open with the reason; the clerk may fix it
                logs.caught(e)  # the traceback stays in the log
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

    def work(cancel: operations.Cancel) -> None:
        from desktop.services import demo  # only the first run needs it

        # The city's year takes a while to replay: the bar moves a county at a time.
        demo.build_demo(home, role, code, clock.today(), progress=cancel.progress).close()

    op = operations.run(None, QApplication.translate("App", "正在建立演示台账…"), work,
                        cancellable=False)
    loop = QEventLoop()

    def finished(ok: bool, _value: Any) -> None:
        result.update(ok=ok)
        loop.quit()

    op.finished.connect(finished)
    loop.exec()
    if not result["ok"]:
        return None
    from desktop.services.desk import open_desk

    return open_desk(home, lock=True)


def start_backup(window: MainWindow, ctx: DeskContext) -> operations.Operation:
    """The daily automatic backup, after the window is up; quiet unless it fails."""
    from desktop.services import backups

    return operations.Operation(window, QApplication.translate("App", "正在自动备份…"),
                                lambda _c: backups.auto_backup(ctx), cancellable=False,
                                show_after_ms=5000).start()


def run(args: Any) -> int:
    app = application()
    translations.register_fonts(app)
    translations.install(translations.choose_language(prefs.language()))
    home = resolve_home(args)
    logs.install(home)
    qt_message.previous = qInstallMessageHandler(qt_message)
    previous_hook = sys.excepthook
    sys.excepthook = error_dialog_hook(previous_hook)
    try:
        return _run(app, home, args)
    finally:
        sys.excepthook = previous_hook
        qInstallMessageHandler(qt_message.previous)
        qt_message.previous = None


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class QtMessages:
    """Qt's own warnings go to the log (a windowed program has no console), then to
    the handler installed before (or standard error, as Qt would)."""

    previous: Callable[..., Any] | None = None

    def __call__(self, kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
        level = _QT_LEVELS.get(kind, logging.WARNING)
        if level >= logging.INFO:
            where = f" ({context.file}:{context.line})" if context.file else ""
            logging.getLogger("desktop.qt").log(level, "%s%s", text, where)
        if self.previous is not None:
            self.previous(kind, context, text)
        elif level >= logging.WARNING and sys.stderr is not None:
            sys.stderr.write(f"{text}\n")


qt_message = QtMessages()


def error_dialog_hook(previous: Callable[..., Any]) -> Callable[..., None]:
    """An error nobody caught in the window (PySide hands errors raised in slots to
    sys.excepthook): logged with its traceback by the hook before, then shown once
    in Chinese with the log's place and a button to copy the details."""
    showing = False

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        nonlocal showing
        previous(kind, value, tb)
        if showing or not isinstance(value, Exception) or QApplication.instance() is None:
            return
        showing = True
        try:
            messages.error(QApplication.activeWindow(), value)
        except Exception:  # the dialog itself failed: the log has the error already
            logging.getLogger(__name__).exception("error dialog failed")
        finally:
            showing = False

    return hook


def _run(app: QApplication, home: Path, args: Any) -> int:
    try:
        desk = open_window_desk(home, args)
    except Exception as e:  # second instance, damaged or newer database…
        if isinstance(e.__cause__, AlreadyRunning) and single.ask_running(home):
            return EXIT_OK  # the running program brought its window to the front
        messages.error(None, e, QApplication.translate("App", "整改台账"))
        return EXIT_REJECTED
    if desk is None:
        return EXIT_REJECTED
    window = MainWindow(desk)
    connect_rebuild(window)
    window.packet_to_open = getattr(args, "packet", None)  # `rectdesk FILE.rdpkt`
    window.show()
    opening = operations.Cancel()
    if desk.is_open:
        desk_opened(window)
    else:
        # After the first frame, so loading does not compete with painting it; the
        # timer covers a window that is never painted (started minimised).
        start = once(lambda: finish_opening(window, home, opening))
        window.first_painted.connect(start)
        QTimer.singleShot(1000, window, start)
    app.setProperty("rectdesk_window", window)
    # Later starts on this folder raise this window: listen once the ledger is painted.
    listeners: list[single.Listener] = []
    listen = once(lambda: listeners.append(start_listener(home)))
    window.first_painted.connect(listen)
    QTimer.singleShot(1000, window, listen)
    if getattr(args, "quit_after_first_frame", False):
        quit_when_ready(window)
    try:
        return app.exec()
    finally:
        for listener in listeners:
            listener.close()
        app.setProperty("rectdesk_window", None)
        # Closed while the desk was still opening: let that work stop (it closes what
        # it opened) before Python shuts down under it.
        opening.set()
        QThreadPool.globalInstance().waitForDone()
        if desk.is_open:
            desk.ctx.close()
        elif desk.peek is not None:  # closed before the desk finished opening
            desk.peek.close()
            if desk.peek.lock is not None:
                desk.peek.lock.release()


def start_listener(home: Path) -> single.Listener:
    listener = single.Listener(home, application())
    listener.listen()  # if it cannot, a second start explains instead, as before
    return listener


def open_window_desk(home: Path, args: Any) -> Desk | None:
    """The desk the window starts with: a peek when the ledger allows one (the lock
    is taken first, so a second program is refused before anything is shown), else
    the full context.  The ledger's own language wins unless RECTDESK_LANG says not."""
    if has_ledger(home):
        desk_paths = paths.DeskPaths(home)
        desk_peek.check_folder(home, create=False)  # a read-only folder: say so first
        lock = desk_peek.take_lock(desk_paths)
        try:
            peek = desk_peek.peek(desk_paths)
            if peek is not None:
                peek.lock = lock
                translations.install(translations.choose_language(peek.settings.language))
                return Desk(peek)
            from desktop.services.desk import open_desk

            ctx: DeskContext | None = open_desk(home, held=lock)
        except BaseException:
            lock.release()
            raise
    elif getattr(args, "demo", False):
        ctx = build_demo(home)
    else:
        ctx = first_run(home)
    if ctx is None:
        return None
    translations.install(translations.choose_language(ctx.settings.language))
    return Desk(ctx)


def finish_opening(window: MainWindow, home: Path, cancel: operations.Cancel) -> None:
    """Load the data layer off the GUI thread and open the desk under the lock the
    peek holds; the window then builds its other views.  If the full open fails
    (a file damaged between the peek and now), say so and close."""
    desk = window.desk
    assert desk.peek is not None
    lock = desk.peek.lock

    def work(cancel: operations.Cancel) -> DeskContext:
        from desktop.services.desk import open_desk
        from desktop.ui import dashboard_view, petitions_view, report_view  # noqa: F401

        ctx = open_desk(home, held=lock)
        if cancel.requested:
            ctx.close()
            raise operations.Cancelled
        return ctx

    def opened(ctx: DeskContext) -> None:
        desk.attach(ctx)
        desk_opened(window)

    def failed(error: BaseException) -> None:
        if isinstance(error, operations.Cancelled):
            return
        messages.error(window, error, QApplication.translate("App", "整改台账"))
        window.close()
        QApplication.instance().exit(EXIT_REJECTED)  # type: ignore[union-attr]

    operations.in_background(work, opened, failed, cancel)


def quit_when_ready(window: MainWindow) -> None:
    """--quit-after-first-frame: say "painted" after the first frame and "opened" once
    the data layer has opened the desk, then quit (exit code 0)."""
    def opened() -> None:
        _say("opened")
        QTimer.singleShot(0, window.close)

    def painted() -> None:
        _say("painted")
        if window.desk.is_open:
            opened()
        else:
            window.desk.attached.connect(opened)

    window.first_painted.connect(lambda: QTimer.singleShot(0, painted))


def _say(word: str) -> None:
    if sys.stdout is not None:  # a windowed Windows program has none
        sys.stdout.write(word + "\n")
        sys.stdout.flush()


def once(fn: Callable[[], None]) -> Callable[[], None]:
    done = False

    def call() -> None:
        nonlocal done
        if not done:
            done = True
            fn()

    return call


def desk_opened(window: MainWindow) -> None:
    # Timers tied to the window: one closed at once (--quit-after-first-frame) drops them.
    QTimer.singleShot(0, window, window.show_reminders)
    QTimer.singleShot(200, window, lambda: start_backup(window, window.desk.ctx))
    packet = getattr(window, "packet_to_open", None)
    if packet is not None:
        window.packet_to_open = None
        QTimer.singleShot(0, window, lambda: open_packet(window, Path(packet)))


def open_packet(window: MainWindow, path: Path) -> QDialog:
    """A packet file opened with the program (double-click on a .rdpkt): the import
    dialog with its dry run, exactly as 报送 → 导入报送包… after picking that file."""
    from desktop.ui.packets.import_dialog import ImportDialog

    dialog = ImportDialog(window.desk.ctx, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda _r: window.desk.changed.emit(""))
    dialog.show()
    dialog.load([path.absolute()])
    window.packet_dialog = dialog
    return dialog


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
