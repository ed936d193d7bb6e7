"""Long work off the GUI thread: one small wrapper runs a function in the thread pool,
shows a progress dialog with Cancel, and reports the result or the error in one place
(messages.error).  The function gets a ``Cancel`` it may poll between steps."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.ui import messages


class Cancel:
    """Handed to the work: it polls ``requested`` and may report ``progress``."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._report: Callable[[int, int], None] | None = None
        self._shown = -1

    def set(self) -> None:
        self._event.set()

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def progress(self, done: int, total: int) -> None:
        """How far the work is (from any thread); the dialog shows a percentage.  Only
        a change of whole percent is passed on, so a loop may report every row."""
        percent = 100 * done // total if total > 0 else 0
        if self._report is not None and percent != self._shown:
            self._shown = percent
            self._report(percent, 100)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Cancel], Any], cancel: Cancel) -> None:
        super().__init__()
        self.fn, self.cancel, self.signals = fn, cancel, _Signals()
        self.setAutoDelete(False)  # the Operation keeps it until its signals arrive

    def run(self) -> None:
        try:
            result = self.fn(self.cancel)
        except BaseException as e:  # shown to the clerk, never lost in a thread
            self._emit(self.signals.failed, e)
        else:
            self._emit(self.signals.done, result)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        # The window may have closed while the work ran: nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


class Operation(QObject):
    """One run of long work; ``finished`` carries (ok, result_or_error)."""

    finished = Signal(bool, object)
    _running: ClassVar[set[Operation]] = set()  # keep Python wrappers alive until done

    def __init__(self, parent: QWidget | None, label: str, fn: Callable[[Cancel], Any],
                 on_done: Callable[[Any], object] | None = None, *, cancellable: bool = True,
                 show_after_ms: int = 300) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.on_done = on_done
        self.cancel = Cancel()
        self.job = _Job(fn, self.cancel)
        self.job.signals.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self.job.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.job.signals.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self.cancel._report = self.job.signals.progress.emit
        # A busy bar until the work reports how far it is.
        self.dialog = QProgressDialog(label, self.tr("取消") if cancellable else "", 0, 0, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(show_after_ms)  # quick work never flashes a dialog
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.cancel.set)
        self.cancelled = False

    def start(self) -> Operation:
        Operation._running.add(self)
        QTimer.singleShot(0, lambda: QThreadPool.globalInstance().start(self.job))
        return self

    def _finish(self) -> None:
        self.dialog.canceled.disconnect(self.cancel.set)
        self.dialog.close()
        self.dialog.deleteLater()
        Operation._running.discard(self)

    def _progress(self, done: int, total: int) -> None:
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _done(self, result: Any) -> None:
        self._finish()
        self.cancelled = self.cancel.requested
        if self.on_done is not None and not self.cancelled:
            self.on_done(result)
        self.finished.emit(True, result)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        if not isinstance(error, Cancelled):
            messages.error(self.parent_widget, error)
        self.finished.emit(False, error)


class Cancelled(Exception):
    """Raised by work that noticed ``Cancel.requested``; not an error to show."""


def run(parent: QWidget | None, label: str, fn: Callable[[Cancel], Any],
        on_done: Callable[[Any], object] | None = None, *, cancellable: bool = True
        ) -> Operation:
    return Operation(parent, label, fn, on_done, cancellable=cancellable).start()


class _Quiet(QObject):
    """Background work nobody waits for (no dialog); errors still reach the clerk."""

    _running: ClassVar[set[_Quiet]] = set()

    def __init__(self, fn: Callable[[Cancel], Any], on_done: Callable[[Any], None],
                 on_failed: Callable[[BaseException], None] | None = None,
                 cancel: Cancel | None = None) -> None:
        super().__init__()
        self.on_done, self.on_failed = on_done, on_failed
        self.job = _Job(fn, cancel or Cancel())
        self.job.signals.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self.job.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        _Quiet._running.add(self)
        QThreadPool.globalInstance().start(self.job)

    def _done(self, result: Any) -> None:
        _Quiet._running.discard(self)
        self.on_done(result)

    def _failed(self, error: BaseException) -> None:
        _Quiet._running.discard(self)
        if self.on_failed is not None:
            self.on_failed(error)
        else:
            messages.error(None, error)


def in_background(fn: Callable[[Cancel], Any], on_done: Callable[[Any], None],
                  on_failed: Callable[[BaseException], None] | None = None,
                  cancel: Cancel | None = None) -> None:
    """``fn`` in the thread pool, no dialog; ``on_failed`` (else the error box) hears
    of an error; ``cancel`` lets the caller ask ``fn`` to stop."""
    _Quiet(fn, on_done, on_failed, cancel)


_collection_held = 0
_collection_lock = threading.Lock()


@contextlib.contextmanager
def collection_held() -> Iterator[None]:
    """Hold Python's cycle collector off while a worker builds a very large result.

    Building 100,000 rows makes the collector run full passes over every object,
    each holding the GIL and so freezing the window for 0.1-0.25 s.  What was built
    is then frozen (moved out of the collector's sight; plain reference counting
    still frees it), so later passes do not walk it either."""
    global _collection_held
    with _collection_lock:
        _collection_held += 1
        gc.disable()
    try:
        yield
    finally:
        with _collection_lock:
            _collection_held -= 1
            if _collection_held == 0:
                gc.freeze()
                gc.enable()
