"""Undoable edits.  Each command holds a forward and a backward step that call
services in one write transaction; the first forward step runs before the command
enters the stack, so a refused edit never appears in the history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QUndoCommand

from desktop.services.door import Change, Ledger
from desktop.ui import messages
from desktop.ui.desk import Desk

# One step of a command: an act through the ledger's door.
Step = Callable[[Ledger], Change[Any]]


class EditCommand(QUndoCommand):
    def __init__(self, desk: Desk, text: str, forward: Step, backward: Step,
                 task_uuid: str = "") -> None:
        super().__init__(text)
        self.desk, self.forward, self.backward, self.task_uuid = desk, forward, backward, task_uuid
        self._applied = False

    def apply_first(self) -> None:
        self._run(self.forward, show=False)
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # apply_first already did it
            self._applied = False
            return
        self._run(self.forward)

    def undo(self) -> None:
        self._run(self.backward)

    def _run(self, step: Step, show: bool = True) -> None:
        changed, tables = self.task_uuid, None
        try:
            done = step(self.desk.ledger)
            changed, tables = self.task_uuid or done.task, done.tables
        except Exception as e:
            if not show:
                raise
            # Undo/redo are triggered from menus; an error there is shown, not raised.
            self.setObsolete(True)
            messages.error(None, e)
        finally:
            self.desk.announce(changed, tables)


def set_fields(desk: Desk, kind: str, uuid: str, new: dict[str, Any], old: dict[str, Any],
               text: str, task_uuid: str = "") -> EditCommand:
    return EditCommand(
        desk, text,
        lambda ledger: ledger.set_fields(kind, uuid, new),
        lambda ledger: ledger.set_fields(kind, uuid, old),
        task_uuid,
    )


class _Kept:
    """The values of a record between its deletion and its restoration."""

    values: dict[str, Any] | None = None
    uuid: str = ""


def created(desk: Desk, text: str, kind: str, create: Step, task_uuid: str = "") -> EditCommand:
    """A new record: made by ``create`` the first time, deleted on undo and put back
    with the same uuid and values on redo (so later commands still find it)."""
    kept = _Kept()

    def forward(ledger: Ledger) -> Change[Any]:
        if kept.values is None:
            done = create(ledger)
            kept.uuid = done.value.uuid
            return done
        return ledger.restore(kind, kept.values)

    def backward(ledger: Ledger) -> Change[Any]:
        done = ledger.delete(kind, kept.uuid)
        kept.values = done.value
        return done

    return EditCommand(desk, text, forward, backward, task_uuid)


def add_child(desk: Desk, kind: str, task_uuid: str, values: dict[str, Any],
              text: str) -> EditCommand:
    return created(desk, text, kind, lambda ledger: ledger.add(kind, task_uuid, values),
                   task_uuid)


def delete(desk: Desk, kind: str, uuid: str, text: str, task_uuid: str = "") -> EditCommand:
    kept = _Kept()

    def forward(ledger: Ledger) -> Change[Any]:
        done = ledger.delete(kind, uuid)
        kept.values = done.value
        return done

    def backward(ledger: Ledger) -> Change[Any]:
        assert kept.values is not None
        return ledger.restore(kind, kept.values)

    return EditCommand(desk, text, forward, backward, task_uuid)


def add_evidence(desk: Desk, task_uuid: str, source: Path, effect_uuid: str | None,
                 text: str) -> EditCommand:
    # On undo the stored file stays: content-addressed files are shared and cheap.
    return created(desk, text, "evidence", lambda ledger: ledger.add_evidence(
        source, task_uuid=task_uuid, effect_uuid=effect_uuid), task_uuid)


def acceptance(desk: Desk, task_uuid: str, values: dict[str, Any], text: str) -> EditCommand:
    kept = _Kept()

    def forward(ledger: Ledger) -> Change[Any]:
        done = ledger.record_acceptance(task_uuid, **values)
        kept.uuid = done.value.uuid
        return done

    def backward(ledger: Ledger) -> Change[Any]:
        return ledger.delete("acceptance", kept.uuid)

    return EditCommand(desk, text, forward, backward, task_uuid)


def declare(desk: Desk, unit_code: str, period: str, no_change: bool, note: str,
            text: str) -> EditCommand:
    before: list[tuple[bool, str]] = []

    def forward(ledger: Ledger) -> Change[Any]:
        done = ledger.declare(unit_code, period, no_change=no_change, note=note)
        before[:] = [done.value]
        return done

    def backward(ledger: Ledger) -> Change[Any]:
        old_no_change, old_note = before[0]
        return ledger.declare(unit_code, period, no_change=old_no_change, note=old_note)

    return EditCommand(desk, text, forward, backward)


def update_petition(desk: Desk, uuid: str, new: dict[str, Any], old: dict[str, Any],
                    text: str) -> EditCommand:
    return EditCommand(
        desk, text,
        lambda ledger: ledger.set_fields("petition", uuid, new),
        lambda ledger: ledger.set_fields("petition", uuid, old),
    )


def register_petition(desk: Desk, values: dict[str, Any], task_uuids: list[str],
                      text: str) -> EditCommand:
    return created(desk, text, "petition",
                   lambda ledger: ledger.register_petition(values, task_uuids))


def add_petition_revisit(desk: Desk, petition_uuid: str, due: Any, text: str) -> EditCommand:
    return created(desk, text, "revisit",
                   lambda ledger: ledger.add_petition_revisit(petition_uuid, due))
