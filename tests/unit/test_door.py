"""The ledger's one door (desktop/services/door.py) asks its questions itself: no
window, command line or menu is needed for a county to be refused a city's act."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from db.audit import head
from db.models import AuditEntry, CloseoutRequest, Effect, Extension, Measure, Task
from desktop.domain.status import Status
from desktop.i18n import UserError
from desktop.services.desk import DeskContext
from desktop.services.records import FieldError


def _state(ctx: DeskContext) -> tuple[int, str]:
    with ctx.store.read() as s:
        return head(s)


class _T:
    def __init__(self, uuid: str) -> None:
        self.uuid = uuid


def _task(ctx: DeskContext, status: Status) -> _T:
    with ctx.store.read() as s:
        uuid = s.scalars(select(Task.uuid).where(Task.status == status)
                         .order_by(Task.number)).first()
    assert uuid is not None
    return _T(uuid)


def test_a_county_cannot_decide_a_closeout(county_demo: DeskContext) -> None:
    before = _state(county_demo)
    with county_demo.store.read() as s:
        request = s.scalars(select(CloseoutRequest.uuid)).first()
    assert request is not None
    with pytest.raises(UserError, match="只有市级台账可以审核销号申请"):
        county_demo.ledger.decide_closeout(request, approved=True)
    assert _state(county_demo) == before


def test_a_county_cannot_approve_its_own_extension(county_demo: DeskContext) -> None:
    task = _task(county_demo, Status.IN_PROGRESS)
    done = county_demo.ledger.add("extension", task.uuid,
                                  {"new_deadline": "2027-06-30", "reason": "资金未到位"})
    before = _state(county_demo)
    with pytest.raises(FieldError, match="由市级决定"):
        county_demo.ledger.set_fields("extension", done.value.uuid, {"approved": True})
    with pytest.raises(FieldError, match="由市级决定"):
        county_demo.ledger.add("extension", task.uuid,
                               {"new_deadline": "2030-01-01", "approved": True})
    assert _state(county_demo) == before
    with county_demo.store.read() as s:
        assert not s.get(Extension, done.value.uuid).approved  # type: ignore[union-attr]


def test_what_a_closeout_rests_on_is_frozen(county_demo: DeskContext) -> None:
    task = _task(county_demo, Status.CLOSED_OUT)
    with county_demo.store.read() as s:
        effect = s.scalars(select(Effect.uuid).where(Effect.task_uuid == task.uuid)).first()
        measure = s.scalars(select(Measure.uuid).where(Measure.task_uuid == task.uuid)).first()
    assert effect and measure
    before = _state(county_demo)
    with pytest.raises(UserError, match="已销号"):
        county_demo.ledger.set_fields("effect", effect, {"achieved": "1"})
    with pytest.raises(UserError, match="已销号"):
        county_demo.ledger.delete("measure", measure)
    with pytest.raises(UserError, match="已销号"):
        county_demo.ledger.add("measure", task.uuid, {"description": "补一条措施"})
    assert _state(county_demo) == before
    # Progress of a closed task is not what the decision rests on: still allowed.
    county_demo.ledger.save_progress(task.uuid, "2026-11", {"percent": 100})


def test_a_change_names_its_task_and_one_actor(county_demo: DeskContext) -> None:
    task = _task(county_demo, Status.IN_PROGRESS)
    done = county_demo.ledger.add("problem", task.uuid, {"description": "新发现的问题"})
    assert done.tasks == {task.uuid} and done.task == task.uuid
    assert "problem" in done.tables
    with county_demo.store.read() as s:
        actors = set(s.scalars(select(AuditEntry.actor).where(
            AuditEntry.record_uuid == done.value.uuid)))
    assert actors == {county_demo.ledger.actor}
    assert county_demo.ledger.actor.endswith("@" + county_demo.code)


def test_a_batch_is_all_or_nothing(county_demo: DeskContext) -> None:
    task = _task(county_demo, Status.IN_PROGRESS)
    with county_demo.store.read() as s:
        count = s.scalar(select(func.count()).select_from(Measure))
    before = _state(county_demo)
    with pytest.raises(FieldError), county_demo.ledger.batch():
        county_demo.ledger.add("measure", task.uuid, {"description": "第一条"})
        county_demo.ledger.add("measure", task.uuid, {"description": ""})  # refused
    assert _state(county_demo) == before
    with county_demo.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Measure)) == count


def test_evidence_stays_on_one_task(county_demo: DeskContext, tmp_path: object) -> None:
    from pathlib import Path

    a = _task(county_demo, Status.IN_PROGRESS)
    with county_demo.store.read() as s:
        other_effect = s.scalars(select(Effect.uuid).where(Effect.task_uuid != a.uuid)).first()
    assert other_effect
    f = Path(str(tmp_path)) / "photo.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    before = _state(county_demo)
    with pytest.raises(UserError, match="同一任务"):
        county_demo.ledger.add_evidence(f, task_uuid=a.uuid, effect_uuid=other_effect)
    assert _state(county_demo) == before


def test_revisit_date_is_the_desks_today(county_demo: DeskContext) -> None:
    assert county_demo.ledger.today == date(2026, 11, 29)


def test_a_batch_belongs_to_its_thread(county_demo: DeskContext) -> None:
    """Background work in the window (a ranking, an export) holds a batch while the
    clerk edits on the GUI thread: the edit must not join the other thread's
    transaction, and it waits for that transaction instead of mixing with it."""
    import threading

    task = _task(county_demo, Status.IN_PROGRESS)
    ledger = county_demo.ledger
    inside, release, done = threading.Event(), threading.Event(), threading.Event()
    seen: list[object] = []

    def background() -> None:
        with ledger.batch() as s:
            seen.append(s)
            inside.set()
            release.wait(5)
        done.set()

    t = threading.Thread(target=background)
    t.start()
    assert inside.wait(5)
    assert ledger._session is None  # this thread has no batch of its own
    release.set()
    change = ledger.add("problem", task.uuid, {"description": "在主线程添加"})
    t.join(5)
    assert done.is_set() and change.tasks == {task.uuid}
