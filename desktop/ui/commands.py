"""Undoable edits.  Each command holds a forward and a backward step that call
services in one write transaction; the first forward step runs before the command
enters the stack, so a refused edit never appears in the history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QUndoCommand
from sqlalchemy.orm import Session

from db.models import Evidence, Petition, Record, Revisit
from desktop.services import evidence, petitions, records, reporting, taskdetail
from desktop.services.closeout import record_acceptance
from desktop.ui import messages
from desktop.ui.desk import Desk

Step = Callable[[Session], None]


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
        try:
            with self.desk.ctx.store.write() as s:
                step(s)
        except Exception as e:
            if not show:
                raise
            # Undo/redo are triggered from menus; an error there is shown, not raised.
            self.setObsolete(True)
            messages.error(None, e)
        finally:
            self.desk.changed.emit(self.task_uuid)


def set_fields(desk: Desk, kind: str, uuid: str, new: dict[str, Any], old: dict[str, Any],
               text: str, task_uuid: str = "") -> EditCommand:
    model = taskdetail.model(kind)
    return EditCommand(
        desk, text,
        lambda s: records.set_fields(s, model, uuid, desk.code, new) and None,
        lambda s: records.set_fields(s, model, uuid, desk.code, old) and None,
        task_uuid,
    )


class _Kept:
    """The values of a record between its deletion and its restoration."""

    values: dict[str, Any] | None = None
    uuid: str = ""


def created(desk: Desk, text: str, model: type[Record], create: Callable[[Session], Record],
            task_uuid: str = "") -> EditCommand:
    """A new record: made by ``create`` the first time, deleted on undo and put back
    with the same uuid and values on redo (so later commands still find it)."""
    kept = _Kept()

    def forward(s: Session) -> None:
        if kept.values is None:
            obj = create(s)
            s.flush()
            kept.uuid = obj.uuid
        else:
            records.restore_record(s, model, kept.values)

    def backward(s: Session) -> None:
        kept.values = records.delete_record(s, model, kept.uuid, desk.code)

    return EditCommand(desk, text, forward, backward, task_uuid)


def add_child(desk: Desk, kind: str, task_uuid: str, values: dict[str, Any],
              text: str) -> EditCommand:
    return created(desk, text, taskdetail.model(kind), lambda s: taskdetail.add_child(
        s, kind, task_uuid, desk.code, desk.role, values, desk.today), task_uuid)


def delete(desk: Desk, kind: str, uuid: str, text: str, task_uuid: str = "") -> EditCommand:
    model = taskdetail.model(kind)
    kept = _Kept()

    def forward(s: Session) -> None:
        kept.values = records.delete_record(s, model, uuid, desk.code)

    def backward(s: Session) -> None:
        assert kept.values is not None
        records.restore_record(s, model, kept.values)

    return EditCommand(desk, text, forward, backward, task_uuid)


def add_evidence(desk: Desk, task_uuid: str, source: Path, effect_uuid: str | None,
                 text: str) -> EditCommand:
    # On undo the stored file stays: content-addressed files are shared and cheap.
    return created(desk, text, Evidence, lambda s: evidence.add_file(
        s, desk.ctx.paths, desk.code, source, task_uuid=task_uuid, effect_uuid=effect_uuid),
        task_uuid)


def acceptance(desk: Desk, task_uuid: str, values: dict[str, Any], text: str) -> EditCommand:
    kept = _Kept()

    def forward(s: Session) -> None:
        acc = record_acceptance(s, task_uuid, desk.code, desk.role, **values)
        s.flush()
        kept.uuid = acc.uuid

    def backward(s: Session) -> None:
        taskdetail.withdraw_acceptance(s, kept.uuid, desk.code, desk.role)

    return EditCommand(desk, text, forward, backward, task_uuid)


def declare(desk: Desk, unit_code: str, period: str, no_change: bool, note: str,
            text: str) -> EditCommand:
    before: list[tuple[bool, str]] = []

    def forward(s: Session) -> None:
        before[:] = [reporting.declare(s, desk.code, unit_code, period,
                                       no_change=no_change, note=note)]

    def backward(s: Session) -> None:
        old_no_change, old_note = before[0]
        reporting.declare(s, desk.code, unit_code, period, no_change=old_no_change, note=old_note)

    return EditCommand(desk, text, forward, backward)


def update_petition(desk: Desk, uuid: str, new: dict[str, Any], old: dict[str, Any],
                    text: str) -> EditCommand:
    return EditCommand(
        desk, text,
        lambda s: petitions.update(s, desk.code, uuid, new) and None,
        lambda s: petitions.update(s, desk.code, uuid, old) and None,
    )


def register_petition(desk: Desk, values: dict[str, Any], task_uuids: list[str],
                      text: str) -> EditCommand:
    return created(desk, text, Petition,
                   lambda s: petitions.register(s, desk.code, desk.code, values, task_uuids))


def add_petition_revisit(desk: Desk, petition_uuid: str, due: Any, text: str) -> EditCommand:
    return created(desk, text, Revisit,
                   lambda s: petitions.add_revisit(s, desk.code, petition_uuid, due))
