"""Recording a revisit's result (closeout.record_revisit): only the desk that owns the
revisit may, since only the owner's copy travels; a rebound reopens the task."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models import Revisit, Task
from desktop.domain.status import Status
from desktop.i18n import UserError
from desktop.services import closeout
from desktop.services.desk import DeskContext
from tests import helpers

CITY = "130600"


def _closed_task(ctx: DeskContext) -> str:
    with ctx.store.read() as s:
        return s.scalars(select(Task.uuid).where(Task.status == Status.CLOSED_OUT)).first()  # type: ignore[return-value]


def _add_revisit(ctx: DeskContext, task: str, owner: str) -> str:
    with ctx.store.write() as s:
        rv = Revisit(task_uuid=task, due_date=date(2026, 11, 1), owner=owner)
        s.add(rv)
        s.flush()
        return rv.uuid


def _record(ctx: DeskContext, uuid: str) -> None:
    with ctx.store.write() as s:
        closeout.record_revisit(s, uuid, ctx.code, ctx.role, done_date=date(2026, 11, 29),
                                inspector="核查组", findings="问题反弹", rebound=True)


def test_another_desks_revisit_is_refused_and_nothing_changes(county_demo: DeskContext) -> None:
    task = _closed_task(county_demo)
    uuid = _add_revisit(county_demo, task, CITY)
    before = helpers.dump(county_demo.paths.database)
    with pytest.raises(UserError) as refused:
        _record(county_demo, uuid)
    assert f"由“{CITY}”负责" in refused.value.msg.zh
    assert f"belongs to {CITY}," in refused.value.msg.en
    assert helpers.dump(county_demo.paths.database) == before


def test_own_revisit_rebound_reopens_the_task(county_demo: DeskContext) -> None:
    task = _closed_task(county_demo)
    _record(county_demo, _add_revisit(county_demo, task, county_demo.code))
    with county_demo.store.read() as s:
        found = s.get(Task, task)
        assert found is not None and found.status == Status.REOPENED
