"""The open desk as the window sees it: the desk context, today's date, the one undo
stack every view shares, and a signal telling views what changed.

At start-up a Desk may begin from a ``Peek`` (a plain sqlite3 look at the ledger) so
the window can paint before SQLAlchemy has loaded; ``attach`` then hands it the full
context.  Until then only ``rows`` works, which is all the ledger table needs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from shiboken6 import isValid

from desktop import clock
from desktop.domain.settings import DeskSettings
from desktop.services.desk_peek import Peek, in_snapshot, open_reader

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.services.desk import DeskContext
    from desktop.services.door import Ledger


class Desk(QObject):
    # A task uuid whose records changed, or "" when anything may have changed.
    changed = Signal(str)
    # Emitted after the desk context was replaced (restore, data folder reopened).
    reopened = Signal()
    # Emitted once the full context is attached to a desk that began from a peek.
    attached = Signal()

    def __init__(self, ctx: DeskContext | Peek, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.peek: Peek | None = ctx if isinstance(ctx, Peek) else None
        self._ctx: DeskContext | None = None if isinstance(ctx, Peek) else ctx
        self.undo = QUndoStack(self)
        # The tables the change being announced touched; None: anything may have changed.
        self.changed_tables: frozenset[str] | None = None

    @property
    def ctx(self) -> DeskContext:
        if self._ctx is None:
            raise RuntimeError("the desk is still opening")  # a bug: wait for `attached`
        return self._ctx

    @property
    def is_open(self) -> bool:
        return self._ctx is not None

    def attach(self, ctx: DeskContext) -> None:
        """The full context for a desk that began from a peek."""
        self._ctx = ctx
        if self.peek is not None:
            self.peek.close()
            self.peek = None
        self.attached.emit()

    @property
    def _source(self) -> DeskContext | Peek:
        return self._ctx if self._ctx is not None else self.peek  # type: ignore[return-value]

    @property
    def today(self) -> date:
        return clock.today()

    @property
    def code(self) -> str:
        return self._source.code

    @property
    def role(self) -> str:
        return self._source.role or "county"

    @property
    def name(self) -> str:
        return self._source.name

    @property
    def is_city(self) -> bool:
        return self._source.is_city

    @property
    def demo(self) -> bool:
        return self._source.demo

    @property
    def settings(self) -> DeskSettings:
        return self._source.settings

    def rows(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """``fn`` over a plain sqlite3 connection in one read transaction (the
        ledger's row queries, which run before and after the data layer loads)."""
        if self._ctx is None:
            assert self.peek is not None
            return in_snapshot(self.peek.conn, fn)
        with self._ctx.store.read_raw() as conn:
            return fn(conn)

    def rows_in_thread(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """``rows`` for a worker thread: over a connection of its own, in one read
        transaction."""
        paths = self._ctx.paths if self._ctx is not None else self.peek.paths  # type: ignore[union-attr]
        conn = open_reader(paths)
        try:
            return in_snapshot(conn, fn)
        finally:
            conn.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.ctx.store.read() as s:
            yield s

    def fetch(self, fn: Callable[[Session], Any]) -> Any:
        with self.ctx.store.read() as s:
            return fn(s)

    @property
    def ledger(self) -> Ledger:
        """The one door every change goes through (acts outside the undo history too:
        close-out requests, revisit results, deliberate acts confirmed by the clerk)."""
        return self.ctx.ledger

    def push(self, command: QUndoCommand) -> None:
        """Apply ``command`` now; only a change that succeeded enters the history.
        Errors (UserError, FieldError) propagate to the caller, who shows them."""
        apply = getattr(command, "apply_first", None)
        if apply is not None:
            apply()
        self.undo.push(command)

    def announce(self, task_uuid: str, tables: frozenset[str] | None = None) -> None:
        """Tell the views what a change touched: its task ("" for anything) and, when
        the ledger's door said, its tables, so a view showing none of them stays."""
        self.changed_tables = tables
        try:
            self.changed.emit(task_uuid)
        finally:
            self.changed_tables = None

    def reload_on_change(self, owner: QObject, reload: Callable[[], None],
                         task_uuid: str | None = None,
                         when: Callable[[], bool] | None = None,
                         tables: frozenset[str] | None = None) -> None:
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
            touched = self.changed_tables
            if tables is not None and touched is not None and not tables & touched:
                return  # the change touched nothing this view shows
            if not isValid(owner):  # its window is gone and the disconnect pending
                return
            if when is not None and not when():
                return
            pending = True
            QTimer.singleShot(0, owner, run)

        self.changed.connect(changed)

        def gone() -> None:
            # A closed task window must not keep listening: its widgets are deleted.
            with suppress(RuntimeError, TypeError):  # already disconnected
                self.changed.disconnect(changed)

        owner.destroyed.connect(gone)

    def replace_context(self, ctx: DeskContext) -> None:
        self._ctx = ctx
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
