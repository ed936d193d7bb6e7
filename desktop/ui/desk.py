"""The open desk as the window sees it: the desk context, today's date, the one undo
stack every view shares, and a signal telling views what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from sqlalchemy.orm import Session

from desktop import clock
from desktop.services.desk import DeskContext


class Desk(QObject):
    # A task uuid whose records changed, or "" when anything may have changed.
    changed = Signal(str)
    # Emitted after the desk context was replaced (restore, data folder reopened).
    reopened = Signal()

    def __init__(self, ctx: DeskContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.undo = QUndoStack(self)

    @property
    def today(self) -> date:
        return clock.today()

    @property
    def code(self) -> str:
        return self.ctx.code

    @property
    def role(self) -> str:
        return self.ctx.role or "county"

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.ctx.store.read() as s:
            yield s

    def fetch(self, fn: Callable[[Session], Any]) -> Any:
        with self.ctx.store.read() as s:
            return fn(s)

    def write(self, fn: Callable[[Session], Any]) -> Any:
        """One service call in one transaction, outside the undo history (settings,
        close-out requests: deliberate acts confirmed by the clerk)."""
        with self.ctx.store.write() as s:
            return fn(s)

    def push(self, command: QUndoCommand) -> None:
        """Apply ``command`` now; only a change that succeeded enters the history.
        Errors (UserError, FieldError) propagate to the caller, who shows them."""
        apply = getattr(command, "apply_first", None)
        if apply is not None:
            apply()
        self.undo.push(command)

    def reload_on_change(self, owner: QObject, reload: Callable[[], None],
                         task_uuid: str | None = None,
                         when: Callable[[], bool] | None = None) -> None:
        """Call ``owner``'s ``reload`` after a change to ``task_uuid`` (or to anything,
        when None), once per burst of changes and from the event loop: never reset a
        model under an editor that is still committing.  Nothing runs once ``owner``
        is gone."""
        pending = False

        def run() -> None:
            nonlocal pending
            pending = False
            reload()

        def changed(uuid: str) -> None:
            nonlocal pending
            if pending or (task_uuid is not None and uuid not in ("", task_uuid)):
                return
            if when is not None and not when():
                return
            pending = True
            QTimer.singleShot(0, owner, run)

        self.changed.connect(changed)

    def replace_context(self, ctx: DeskContext) -> None:
        self.ctx = ctx
        self.undo.clear()  # history of the old database means nothing now
        self.reopened.emit()
        self.changed.emit("")


def redo_keys() -> list[QKeySequence]:
    """Ctrl+Y everywhere (clerks know it from Office) plus the platform's own redo."""
    keys = [QKeySequence("Ctrl+Y")]
    for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
        if k not in keys:
            keys.append(k)
    return keys
