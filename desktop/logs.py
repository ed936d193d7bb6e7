"""The program's log: ``logs/rectdesk.log`` in the data folder, rotating (1 MB × 4).

Unexpected errors are written here with their traceback (the excepthooks below, the
window's error dialog, the broad ``except`` handlers), and Qt's own warnings through
the handler the window installs.  A clerk's ``rectdesk-cli diagnose`` takes the log
along.  Nothing is written until something is logged, so a fresh folder stays empty
(``rectdesk demo`` wants an empty folder).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import types
from pathlib import Path

from desktop.paths import DeskPaths

LOGGER = "desktop"  # every module logs under logging.getLogger(__name__)
MAX_BYTES = 1024 * 1024
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger(LOGGER)
# Without a log file (before ``install``, in tests) records are dropped here rather
# than printed by logging's last-resort handler on a clerk's console.
log.addHandler(logging.NullHandler())
_handler: _FolderHandler | None = None


class _FolderHandler(logging.handlers.RotatingFileHandler):
    """Makes the logs folder only when the first record is written."""

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        # A read-only or vanished folder: losing a log line is better than a console
        # full of logging's own tracebacks (or, windowed, a crash writing them).
        pass


def log_file() -> Path | None:
    """The log file in use, or None before ``install``."""
    return Path(_handler.baseFilename) if _handler is not None else None


def install(home: Path) -> Path:
    """Log to ``home``'s log from now on (replacing any earlier folder's log)."""
    global _handler
    path = DeskPaths(home).log
    if _handler is not None and Path(_handler.baseFilename) == path.absolute():
        return path
    uninstall()
    handler = _FolderHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                             encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    log.addHandler(handler)
    if log.level == logging.NOTSET or log.level > logging.INFO:
        log.setLevel(logging.INFO)
    _handler = handler
    install_hooks()
    return path


def uninstall() -> None:
    global _handler
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
        _handler = None


def caught(error: BaseException, where: str = "") -> None:
    """For a broad ``except``: keep the traceback in the log.  A refusal in the
    clerk's words (UserError) is routine and goes in without one."""
    from desktop.i18n import UserError

    if isinstance(error, UserError):
        log.info("refused%s: %s", f" ({where})" if where else "", error)
    else:
        log.error("unexpected error%s", f" ({where})" if where else "",
                  exc_info=(type(error), error, error.__traceback__))


def _excepthook(kind: type[BaseException], value: BaseException,
                tb: types.TracebackType | None) -> None:
    if not issubclass(kind, KeyboardInterrupt):
        log.critical("uncaught error", exc_info=(kind, value, tb))
    _previous_excepthook(kind, value, tb)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is not SystemExit and args.exc_value is not None:
        name = args.thread.name if args.thread is not None else "?"
        log.critical("uncaught error in thread %s", name,
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
    _previous_thread_excepthook(args)


_previous_excepthook = sys.excepthook
_previous_thread_excepthook = threading.excepthook


def install_hooks() -> None:
    """Uncaught errors (main thread and others) go to the log, then on as before."""
    global _previous_excepthook, _previous_thread_excepthook
    if sys.excepthook is not _excepthook:
        _previous_excepthook, sys.excepthook = sys.excepthook, _excepthook
    if threading.excepthook is not _thread_excepthook:
        _previous_thread_excepthook = threading.excepthook
        threading.excepthook = _thread_excepthook
